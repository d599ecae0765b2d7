// Reporting to the monitoring system, end to end: the Terminal with its interface-mode client
// talks over HTTP to the simulator running as its own process, both on an injected clock.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InterfaceModeClient } from '../electron/monitoring/httpClient';
import { REF_NO } from '../electron/monitoring/protocol';
import { ok, openHarness, refused, stockOutlet, trade, type Harness } from './helpers/terminal';
import { resident, startSimulator, type Simulator } from './helpers/simulator';

const T0 = '2026-03-10T01:00:00.000Z';
const HOUR = 3_600_000;
const FIXTURE = {
  conversionRates: {
    '2026-03': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' },
    '2026-04': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' },
  },
  persons: [
    { idType: '01', idNumber: personId(990), country: 'CHN', status: '01', usedUsd: { JH: '49800' } },
    { idType: '01', idNumber: personId(991), country: 'CHN', status: '03', listing: { date: '2026-01-05', expiry: '2027-01-05', reasonCode: '01' }, noticeGiven: '0' },
  ],
};

/** A distinct resident ID for each n below 1000 (990 and 991 are the fixture's listed people). */
function personId(n: number): string {
  return resident(n).idNumber;
}

function person(n: number) {
  return { idType: '01', idNumber: personId(n), name: `客户${n}` };
}

let sim: Simulator;
let h: Harness | undefined;

beforeAll(async () => {
  sim = await startSimulator({ fixture: FIXTURE, now: T0 });
});
afterAll(async () => {
  await sim.stop();
});
afterEach(async () => {
  h?.close();
  h = undefined;
  await sim.fault('none');
  await sim.down(T0); // no longer down
});

/** A terminal talking to the simulator, both clocks at `start`. */
async function open(start: string): Promise<Harness> {
  await sim.clock(start);
  h = openHarness({
    start,
    monitoring: new InterfaceModeClient({ baseUrl: sim.url, connectTimeoutMs: 500, responseTimeoutMs: 800 }),
  });
  await stockOutlet(h.terminal);
  return h;
}

/** Moves both clocks. */
async function at(hh: Harness, iso: string): Promise<void> {
  hh.clock.set(iso);
  await sim.clock(iso);
}

async function advance(hh: Harness, ms: number): Promise<void> {
  await at(hh, new Date(hh.clock.now().getTime() + ms).toISOString());
}

/** Runs the sync loop until nothing is due at the current time. */
async function drain(hh: Harness): Promise<{ delivered: number; retrying: number; needsAttention: number }> {
  const total = { delivered: 0, retrying: 0, needsAttention: 0 };
  for (let i = 0; i < 100; i++) {
    const r = ok(await hh.terminal.call('queue.syncNow', {}));
    total.delivered += r.delivered;
    total.retrying += r.retrying;
    total.needsAttention += r.needsAttention;
    if (r.delivered + r.retrying + r.needsAttention === 0) break;
  }
  return total;
}

function outbox(hh: Harness, tradeId: string) {
  return hh.terminal.ledger.prepare('select kind, state, ref_no, last_error, deadline_at, updated_at from outbox where trade_id = ? order by id').all(tradeId) as {
    kind: string; state: string; ref_no: string | null; last_error: string | null; deadline_at: string; updated_at: string;
  }[];
}

