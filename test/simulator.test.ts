// The monitoring-system simulator, as its own process over HTTP: the checks and answer codes of
// protocol.ts, idempotency on the serial, the quota, the record queries, every fault mode, and
// records surviving a restart. The terminal's own tests (monitoring.test.ts) rely on all of this.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  REF_NO,
  type ConversionRatesData,
  type Entry,
  type QuotaData,
  type RecordsData,
  type RegisterData,
} from '../electron/monitoring/protocol';
import { RATES, SIM_NOW, entry, resident, startSimulator, type Simulator } from './helpers/simulator';
import { tempDir } from './helpers/terminal';

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.parse(SIM_NOW) + ms).toISOString();

const SEEDED = resident(1); // 49,800 USD of settlement used this year
const WATCHED = resident(2); // on the watch list
const PREWATCH = resident(3); // pre-watch, cash seeded today
const FIXTURE = {
  conversionRates: RATES,
  persons: [
    { ...SEEDED, name: '张三', status: '01', usedUsd: { JH: '49800' } },
    { ...WATCHED, status: '03', listing: { date: '2026-01-05', expiry: '2027-01-05', reasonCode: '01' }, noticeGiven: '0' },
    { ...PREWATCH, status: '02', listing: { date: '2026-02-01', expiry: '2026-08-01', reasonCode: '02' }, cashTodayUsd: '3000' },
  ],
};

/** A raw POST: status and body text, for the answers that are not envelopes. */
async function post(sim: Simulator, path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
  return { status: res.status, text: await res.text() };
}

async function register(sim: Simulator, e: Entry) {
  return sim.api<RegisterData>('register', e);
}

