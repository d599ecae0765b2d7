// 第三十四条 (issue 19 item 3): 特许机构……在挂牌前不少于 10 个工作日向所在地外汇局报告. A currency new to
// the board needs its filing date (报备日期); it may be set on the board and quoted from the 10th
// working day after the filing (the filing day not counted), China's calendar deciding; before
// that the board and the quote refuse it, saying the date it will be allowed.
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_CALENDAR } from '../shared/calendar/workdays';
import { firstQuotableDay } from '../shared/rules/listing';
import { applyReferenceChanges } from '../electron/terminal/hubSync/apply';
import { forgetHeld } from '../electron/ledger/held';
import { ALICE, ok, openHarness, refused, refusedWithoutWrites, stockOutlet, trade, type Harness } from './helpers/terminal';

let h: Harness | undefined;
afterEach(() => h?.close());

const gbp = { currency: 'GBP', buyPer100: '900.00', sellPer100: '930.00', setBy: 'sup1' };

/** An outlet already trading (its opening board set, one trade done), on 2025-09-26 at 10:00 China time. */
async function tradingOutlet(): Promise<Harness> {
  const harness = openHarness({ start: '2025-09-26T02:00:00Z' });
  await stockOutlet(harness.terminal, '2025-09');
  ok(await trade(harness.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
  return harness;
}

describe('第三十四条: the first day a filed currency may be quoted', () => {
  it('第三十四条: the 10th working day after the filing, the filing day not counted; a plain fortnight and across National Day 2025', () => {
    // Filed Monday 2025-03-03: ten working days after it end on Monday 2025-03-17.
    expect(firstQuotableDay('2025-03-03', BUNDLED_CALENDAR)).toBe('2025-03-17');
    // Filed Friday 2025-09-26: Sunday 09-28 is worked (调休), 10-01…10-08 off, Saturday 10-11 worked:
    // 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15, 16 Oct: the 16th.
    expect(firstQuotableDay('2025-09-26', BUNDLED_CALENDAR)).toBe('2025-10-16');
  });
});

describe('第三十四条: the board refuses a currency until its filing\'s 10 working days have passed', () => {
  it('第三十四条: GBP filed 2025-09-26 is refused on 2025-10-15 (with the date it is allowed, zh and en) and set on 2025-10-16; listed with both dates', async () => {
    h = await tradingOutlet();
    const t = h.terminal;
    // New to an outlet that trades, with no filing: refused, asking for the filing date.
    const none = await refusedWithoutWrites(h, () => t.call('rates.set', gbp), 'CURRENCY_NOT_FILED');
    expect(none.message.zh).toContain('GBP 尚未登记向外汇局报备的日期');
    // A filing date later than today is no filing.
    await refusedWithoutWrites(h, () => t.call('rates.listCurrency', { currency: 'GBP', filedOn: '2025-09-27', actor: 'sup1' }), 'CURRENCY_FILING_DATE_INVALID');
    // A teller may not record it.
    await refusedWithoutWrites(h, () => t.call('rates.listCurrency', { currency: 'GBP', filedOn: '2025-09-26', actor: 'teller1' }), 'ROLE_NOT_ALLOWED');
    const listed = ok(await t.call('rates.listCurrency', { currency: 'GBP', filedOn: '2025-09-26', actor: 'sup1' }));
    expect(listed).toMatchObject({ currency: 'GBP', filedOn: '2025-09-26', firstAllowed: '2025-10-16', grandfathered: false, allowedNow: false, recordedBy: 'sup1' });
    const audited = t.ledger.prepare("SELECT actor FROM audit_log WHERE action = 'rates.listCurrency'").pluck().all();
    expect(audited).toEqual(['sup1']);

    // The day before (Wednesday 2025-10-15, 23:59 China time): refused, the date it is allowed said.
    h.clock.set('2025-10-15T15:59:00Z');
    const early = await refusedWithoutWrites(h, () => t.call('rates.set', gbp), 'CURRENCY_NOT_YET_LISTED');
    expect(early.message.zh).toContain('GBP 于 2025-09-26 向外汇局报备');
    expect(early.message.zh).toContain('2025-10-16 起才能设置牌价和报价');
    expect(early.message.en).toContain('rates and quotes from 2025-10-16');
    expect(ok(await t.call('rates.board', {})).map((r) => r.currency)).not.toContain('GBP');

    // That day (00:00 China time): allowed, and a GBP trade is quoted.
    h.clock.set('2025-10-15T16:00:00Z');
    ok(await t.call('rates.set', gbp));
    ok(await t.call('conversionRates.import', { month: '2025-10', csv: 'currency,usd_per_unit\nEUR,1.25\nJPY,0.0068\nHKD,0.128\nGBP,1.30\n', importedBy: 'sup1' }));
    const q = ok(await t.call('trades.quote', { customer: { ...ALICE, name: '' }, direction: 'settlement', side: 'foreign', currency: 'GBP', amount: '100', tellerId: 'teller1' }));
    expect([q.currency, q.rate.per100]).toEqual(['GBP', '900']);

    const all = ok(await t.call('rates.listings', {}));
    expect(all.find((l) => l.currency === 'GBP')).toMatchObject({ filedOn: '2025-09-26', firstAllowed: '2025-10-16', allowedNow: true });
    // Listed already: a filing date now is refused.
    await refusedWithoutWrites(h, () => t.call('rates.listCurrency', { currency: 'GBP', filedOn: '2025-10-01', actor: 'sup1' }), 'CURRENCY_ALREADY_LISTED');
    // USD, on the opening board, needs none either.
    refused(await t.call('rates.listCurrency', { currency: 'USD', filedOn: '2025-10-01', actor: 'sup1' }), 'CURRENCY_ALREADY_LISTED');
  });

  it('第三十四条: a quote of a currency whose filing is not yet in force is refused with its date (a filing that reached the ledger after its rate, e.g. replayed)', async () => {
    h = await tradingOutlet();
    const t = h.terminal;
    // A filing for EUR recorded after its rate (a restore from the hub replays rows as they came).
    t.ledger.prepare("INSERT INTO currency_listings (id, currency, filed_on, first_allowed, grandfathered, recorded_by, recorded_at) VALUES ('L1', 'EUR', '2025-09-26', '2025-10-16', 0, 'sup1', '2025-09-26T02:00:00.000Z')").run();
    forgetHeld(t.ledger); // as the replay does after writing rows behind their writers (ledger/held.ts, issue 21)
    const f = await refusedWithoutWrites(h, () => t.call('trades.quote', { customer: { ...ALICE, name: '' }, direction: 'settlement', side: 'foreign', currency: 'EUR', amount: '100', tellerId: 'teller1' }), 'CURRENCY_NOT_YET_LISTED');
    expect(f.message.en).toContain('from 2025-10-16');
  });

  it('第三十四条: the outlet\'s opening board (no trade yet) needs no filing here; a currency held before is grandfathered', async () => {
    h = openHarness({ start: '2025-09-26T02:00:00Z' });
    const t = h.terminal;
    ok(await t.call('rates.set', gbp));
    ok(await t.call('rates.set', { ...gbp, buyPer100: '901.00', sellPer100: '931.00' }));
    expect(ok(await t.call('rates.listings', {}))).toEqual([]);
  });

  it('第三十四条: a rate HQ pushes for a currency this counter may not quote yet is not applied (skipped with the code), and applied once the filing\'s day has come', async () => {
    h = await tradingOutlet();
    const t = h.terminal;
    const db = h.raw.ledger;
    const gbpFromHq = (version: string, at: string) => ({ version, kind: 'rate' as const, at, body: { id: `HQ-GBP-${version}`, currency: 'GBP', buyPer100: '900', sellPer100: '930', feeMinor: '0', effectiveAt: at, setBy: 'HQ01' } });
    // No filing here: skipped.
    const none = applyReferenceChanges(db, [gbpFromHq('1', '2025-09-26T03:00:00.000Z')], '1', '2025-09-26T03:00:00.000Z');
    expect(none.skipped).toEqual([{ version: '1', kind: 'rate', code: 'CURRENCY_NOT_FILED' }]);
    ok(await t.call('rates.listCurrency', { currency: 'GBP', filedOn: '2025-09-26', actor: 'sup1' }));
    const early = applyReferenceChanges(db, [gbpFromHq('2', '2025-10-15T15:59:00.000Z')], '2', '2025-10-15T15:59:00.000Z');
    expect(early.skipped).toEqual([{ version: '2', kind: 'rate', code: 'CURRENCY_NOT_YET_LISTED' }]);
    expect(db.prepare("SELECT count(*) FROM rates WHERE currency = 'GBP'").pluck().get()).toBe(0n);
    const due = applyReferenceChanges(db, [gbpFromHq('3', '2025-10-15T16:00:00.000Z')], '3', '2025-10-15T16:00:00.000Z');
    expect(due).toMatchObject({ applied: 1, skipped: [] });
    expect(db.prepare("SELECT count(*) FROM rates WHERE currency = 'GBP'").pluck().get()).toBe(1n);
  });
});