describe('第三十二条(二): back-fill within 24 hours, whatever the network did', () => {
  it('200 small trades made while the monitoring system is down for 23 hours are all back-filled before their deadlines, exactly once', async () => {
    const hh = await open(T0);
    const before = await sim.stats();
    await sim.down(new Date(Date.parse(T0) + 23 * HOUR).toISOString());
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      await advance(hh, 60_000);
      const t = ok(await trade(hh.terminal, { customer: person(i), direction: 'settlement', currency: 'USD', amount: String(10 + (i % 90)) }));
      expect(t.reportingPath).toBe('backfill');
      ids.push(t.id);
    }
    // The day goes on, the loop keeps trying; the system comes back 23 hours after T0.
    while (hh.clock.now().getTime() < Date.parse(T0) + 25 * HOUR) {
      await drain(hh);
      await advance(hh, 30 * 60_000);
    }
    await drain(hh);
    const status = ok(await hh.terminal.call('queue.status', {}));
    expect(status.pending).toBe(0);
    expect(status.needsAttention).toEqual([]);
    for (const id of ids) {
      const [row] = outbox(hh, id);
      expect(row!.state).toBe('delivered');
      expect(row!.ref_no).toMatch(REF_NO);
      expect(row!.updated_at <= row!.deadline_at, `${id} delivered at ${row!.updated_at}, due ${row!.deadline_at}`).toBe(true);
    }
    const stats = await sim.stats();
    expect(stats.records - before.records).toBe(200);
    for (const id of ids) expect(stats.bySerial[id]).toBe(1);
    // Work, not time: 200 trades and two days of the sync loop over HTTP take ~20 s on a quiet
    // machine; the limit only catches a hang.
  }, 600_000);

  it('the monitoring system commits and drops its answer: the retry creates no duplicate and the trade gets its reference number', async () => {
    const hh = await open('2026-03-11T02:00:00.000Z');
    const t = ok(await trade(hh.terminal, { customer: person(300), direction: 'settlement', currency: 'USD', amount: '120' }));
    await sim.fault('dropAfterCommit', 1);
    expect(await drain(hh)).toEqual({ delivered: 0, retrying: 1, needsAttention: 0 });
    expect(outbox(hh, t.id)[0]!.state).toBe('pending');
    await advance(hh, 60_000);
    expect((await drain(hh)).delivered).toBe(1);
    expect((await sim.stats()).bySerial[t.id]).toBe(1);
    const after = ok(await hh.terminal.call('trades.get', { tradeId: t.id }));
    expect(after.refNo).toMatch(REF_NO);
  });

  it('a real-time entry whose answer is dropped is looked up by serial, not entered twice', async () => {
    const hh = await open('2026-03-11T03:00:00.000Z');
    await sim.fault('dropAfterCommit', 1);
    const t = ok(await trade(hh.terminal, { customer: person(301), direction: 'settlement', currency: 'USD', amount: '600' }));
    expect([t.reportingPath, t.channel]).toEqual(['realtime', '42']);
    expect(t.refNo).toMatch(REF_NO);
    expect((await sim.stats()).bySerial[t.id]).toBe(1);
  });

  it('a back-fill refused for good (over the annual quota) needs attention with its reason; the 50 rows behind it are delivered', async () => {
    const hh = await open('2026-03-12T02:00:00.000Z');
    await sim.down('2026-03-12T05:00:00.000Z'); // offline: the quote cannot see the quota
    const bad = ok(await trade(hh.terminal, { customer: person(990), direction: 'settlement', currency: 'USD', amount: '300' }));
    const good: string[] = [];
    for (let i = 0; i < 50; i++) {
      await advance(hh, 1_000);
      good.push(ok(await trade(hh.terminal, { customer: person(400 + i), direction: 'settlement', currency: 'USD', amount: '50' })).id);
    }
    await at(hh, '2026-03-12T05:00:00.000Z');
    await drain(hh);
    const [row] = outbox(hh, bad.id);
    expect(row!.state).toBe('needs_attention');
    expect(row!.last_error).toContain('2001');
    for (const id of good) expect(outbox(hh, id)[0]!.state).toBe('delivered');
    const status = ok(await hh.terminal.call('queue.status', {}));
    expect(status.needsAttention.map((r) => r.tradeId)).toEqual([bad.id]);
    expect(status.needsAttention[0]!.reason).toContain('2001');
  });
});

describe('第三十二条(一): real-time entry before the trade', () => {
  it('with the monitoring system down a real-time trade is refused, and goes ahead through the page-mode fallback with its reference number (channel 41)', async () => {
    const hh = await open('2026-03-13T02:00:00.000Z');
    await sim.down('2026-03-14T00:00:00.000Z');
    const request = { customer: person(500), direction: 'settlement' as const, currency: 'USD', amount: '800' };
    const refusal = refused(await trade(hh.terminal, request), 'REALTIME_ENTRY_REQUIRED');
    expect(refusal.message.zh).toContain('外管业务参号');
    expect(Number(hh.terminal.ledger.prepare('select count(*) from trades').pluck().get())).toBe(0);
    const t = ok(await trade(hh.terminal, request, { pageModeRefNo: 'JH202603130000000042', supervisorId: 'sup1' }));
    expect([t.channel, t.refNo, t.reportingPath]).toEqual(['41', 'JH202603130000000042', 'realtime']);
  });

  it('第三条: a person with 49,800 USD used this year asking for 300 USD is refused, and the message shows the 200 USD left', async () => {
    const hh = await open('2026-03-13T03:00:00.000Z');
    const request = { side: 'foreign' as const, tellerId: 'teller1', customer: person(990), direction: 'settlement' as const, currency: 'USD', amount: '300' };
    const quote = ok(await hh.terminal.call('trades.quote', request));
    expect(quote.monitoring).toMatchObject({ online: true, quotaLeftUsd: '200' });
    expect(quote.refusal?.code).toBe('ANNUAL_QUOTA_EXCEEDED');
    expect(quote.refusal?.message.zh).toContain('200.00');
    expect(quote.refusal?.message.en).toContain('200.00 USD left');
    const r = refused(await hh.terminal.call('trades.commit', { ...request, quoteToken: quote.quoteToken }), 'ANNUAL_QUOTA_EXCEEDED');
    expect(r.message.en).toContain('200.00');
    expect(Number(hh.terminal.ledger.prepare('select count(*) from attempts').pluck().get())).toBe(1);
    expect(Number(hh.terminal.ledger.prepare('select count(*) from trades').pluck().get())).toBe(0);
    // 200 is still possible.
    ok(await trade(hh.terminal, { customer: person(990), direction: 'settlement', currency: 'USD', amount: '200' }));
  });

  it('a customer on the watch list: the quote carries the notice; the trade needs the notice recorded, and the entry says it was given', async () => {
    const hh = await open('2026-03-13T04:00:00.000Z');
    const request = { side: 'foreign' as const, tellerId: 'teller1', customer: person(991), direction: 'settlement' as const, currency: 'USD', amount: '600' };
    const quote = ok(await hh.terminal.call('trades.quote', request));
    expect(quote.monitoring).toMatchObject({ online: true, status: 'watch' });
    const notice = quote.prompts.find((p) => p.code === 'watchStatus');
    expect(notice?.message.zh).toContain('关注名单');
    refused(await hh.terminal.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: [] }), 'PROMPT_NOT_ACKNOWLEDGED');
    const t = ok(await hh.terminal.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: quote.prompts.map((p) => p.code) }));
    expect(t.refNo).toMatch(REF_NO);
    const entry = JSON.parse(hh.terminal.ledger.prepare("select payload from outbox where trade_id = ? and kind = 'realtime'").pluck().get(t.id) as string);
    expect(entry.noticeGiven).toBe(true);
  });
});