describe('entries, the quota and queries', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: FIXTURE, now: SIM_NOW });
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await sim.clock(SIM_NOW);
  });

  it('register answers a REF_NO-shaped reference number and the exact USD equivalent at the month rate', async () => {
    const person = resident(10);
    const jpy = await register(sim, entry({ ...person, currency: 'JPY', amount: '12345' }));
    expect(jpy.code).toBe('0000');
    expect(jpy.data!.refNo).toMatch(REF_NO);
    expect(jpy.data!.refNo.startsWith('JH20260310')).toBe(true);
    expect(jpy.data!.usdEquivalent).toBe('83.946'); // 12345 × 0.0068, not rounded
    expect(jpy.data!.leftUsd).toBe('49916.054');
    expect(jpy.data!.status).toBe('01');
    const eur = await register(sim, entry({ ...person, tradeType: 'GH', currency: 'EUR', amount: '100.55' }));
    expect(eur.data!.refNo.startsWith('GH20260310')).toBe(true);
    expect(eur.data!.usdEquivalent).toBe('125.6875');
    expect(eur.data!.leftUsd).toBe('49874.3125'); // the purchase quota is its own
    const listed = await sim.api<RecordsData>('records', { refNo: jpy.data!.refNo });
    expect(listed.data!.records).toMatchObject([{ serial: jpy.data!.serial, channel: '42', backfill: false, status: 'recorded', amount: '12345', usdEquivalent: '83.946', businessDate: '2026-03-10' }]);
  });

  it('reference numbers are distinct and their sequence only grows', async () => {
    const refs: string[] = [];
    for (let i = 0; i < 5; i++) refs.push((await register(sim, entry({ ...resident(11), amount: '1' }))).data!.refNo);
    expect(new Set(refs).size).toBe(5);
    const seqs = refs.map((r) => BigInt(r.slice(10)));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);
  });

  it('the same serial sent twice is recorded once and answers 0001 with the same reference number', async () => {
    const e = entry({ ...resident(12), amount: '250' });
    const before = await sim.stats();
    const first = await register(sim, e);
    const second = await register(sim, e);
    expect([first.code, second.code]).toEqual(['0000', '0001']);
    expect(second.data).toEqual(first.data);
    // Sent again as a back-fill (the terminal's fallback path): still the same record.
    const third = await sim.api<RegisterData>('backfill', { ...e, backfill: { reason: '02', remark: '特许兑换补录' } });
    expect(third.code).toBe('0001');
    expect(third.data!.refNo).toBe(first.data!.refNo);
    const after = await sim.stats();
    expect(after.bySerial[e.serial]).toBe(1);
    expect(after.records - before.records).toBe(1);
  });

  it('the annual quota: 49,800 used leaves 200; 300 is refused saying so; 200 passes; then nothing is left', async () => {
    const over = await register(sim, entry({ ...SEEDED, amount: '300' }));
    expect(over.code).toBe('2001');
    expect(over.data).toEqual({ leftUsd: '200' });
    expect(over.message).toContain('200.00');
    expect(over.message).toContain('USD left');
    const fits = await register(sim, entry({ ...SEEDED, amount: '200' }));
    expect(fits.code).toBe('0000');
    expect(fits.data!.leftUsd).toBe('0');
    const more = await register(sim, entry({ ...SEEDED, amount: '300' }));
    expect(more.code).toBe('2001');
    expect(more.data).toEqual({ leftUsd: '0' });
    expect(more.message).toContain('0.00 USD left');
    // Reconversion by a foreign individual does not use quota; the other trade type has its own.
    expect((await register(sim, entry({ idType: '04', idNumber: 'E55667788', country: 'USA', amount: '300', usesQuota: 'N', businessType: '02', tradeType: 'GH', fundAttribute: '3224' }))).code).toBe('0000');
    expect((await register(sim, entry({ ...SEEDED, amount: '300', tradeType: 'GH' }))).code).toBe('0000');
    const q = await sim.api<QuotaData>('quota', { ...SEEDED, tradeType: 'JH' });
    expect([q.data!.usedUsd, q.data!.leftUsd]).toEqual(['50000', '0']);
  });

  it('the quota is checked on the exact USD value, not a rounded one', async () => {
    const p = resident(13);
    await sim.person({ ...p, usedUsd: { JH: '49999.99' } });
    // 2 JPY is 0.0136 USD: over the 0.01 left, though it would round to 0.01.
    const over = await register(sim, entry({ ...p, currency: 'JPY', amount: '2' }));
    expect(over.code).toBe('2001');
    expect(over.data).toEqual({ leftUsd: '0.01' });
    expect((await register(sim, entry({ ...p, currency: 'JPY', amount: '1' }))).code).toBe('0000'); // 0.0068 fits
  });

  it('quota query: used, left and cash today from the seed and the standing records', async () => {
    const p = resident(14);
    expect((await sim.api<QuotaData>('quota', { ...p, tradeType: 'JH' })).data).toEqual({
      tradeType: 'JH', usedUsd: '0', leftUsd: '50000', cashTodayUsd: '0', personType: 'domestic', status: '01', noticeGiven: '0',
    });
    await register(sim, entry({ ...p, amount: '1000' }));
    await register(sim, entry({ ...p, currency: 'EUR', amount: '80' })); // 100 USD
    await register(sim, entry({ ...p, tradeType: 'GH', amount: '500' }));
    const cancelled = await register(sim, entry({ ...p, amount: '700' }));
    expect((await sim.api('cancel', { refNo: cancelled.data!.refNo, tradeType: 'JH', reason: '05' })).code).toBe('0000');
    // Entered elsewhere yesterday: counts for the year, not for today.
    await sim.record(entry({ ...p, amount: '40', tradeTime: at(-24 * HOUR) }));
    const jh = (await sim.api<QuotaData>('quota', { ...p, tradeType: 'JH' })).data!;
    expect([jh.usedUsd, jh.leftUsd, jh.cashTodayUsd]).toEqual(['1140', '48860', '1600']);
    const gh = (await sim.api<QuotaData>('quota', { ...p, tradeType: 'GH' })).data!;
    expect([gh.usedUsd, gh.leftUsd, gh.cashTodayUsd]).toEqual(['500', '49500', '1600']);
    // The next day the cash of today starts again; the year's use does not.
    await sim.clock(at(24 * HOUR));
    const next = (await sim.api<QuotaData>('quota', { ...p, tradeType: 'JH' })).data!;
    expect([next.usedUsd, next.cashTodayUsd]).toEqual(['1140', '0']);
  });

  it('quota query: the seeded standing, name, listing, person type', async () => {
    const seeded = (await sim.api<QuotaData>('quota', { ...PREWATCH, tradeType: 'GH' })).data!;
    expect(seeded).toMatchObject({ status: '02', cashTodayUsd: '3000', listing: { date: '2026-02-01', expiry: '2026-08-01', reasonCode: '02' }, noticeGiven: '0' });
    expect((await sim.api<QuotaData>('quota', { ...SEEDED, tradeType: 'GH' })).data).toMatchObject({ name: '张三', status: '01' });
    const foreigner = { idType: '04', idNumber: 'E99887766', country: 'USA' };
    expect((await sim.api<QuotaData>('quota', { ...foreigner, tradeType: 'GH' })).data!.personType).toBe('foreign');
  });

  it('a real-time entry dated yesterday (China date) is refused with 1003; 23:59 China time today passes', async () => {
    const yesterday = await register(sim, entry({ ...resident(15), tradeTime: '2026-03-09T15:59:59.000Z' })); // 23:59:59 on the 9th in China
    expect(yesterday.code).toBe('1003');
    const today = await register(sim, entry({ ...resident(15), tradeTime: '2026-03-09T16:00:00.000Z' })); // 00:00 on the 10th
    expect(today.code).toBe('0000');
  });

  it('back-fill: 23 hours old is accepted, 25 hours old is refused with 1004, so is one in the future; it must carry its reason', async () => {
    const reason = { backfill: { reason: '02' as const, remark: '特许兑换补录' } };
    const recent = await sim.api<RegisterData>('backfill', entry({ ...resident(16), tradeTime: at(-23 * HOUR), ...reason }));
    expect(recent.code).toBe('0000');
    expect(recent.data!.refNo).toMatch(REF_NO);
    expect(recent.data!.refNo.startsWith('JH20260309')).toBe(true); // dated by the trade's business date
    const listed = await sim.api<RecordsData>('records', { refNo: recent.data!.refNo });
    expect(listed.data!.records[0]!.backfill).toBe(true);
    expect((await sim.api('backfill', entry({ ...resident(16), tradeTime: at(-25 * HOUR), ...reason }))).code).toBe('1004');
    expect((await sim.api('backfill', entry({ ...resident(16), tradeTime: at(60_000), ...reason }))).code).toBe('1004');
    const without = await sim.api('backfill', entry({ ...resident(16), tradeTime: at(-HOUR) }));
    expect(without.code).toBe('1001');
    expect(without.message).toContain('backfill');
  });

  it('第三十二条(三): a fund attribute that is unknown or does not fit the trade type and the person is refused with 1001 naming it', async () => {
    const foreigner = { idType: '04', idNumber: 'E44556677', country: 'GBR' };
    for (const bad of [
      entry({ fundAttribute: '9999' }), // unknown
      entry({ fundAttribute: '3222' }), // a purchase code on a settlement
      entry({ tradeType: 'GH', fundAttribute: '3224' }), // the reconversion code for a domestic individual
      entry({ ...foreigner, tradeType: 'GH', usesQuota: 'N', fundAttribute: '3222' }), // a domestic purchase code for a foreign individual
    ]) {
      const r = await register(sim, bad);
      expect(r.code, bad.fundAttribute).toBe('1001');
      expect(r.message).toContain('fundAttribute');
    }
    expect((await register(sim, entry({ ...foreigner, tradeType: 'GH', usesQuota: 'N', fundAttribute: '3224' }))).code).toBe('0000');
    expect((await register(sim, entry({ tradeType: 'GH', fundAttribute: '3221' }))).code).toBe('0000');
  });

  it('a split that does not add up to the amount is refused with 1002', async () => {
    const bad = await register(sim, entry({ ...resident(17), amount: '100', split: { cash: '60', remittance: '30', account: '0', travellersCheque: '0' } }));
    expect(bad.code).toBe('1002');
    const good = await register(sim, entry({ ...resident(17), amount: '100', split: { cash: '60', remittance: '30', account: '0', travellersCheque: '10' } }));
    expect(good.code).toBe('0000');
  });

  it('bad data answers 1001 naming the field; a currency without a rate answers 1001 naming it', async () => {
    const bad = await sim.api('register', { ...entry(), amount: '1e3' });
    expect(bad.code).toBe('1001');
    expect(bad.message).toContain('amount');
    const noRate = await register(sim, entry({ ...resident(18), currency: 'GBP' }));
    expect(noRate.code).toBe('1001');
    expect(noRate.message).toContain('GBP');
    const notJson = await fetch(`${sim.url}/api/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"serial":' });
    expect(((await notJson.json()) as { code: string }).code).toBe('1001');
    expect((await sim.api('register', ['not', 'an', 'entry'])).code).toBe('1001');
  });

  it('watch list: an entry without the notice is refused with 2002, with it it is recorded and the notice is on record', async () => {
    const without = await register(sim, entry({ ...WATCHED, amount: '600' }));
    expect(without.code).toBe('2002');
    const withNotice = await register(sim, entry({ ...WATCHED, amount: '600', noticeGiven: true }));
    expect(withNotice.code).toBe('0000');
    expect(withNotice.data!.status).toBe('03');
    expect((await sim.api<QuotaData>('quota', { ...WATCHED, tradeType: 'JH' })).data!.noticeGiven).toBe('1');
  });

  it('notice: records that a listed person was given the notice; a person not listed is not found', async () => {
    const p = resident(19);
    await sim.person({ ...p, status: '02', listing: { date: '2026-03-01', expiry: '2026-09-01', reasonCode: '03' } });
    expect((await register(sim, entry({ ...p }))).code).toBe('2002');
    expect((await sim.api('notice', { ...p, status: '02' })).code).toBe('0000');
    expect((await sim.api<QuotaData>('quota', { ...p, tradeType: 'JH' })).data!.noticeGiven).toBe('1');
    expect((await sim.api('notice', { ...resident(20), status: '03' })).code).toBe('3001');
  });

  it('cancel: the record is listed as cancelled, a second cancel is 3002, an unknown reference 3001', async () => {
    const e = entry({ ...resident(21), amount: '900' });
    const refNo = (await register(sim, e)).data!.refNo;
    const before = await sim.stats();
    const c = await sim.api('cancel', { refNo, tradeType: 'JH', reason: '05' });
    expect(c).toMatchObject({ code: '0000', data: { refNo, serial: e.serial } });
    const listed = await sim.api<RecordsData>('records', { serial: e.serial });
    expect(listed.data!.records.map((r) => [r.refNo, r.status])).toEqual([[refNo, 'cancelled']]);
    expect((await sim.stats()).cancelled).toBe(before.cancelled + 1);
    expect((await sim.api('cancel', { refNo, tradeType: 'JH', reason: '05' })).code).toBe('3002');
    expect((await sim.api('cancel', { refNo: 'JH202603109999999999', tradeType: 'JH', reason: '05' })).code).toBe('3001');
    expect((await sim.api<QuotaData>('quota', { ...resident(21), tradeType: 'JH' })).data!.usedUsd).toBe('0');
  });

  it('modify: stores the corrected fields; an unknown reference is 3001; a field that cannot change is 1001', async () => {
    const refNo = (await register(sim, entry({ ...resident(22), name: '王五' }))).data!.refNo;
    expect((await sim.api('modify', { refNo, reason: '06', fields: { name: '王伍', idNumber: '110105196001019999' } })).code).toBe('0000');
    const [r] = (await sim.api<RecordsData>('records', { refNo })).data!.records;
    expect([r!.name, r!.idNumber]).toEqual(['王伍', '110105196001019999']);
    expect((await sim.api('modify', { refNo: 'GH202603100000000000', reason: '06', fields: { name: 'x' } })).code).toBe('3001');
    const bad = await sim.api('modify', { refNo, reason: '06', fields: { amount: '1' } });
    expect(bad.code).toBe('1001');
    expect(bad.message).toContain('amount');
  });

  it('records by date are ordered by trade time and paged; by serial; by person and date; by range', async () => {
    await sim.clock('2026-03-20T09:00:00.000Z');
    const p = resident(23);
    const times = ['2026-03-20T03:00:00.000Z', '2026-03-20T01:00:00Z', '2026-03-20T02:00:00.5Z', '2026-03-20T02:00:00Z', '2026-03-19T16:30:00.000Z'];
    const entries = times.map((t, i) => entry({ ...(i < 2 ? p : resident(24)), tradeTime: t, amount: String(i + 1) }));
    for (const e of entries) expect((await register(sim, e)).code).toBe('0000');
    // Another day, outside the date.
    await sim.record(entry({ ...p, tradeTime: '2026-03-21T01:00:00.000Z' }));

    const byTime = [4, 1, 3, 2, 0].map((i) => entries[i]!.serial);
    const page1 = (await sim.api<RecordsData>('records', { date: '2026-03-20', pageSize: 2 })).data!;
    expect([page1.total, page1.pages, page1.page]).toEqual([5, 3, 1]);
    expect(page1.records.map((r) => r.serial)).toEqual(byTime.slice(0, 2));
    const page2 = (await sim.api<RecordsData>('records', { date: '2026-03-20', pageSize: 2, page: 2 })).data!;
    expect(page2.records.map((r) => r.serial)).toEqual(byTime.slice(2, 4));
    const page3 = (await sim.api<RecordsData>('records', { date: '2026-03-20', pageSize: 2, page: 3 })).data!;
    expect(page3.records.map((r) => r.serial)).toEqual(byTime.slice(4));

    const one = (await sim.api<RecordsData>('records', { serial: entries[2]!.serial })).data!;
    expect(one.records.map((r) => r.amount)).toEqual(['3']);
    const mine = (await sim.api<RecordsData>('records', { ...p, date: '2026-03-20' })).data!;
    expect(mine.records.map((r) => r.serial)).toEqual([entries[1]!.serial, entries[0]!.serial]);
    const range = (await sim.api<RecordsData>('records', { ...p, from: '2026-03-20', to: '2026-03-21' })).data!;
    expect(range.total).toBe(3);
    const none = (await sim.api<RecordsData>('records', { date: '2026-02-01' })).data!;
    expect([none.total, none.records]).toEqual([0, []]);
  });

  it('a record inserted through the control endpoint is page mode (41) by default and bypasses the checks', async () => {
    const e = entry({ ...SEEDED, amount: '5000', tradeTime: at(-30 * HOUR) }); // over quota, outside the window
    const { refNo } = await sim.record(e);
    expect(refNo).toMatch(REF_NO);
    const { refNo: other } = await sim.record(entry({ ...resident(25) }), '42');
    const rs = (await sim.api<RecordsData>('records', { refNo })).data!.records;
    expect(rs.map((r) => [r.channel, r.status])).toEqual([['41', 'recorded']]);
    expect((await sim.api<RecordsData>('records', { refNo: other })).data!.records[0]!.channel).toBe('42');
  });

  it('conversion rates: a month, one currency, USD always 1, an unknown month', async () => {
    const march = (await sim.api<ConversionRatesData>('conversionRates', { month: '2026-03' })).data!;
    expect(march.month).toBe('2026-03');
    expect(march.rates).toEqual(expect.arrayContaining([{ currency: 'USD', usdPerUnit: '1' }, { currency: 'EUR', usdPerUnit: '1.25' }, { currency: 'JPY', usdPerUnit: '0.0068' }]));
    expect(march.rates).toHaveLength(4);
    expect((await sim.api<ConversionRatesData>('conversionRates', { month: '2026-03', currency: 'JPY' })).data!.rates).toEqual([{ currency: 'JPY', usdPerUnit: '0.0068' }]);
    expect((await sim.api('conversionRates', { month: '2025-01' })).code).toBe('3001');
    expect((await sim.api('conversionRates', { month: '2026-3' })).code).toBe('1001');
  });
});

describe('faults', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: FIXTURE, now: SIM_NOW });
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await sim.fault('none');
    await sim.clock(SIM_NOW);
    await sim.down(SIM_NOW);
  });

  it('refuse: the connection is dropped without an answer and nothing is recorded; control still answers', async () => {
    await sim.fault('refuse');
    const e = entry({ ...resident(40) });
    await expect(register(sim, e)).rejects.toThrow();
    await expect(register(sim, e)).rejects.toThrow();
    const stats = await sim.stats();
    expect(stats.bySerial[e.serial]).toBeUndefined();
    await sim.fault('none');
    expect((await register(sim, e)).code).toBe('0000');
  });

  it('hang: no answer until the client gives up, and the request is not processed', async () => {
    await sim.fault('hang');
    const e = entry({ ...resident(41) });
    const started = Date.now();
    await expect(sim.api('register', e, { signal: AbortSignal.timeout(500) })).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect((await sim.stats()).bySerial[e.serial]).toBeUndefined();
    await sim.fault('none');
    expect((await register(sim, e)).code).toBe('0000');
  });

  it('busy: 9001 and not processed', async () => {
    await sim.fault('busy');
    const e = entry({ ...resident(42) });
    expect((await register(sim, e)).code).toBe('9001');
    expect((await sim.stats()).bySerial[e.serial]).toBeUndefined();
  });

  it('dropAfterCommit: the fetch fails, yet the entry is recorded; the retry answers 0001 with that record', async () => {
    await sim.fault('dropAfterCommit', 1);
    const e = entry({ ...resident(43) });
    await expect(register(sim, e)).rejects.toThrow();
    expect((await sim.stats()).bySerial[e.serial]).toBe(1);
    const [recorded] = (await sim.api<RecordsData>('records', { serial: e.serial })).data!.records;
    const retry = await register(sim, e);
    expect(retry.code).toBe('0001');
    expect(retry.data!.refNo).toBe(recorded!.refNo);
    expect((await sim.stats()).bySerial[e.serial]).toBe(1);
  });

  it('http500, malformed, unknownCode, badRefNo: the stated answer, nothing processed', async () => {
    const cases = [
      ['http500', (r: { status: number; text: string }) => expect(r.status).toBe(500)],
      ['malformed', (r: { status: number; text: string }) => expect([r.status, r.text]).toEqual([200, 'not json{'])],
      ['unknownCode', (r: { status: number; text: string }) => expect([r.status, JSON.parse(r.text)]).toEqual([200, { code: '7777', message: '?' }])],
      ['badRefNo', (r: { status: number; text: string }) => expect([r.status, JSON.parse(r.text).code, JSON.parse(r.text).data.refNo]).toEqual([200, '0000', 'BAD-REF'])],
    ] as const;
    for (const [mode, check] of cases) {
      await sim.fault(mode);
      const e = entry({ ...resident(44) });
      check(await post(sim, '/api/register', e));
      expect((await sim.stats()).bySerial[e.serial], mode).toBeUndefined();
    }
    await sim.fault('none');
    expect((await register(sim, entry({ ...resident(44) }))).code).toBe('0000');
  });

  it('count: the fault applies to the next N /api requests only, control requests do not use it up', async () => {
    await sim.fault('busy', 2);
    await sim.stats();
    await sim.clock(SIM_NOW);
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await sim.api('quota', { ...resident(45), tradeType: 'JH' })).code);
    expect(codes).toEqual(['9001', '9001', '0000']);
  });

  it('requests are counted, faulted ones included', async () => {
    const before = (await sim.stats()).requests;
    await sim.fault('refuse', 1);
    await expect(sim.api('quota', { ...resident(46), tradeType: 'JH' })).rejects.toThrow();
    await sim.api('quota', { ...resident(46), tradeType: 'JH' });
    expect((await sim.stats()).requests - before).toBe(2);
  });

  it('down: every /api request is refused until the clock reaches the given instant', async () => {
    await sim.down(at(2 * HOUR));
    const e = entry({ ...resident(47) });
    await expect(register(sim, e)).rejects.toThrow();
    await sim.clock(at(2 * HOUR - 1));
    await expect(sim.api('quota', { ...resident(47), tradeType: 'JH' })).rejects.toThrow();
    expect((await sim.stats()).bySerial[e.serial]).toBeUndefined(); // control works meanwhile
    await sim.clock(at(2 * HOUR));
    expect((await sim.api('quota', { ...resident(47), tradeType: 'JH' })).code).toBe('0000');
    expect((await register(sim, { ...e, tradeTime: at(2 * HOUR) })).code).toBe('0000');
  });

  it('a bad control request is refused with HTTP 400 and changes nothing', async () => {
    expect((await post(sim, '/control/fault', { mode: 'explode' })).status).toBe(400);
    expect((await post(sim, '/control/clock', { now: 'yesterday' })).status).toBe(400);
    expect((await sim.api('quota', { ...resident(48), tradeType: 'JH' })).code).toBe('0000');
  });
});

describe('restarts', () => {
  const dir = tempDir('simulator-restart-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records, people and the reference sequence survive a stop, and a SIGKILL, on the same data dir', async () => {
    const e = entry({ ...resident(60) });
    let sim = await startSimulator({ fixture: FIXTURE, dataDir: dir, now: SIM_NOW });
    try {
      const first = (await register(sim, e)).data!;
      await sim.person({ ...resident(61), status: '03', listing: { date: '2026-01-01', expiry: '2027-01-01', reasonCode: '01' } });
      await sim.stop();

      sim = await startSimulator({ fixture: FIXTURE, dataDir: dir, now: SIM_NOW });
      const again = await register(sim, e);
      expect(again.code).toBe('0001');
      expect(again.data!.refNo).toBe(first.refNo);
      expect((await sim.stats()).bySerial[e.serial]).toBe(1);
      expect((await sim.api<QuotaData>('quota', { ...resident(61), tradeType: 'JH' })).data!.status).toBe('03');
      const second = entry({ ...resident(60) });
      const next = (await register(sim, second)).data!;
      expect(BigInt(next.refNo.slice(10)) > BigInt(first.refNo.slice(10))).toBe(true);
      await sim.kill();

      // Answered means on disk: a SIGKILL right after loses nothing.
      sim = await startSimulator({ dataDir: dir, now: SIM_NOW });
      const listed = (await sim.api<RecordsData>('records', { date: '2026-03-10' })).data!;
      expect(listed.records.map((r) => r.refNo)).toEqual([first.refNo, next.refNo]);
      // The seeded person's fixture figure is still there although this start had no fixture.
      expect((await sim.api<QuotaData>('quota', { ...SEEDED, tradeType: 'JH' })).data!.usedUsd).toBe('49800');
    } finally {
      await sim.stop();
    }
  });
});
