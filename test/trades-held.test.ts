// Issue 21 (no query built twice): what the trade path holds in memory (electron/ledger/held.ts:
// the board, the month's USD conversion table, the closed days, the staff member behind a
// session) is read again as soon as it changes, whoever changes it: a supervisor here, the hub's
// pull, a transaction that rolls back. And a change between a quote and its commit is caught.
import { afterEach, describe, expect, it } from 'vitest';
import { applyReferenceChanges } from '../electron/terminal/hubSync/apply';
import { boardRate, storeRate } from '../electron/terminal/rates/board';
import { ALICE, BOB_PASSPORT, ok, openHarness, refused, stockOutlet, trade, type Harness } from './helpers/terminal';

let harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses) h.close();
  harnesses = [];
});

async function open(start?: string): Promise<Harness> {
  const h = openHarness(start ? { start } : {});
  harnesses.push(h);
  await stockOutlet(h.terminal);
  return h;
}

const quoteOf = (h: Harness, currency = 'USD', customer: typeof ALICE | typeof BOB_PASSPORT = ALICE) =>
  h.terminal.call('trades.quote', { customer: { ...customer, name: '' }, direction: 'settlement', side: 'foreign', currency, amount: '100', tellerId: 'teller1' });

describe('issue 21: the board, the USD table, the closed days and the staff held in memory', () => {
  it('第三十四条: a rate set is quoted at once, at this counter only (each ledger holds its own board)', async () => {
    const a = await open();
    const b = await open();
    expect(ok(await quoteOf(a)).rate.per100).toBe('710');
    expect(ok(await quoteOf(b)).rate.per100).toBe('710');
    ok(await a.terminal.call('rates.set', { currency: 'USD', buyPer100: '711.00', sellPer100: '721.00', setBy: 'sup1' }));
    expect(ok(await quoteOf(a)).rate.per100).toBe('711');
    expect(ok(await quoteOf(b)).rate.per100).toBe('710');
  });

  it('第三十四条: a rate from HQ (the hub\'s pull) is quoted at the next call', async () => {
    const h = await open();
    expect(ok(await quoteOf(h)).rate.per100).toBe('710');
    const at = h.clock.now().toISOString();
    const applied = applyReferenceChanges(h.raw.ledger, [{ version: '1', kind: 'rate', at, body: { id: 'HQ-USD-1', currency: 'USD', buyPer100: '712', sellPer100: '722', feeMinor: '0', effectiveAt: at, setBy: 'HQ01' } }], '1', at);
    expect(applied).toMatchObject({ applied: 1, skipped: [] });
    const q = ok(await quoteOf(h));
    expect([q.rate.id, q.rate.per100]).toEqual(['HQ-USD-1', '712']);
  });

  it('第三十四条: a rate written in a transaction that rolls back is never quoted', async () => {
    const h = await open();
    const db = h.raw.ledger;
    const before = boardRate(db, 'USD', h.clock.now());
    expect(() => db.transaction(() => {
      storeRate(db, { id: 'ROLLED-BACK', currency: 'USD', buy_per_100: '800', sell_per_100: '810', fee_minor: 0n, effective_at: h.clock.now().toISOString(), set_by: 'sup1' });
      // Read inside the transaction: the uncommitted rate, answered but not kept.
      expect(boardRate(db, 'USD', h.clock.now()).id).toBe('ROLLED-BACK');
      throw new Error('roll back');
    })()).toThrow('roll back');
    expect(boardRate(db, 'USD', h.clock.now()).id).toBe(before.id);
    expect(ok(await quoteOf(h)).rate.id).toBe(before.id);
  });

  it('第三十四条: a quote of a time before the newest rate (a clock set back) is priced at the rate in force then', async () => {
    const h = await open();
    h.clock.advance(60_000);
    ok(await h.terminal.call('rates.set', { currency: 'USD', buyPer100: '713.00', sellPer100: '723.00', setBy: 'sup1' }));
    expect(ok(await quoteOf(h)).rate.per100).toBe('713');
    h.clock.advance(-30_000);
    expect(ok(await quoteOf(h)).rate.per100).toBe('710');
  });

  it('第二十九条: the month\'s USD conversion table, imported when the month has begun, counts at the next quote', async () => {
    const h = await open('2026-03-31T15:00:00Z');
    expect(ok(await quoteOf(h, 'EUR')).usdConversion).toEqual({ month: '2026-03', usdPerUnit: '1.25' });
    // April in China: no table yet, and the quote says so (the absence is held too, until the import).
    h.clock.set('2026-03-31T16:30:00Z');
    refused(await quoteOf(h, 'EUR'), 'CONVERSION_RATE_MISSING');
    refused(await quoteOf(h, 'EUR'), 'CONVERSION_RATE_MISSING');
    ok(await h.terminal.call('conversionRates.import', { month: '2026-04', csv: 'currency,usd_per_unit\nEUR,1.30\nJPY,0.0067\nHKD,0.127\n', importedBy: 'sup1' }));
    const q = ok(await quoteOf(h, 'EUR'));
    expect(q.usdConversion).toEqual({ month: '2026-04', usdPerUnit: '1.3' });
    expect(q.usdEquivalent).toBe('130');
  });

  it('日终: a day closed at this counter refuses the next trade of that date (DAY_CLOSED)', async () => {
    const h = await open();
    const t = h.terminal;
    ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    // Quoted before the close (the closed days held: open), committed after it.
    const request = { customer: { ...BOB_PASSPORT }, direction: 'settlement' as const, side: 'foreign' as const, currency: 'USD', amount: '100', tellerId: 'teller1' };
    const quote = ok(await t.call('trades.quote', request));
    const prep = ok(await t.call('dayClose.prepare', { date: '2026-03-10' }));
    ok(await t.call('dayClose.close', { date: '2026-03-10', counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })), actor: 'teller1' }));
    refused(await t.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: [] }), 'DAY_CLOSED');
    refused(await quoteOf(h, 'USD', BOB_PASSPORT), 'DAY_CLOSED');
  });

  it('日终: the outlet\'s day closed at another counter (the hub\'s pull) refuses the next trade here', async () => {
    const h = await open();
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    const at = h.clock.now().toISOString();
    applyReferenceChanges(h.raw.ledger, [{ version: '1', kind: 'outletDay', at, body: { date: '2026-03-10', closedBy: 'sup1', closedAt: at, supervisorId: null, terminalId: 'T2', excused: [] } }], '1', at);
    refused(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }), 'DAY_CLOSED');
  });

  it('a staff member disabled is refused at their next call, disabled here or by the hub', async () => {
    const h = await open();
    const teller1 = h.session('teller1');
    const teller2 = h.session('teller2');
    const quote = (session: string, tellerId: string) => h.raw.call('trades.quote', { customer: { ...ALICE, name: '' }, direction: 'settlement', side: 'foreign', currency: 'USD', amount: '100', tellerId }, session);
    ok(await quote(teller1, 'teller1'));
    ok(await quote(teller2, 'teller2'));
    ok(await h.raw.call('people.disable', { id: 'teller1' }, h.session('mgr1')));
    refused(await quote(teller1, 'teller1'), 'NOT_SIGNED_IN');
    // HQ disables teller2 (the pull): their session here ends at the next call.
    const hash = h.raw.ledger.prepare("select password_hash from people where id = 'teller2'").pluck().get() as string;
    const at = h.clock.now().toISOString();
    applyReferenceChanges(h.raw.ledger, [{ version: '1', kind: 'person', at, body: { id: 'teller2', name: 'teller2', role: 'teller', passwordHash: hash, locked: false, disabled: true } }], '1', at);
    refused(await quote(teller2, 'teller2'), 'NOT_SIGNED_IN');
  });
});