describe('voids and the monitoring system', () => {
  it('voiding a reported trade cancels it in the monitoring system', async () => {
    const hh = await open('2026-03-16T02:00:00.000Z');
    const t = ok(await trade(hh.terminal, { customer: person(600), direction: 'settlement', currency: 'USD', amount: '700' }));
    ok(await hh.terminal.call('trades.void', { tradeId: t.id, reason: '客户反悔 customer changed mind', tellerId: 'teller1', supervisorId: 'sup1' }));
    expect((await drain(hh)).delivered).toBe(1);
    const rows = outbox(hh, t.id);
    expect(rows.map((r) => [r.kind, r.state])).toEqual([['realtime', 'delivered'], ['cancel', 'delivered']]);
    const rec = ok(await hh.terminal.call('monitoring.reconcile', { date: '2026-03-16' }));
    expect(rec.voidedStillRecorded).toEqual([]);
    expect(rec.missingOnTerminal).toEqual([]);
  });

  it('第二十九条: a voided trade stops counting at once, before its cancel reaches SAFE, and the cancel arriving between quote and commit changes nothing', async () => {
    const hh = await open('2026-03-16T04:00:00.000Z');
    const customer = person(602);
    const t = ok(await trade(hh.terminal, { customer, direction: 'settlement', currency: 'USD', amount: '3000' }));
    expect(t.reportingPath).toBe('realtime');
    ok(await hh.terminal.call('trades.void', { tradeId: t.id, reason: '客户反悔 customer changed mind', tellerId: 'teller1', supervisorId: 'sup1' }));
    // SAFE still counts the 3,000 (the cancel is queued, not sent): the terminal takes it off.
    expect(outbox(hh, t.id).map((r) => [r.kind, r.state])).toEqual([['realtime', 'delivered'], ['cancel', 'pending']]);
    const request = { customer, direction: 'settlement' as const, currency: 'USD', amount: '2500', side: 'foreign' as const, tellerId: 'teller1' };
    const quote = ok(await hh.terminal.call('trades.quote', request));
    expect(quote.refusal).toBeUndefined();
    expect(quote.monitoring).toMatchObject({ online: true, cashTodayUsd: '3000' });
    // The cancel reaches SAFE between the quote and the commit: the quote still holds.
    expect((await drain(hh)).delivered).toBe(1);
    const done = ok(await hh.terminal.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: quote.prompts.map((p) => p.code) }));
    expect(done.refNo).toMatch(REF_NO);
    // And the day's standing is the 2,500: 2,600 more is over the limit.
    const over = ok(await hh.terminal.call('trades.quote', { ...request, amount: '2600' }));
    expect(over.refusal?.code).toBe('DAILY_LIMIT_EXCEEDED');
  });

  it('voiding a back-fill not yet delivered removes the need to send it, and the queue shows why', async () => {
    const hh = await open('2026-03-16T03:00:00.000Z');
    const before = await sim.stats();
    const t = ok(await trade(hh.terminal, { customer: person(601), direction: 'settlement', currency: 'USD', amount: '70' }));
    ok(await hh.terminal.call('trades.void', { tradeId: t.id, reason: '录错 keyed wrong', tellerId: 'teller1', supervisorId: 'sup1' }));
    await drain(hh);
    const list = ok(await hh.terminal.call('queue.list', { state: 'not_needed' }));
    expect(list.find((r) => r.tradeId === t.id)?.reason).toBe(`voided before delivery: receipt ${t.receiptNo}`);
    expect((await sim.stats()).bySerial[t.id]).toBeUndefined();
    expect((await sim.stats()).records).toBe(before.records);
  });
});