describe('issue 21: a change between the quote and its commit is caught (第三十六条)', () => {
  it('a rate set between them: QUOTE_STALE, nothing written', async () => {
    const h = await open();
    const t = h.terminal;
    const request = { customer: { ...ALICE, name: '' }, direction: 'settlement' as const, side: 'foreign' as const, currency: 'USD', amount: '100', tellerId: 'teller1' };
    const quote = ok(await t.call('trades.quote', request));
    ok(await t.call('rates.set', { currency: 'USD', buyPer100: '715.00', sellPer100: '725.00', setBy: 'sup1' }));
    const f = refused(await t.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: [] }), 'QUOTE_STALE');
    expect(f.message.en).toContain('the rate');
  });

  it('第二十九条: another trade of the same customer between them: QUOTE_STALE (the day\'s figure changed)', async () => {
    const h = await open();
    const t = h.terminal;
    const request = { customer: { ...ALICE, name: '' }, direction: 'settlement' as const, side: 'foreign' as const, currency: 'USD', amount: '300', tellerId: 'teller1' };
    const quote = ok(await t.call('trades.quote', request));
    expect(quote.day.usdBefore).toBe('0');
    ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '200' }));
    const f = refused(await t.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: [] }), 'QUOTE_STALE');
    expect(f.message.en).toContain('trades today');
  });

  it('第二十九条: another trade between them that takes the customer\'s day over 5,000 USD: the commit is refused by the limit and recorded as an attempt', async () => {
    const h = await open();
    const t = h.terminal;
    const request = { customer: { ...ALICE, name: '' }, direction: 'settlement' as const, side: 'foreign' as const, currency: 'USD', amount: '3000', tellerId: 'teller1' };
    const quote = ok(await t.call('trades.quote', request));
    ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '2500' }));
    refused(await t.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: [] }), 'DAILY_LIMIT_EXCEEDED');
    expect(h.raw.ledger.prepare("select reason_code, usd_equivalent from attempts").all()).toEqual([{ reason_code: 'DAILY_LIMIT_EXCEEDED', usd_equivalent: '3000' }]);
  });
});