describe('第三十二条(五): reconciliation with the monitoring system', () => {
  it('lists a record added directly in the monitoring system as missing here, and a trade cancelled there as missing there', async () => {
    const hh = await open('2026-03-17T02:00:00.000Z');
    const kept = ok(await trade(hh.terminal, { customer: person(700), direction: 'settlement', currency: 'USD', amount: '90' }));
    const gone = ok(await trade(hh.terminal, { customer: person(701), direction: 'settlement', currency: 'USD', amount: '80' }));
    await drain(hh);
    const goneRef = ok(await hh.terminal.call('trades.get', { tradeId: gone.id })).refNo!;
    // Someone cancels one entry on the monitoring system's side, and enters a trade we never made.
    const cancel = await fetch(`${sim.url}/api/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refNo: goneRef, tradeType: 'JH', reason: '06', remark: 'test' }) });
    expect(((await cancel.json()) as { code: string }).code).toBe('0000');
    const { refNo: strangerRef } = await sim.record({
      serial: 'ELSEWHERE-1', tradeType: 'JH', usesQuota: 'Y', businessType: '01', idType: '01', idNumber: personId(702), country: 'CHN', name: '他人',
      fundAttribute: '122', currency: 'USD', amount: '55', split: { cash: '55', remittance: '0', account: '0', travellersCheque: '0' },
      noticeGiven: false, tradeTime: '2026-03-17T02:30:00.000Z',
    });
    const rec = ok(await hh.terminal.call('monitoring.reconcile', { date: '2026-03-17' }));
    expect(rec.missingOnTerminal.map((l) => l.refNo)).toEqual([strangerRef]);
    expect(rec.missingOnMonitoring.map((l) => l.tradeId)).toEqual([gone.id]);
    expect(rec.matched).toBe(1);
    expect(rec.differentAmount).toEqual([]);
    const list = ok(await hh.terminal.call('monitoring.backfillList', { date: '2026-03-17' }));
    expect(list.map((l) => [l.receiptNo, l.state, l.refNo !== undefined])).toEqual([[kept.receiptNo, 'delivered', true], [gone.receiptNo, 'delivered', true]]);
  });
});

describe('bad answers from the server', () => {
  it.each(['malformed', 'unknownCode', 'http500', 'badRefNo', 'busy', 'hang', 'refuse'] as const)(
    '%s: never crashes the loop, never marks the row delivered, and the row goes out once the server is well',
    async (mode) => {
      const hh = await open('2026-03-18T02:00:00.000Z');
      const t = ok(await trade(hh.terminal, { customer: person(800), direction: 'settlement', currency: 'USD', amount: '40' }));
      await sim.fault(mode);
      const first = await drain(hh);
      expect(first).toEqual({ delivered: 0, retrying: 1, needsAttention: 0 });
      expect(outbox(hh, t.id)[0]!.state).toBe('pending');
      const status = ok(await hh.terminal.call('queue.status', {}));
      expect(status.monitoring.online).toBe(false);
      await sim.fault('none');
      await advance(hh, 60_000);
      expect((await drain(hh)).delivered).toBe(1);
      expect(outbox(hh, t.id)[0]!.ref_no).toMatch(REF_NO);
      expect((await sim.stats()).bySerial[t.id]).toBe(1);
    },
  );
});

describe('queue status', () => {
  it('alerts on rows within 4 hours of their deadline', async () => {
    const hh = await open('2026-03-19T02:00:00.000Z');
    await sim.down('2026-03-20T12:00:00.000Z');
    const t = ok(await trade(hh.terminal, { customer: person(900), direction: 'settlement', currency: 'USD', amount: '30' }));
    await advance(hh, 19 * HOUR);
    expect(ok(await hh.terminal.call('queue.status', {})).alerts).toEqual([]);
    await advance(hh, 1 * HOUR + 1_000);
    const status = ok(await hh.terminal.call('queue.status', {}));
    expect(status.alerts.map((r) => r.tradeId)).toEqual([t.id]);
    expect(status.pending).toBe(1);
    expect(status.nearestDeadline).toBe('2026-03-20T02:00:00.000Z');
  });
});

