// 第三十条 (issue 19 item 8): 特许机构可受理客户支付的资金包括现钞和旅行支票，向客户交付的资金应为现钞.
// Traveller's cheques end to end: taken for a settlement (the receipt and SAFE's entry say so, the
// settlement fund form 04), held apart from the notes, counted by currency at the day close (a
// difference a variance like a note count's), and sent to the bank as a reserve movement of their
// own that takes them out of the cheques held; never paid out.
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB_PASSPORT, ok, openHarness, RecordingMonitoring, refused, refusedWithoutWrites, stockOutlet, type Harness } from './helpers/terminal';
import { ledgerViolations } from './helpers/invariants';

let h: Harness | undefined;
afterEach(() => h?.close());
const DAY = '2026-03-10';

/** A settlement paid in traveller's cheques, its prompts acknowledged as the teller would. */
async function chequeSettlement(t: Harness['terminal'], customer: typeof ALICE | typeof BOB_PASSPORT, currency: string, amount: string) {
  const req = { customer, direction: 'settlement' as const, side: 'foreign' as const, currency, amount, paymentIn: 'travellersCheque' as const, tellerId: 'teller1' };
  const q = ok(await t.call('trades.quote', req));
  return ok(await t.call('trades.commit', { ...req, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code) }));
}

async function rightNotes(t: Harness['terminal']) {
  const prep = ok(await t.call('dayClose.prepare', { date: DAY }));
  return prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes }));
}

const cheques = async (t: Harness['terminal'], currency: string) => ok(await t.call('reserves.accounts', {})).cash.find((c) => c.currency === currency);

describe('第三十条: traveller\'s cheques taken for a settlement', () => {
  it('第三十条: a settlement paid in USD cheques (to the cent) is held as cheques, not notes; the receipt says 旅行支票; SAFE gets it as traveller\'s cheques (form 04)', async () => {
    const monitoring = new RecordingMonitoring();
    h = openHarness({ monitoring });
    const t = h.terminal;
    await stockOutlet(t);
    const before = await cheques(t, 'USD');
    const tr = await chequeSettlement(t, BOB_PASSPORT, 'USD', '850.50');
    expect(tr.paymentIn).toBe('travellersCheque');
    // 850.50 × 710 / 100 = 6,038.55 RMB paid out in cash.
    expect([tr.foreign, tr.customerReceives]).toEqual([{ currency: 'USD', amount: '850.5' }, { currency: 'CNY', amount: '6038.55' }]);
    const after = await cheques(t, 'USD');
    expect(after!.travellersCheques).toBe('850.5');
    expect(after!.till).toBe(before!.till);
    // The receipt: what the customer handed over.
    const preview = ok(await t.call('trades.preview', { receiptNo: tr.receiptNo }));
    expect(preview.lines.institution.join('\n')).toContain("旅行支票 Traveller's cheque");
    // SAFE: the amount in the traveller's cheque column of the split (settlement fund form 04), none as cash.
    ok(await t.call('queue.syncNow', {}));
    const entry = monitoring.entries.find((e) => e.amount === '850.5');
    expect(entry?.split).toEqual({ cash: '0', remittance: '0', account: '0', travellersCheque: '850.5' });
    expect(ledgerViolations(t.ledger)).toEqual([]);
  });

  it('第三十条: a purchase paid out in traveller\'s cheques (or paid for in them) is refused: what the customer receives is cash', async () => {
    h = openHarness();
    const t = h.terminal;
    await stockOutlet(t);
    const req = { customer: ALICE, direction: 'purchase' as const, side: 'foreign' as const, currency: 'USD', amount: '100', paymentIn: 'travellersCheque' as const, tellerId: 'teller1' };
    const f = await refusedWithoutWrites(h, () => t.call('trades.quote', req), 'PAYMENT_METHOD_NOT_ACCEPTED');
    expect(f.message.zh).toContain('付出须为现钞');
  });
});

describe('第三十条: the day close counts traveller\'s cheques by currency, apart from the notes', () => {
  it('第三十条: the close lists the cheques held; a count that agrees closes; a missing count is refused', async () => {
    h = openHarness();
    const t = h.terminal;
    await stockOutlet(t);
    await chequeSettlement(t, BOB_PASSPORT, 'USD', '300');
    await chequeSettlement(t, BOB_PASSPORT, 'EUR', '120.25');
    const prep = ok(await t.call('dayClose.prepare', { date: DAY }));
    expect(prep.travellersCheques).toEqual([{ currency: 'EUR', total: '120.25' }, { currency: 'USD', total: '300' }]);
    // Notes are counted, cheques are not: refused, naming them.
    const counts = await rightNotes(t);
    const f = refused(await t.call('dayClose.close', { date: DAY, counts, travellersCheques: [{ currency: 'USD', amount: '300' }], actor: 'teller1' }), 'DAY_CLOSE_COUNT_MISSING');
    expect(f.message.zh).toContain('旅行支票/travellers_cheques EUR');
    const closed = ok(await t.call('dayClose.close', { date: DAY, counts, travellersCheques: [{ currency: 'USD', amount: '300' }, { currency: 'EUR', amount: '120.25' }], actor: 'teller1' }));
    expect(closed.supervisorId).toBeNull();
    expect(closed.chequeDifferences).toEqual([{ currency: 'EUR', expected: '120.25', counted: '120.25', difference: '0' }, { currency: 'USD', expected: '300', counted: '300', difference: '0' }]);
    expect(ok(await t.call('dayClose.get', { date: DAY })).chequeDifferences).toHaveLength(2);
  });

  it('第三十条: a cheque missing at the count is a variance: reason and supervisor, booked out of the cheques held and into the reserve ledger', async () => {
    h = openHarness();
    const t = h.terminal;
    await stockOutlet(t);
    await chequeSettlement(t, BOB_PASSPORT, 'USD', '300');
    const counts = await rightNotes(t);
    const short = [{ currency: 'USD', amount: '250' }];
    const f = refused(await t.call('dayClose.close', { date: DAY, counts, travellersCheques: short, actor: 'teller1' }), 'DAY_CLOSE_VARIANCE_UNEXPLAINED');
    expect(f.message.zh).toContain('旅行支票 USD 短款');
    const closed = ok(await t.call('dayClose.close', { date: DAY, counts, travellersCheques: short, varianceReason: '一张50美元支票未找到', actor: 'teller1', supervisorId: 'sup1' }));
    expect(closed.supervisorId).toBe('sup1');
    expect(closed.chequeDifferences).toEqual([{ currency: 'USD', expected: '300', counted: '250', difference: '-50' }]);
    expect((await cheques(t, 'USD'))!.travellersCheques).toBe('250');
    const line = ok(await t.call('reserves.ledger', { month: '2026-03' })).lines.at(-1)!;
    expect(line).toMatchObject({ nature: '长短款', outCurrency: 'USD', outAmount: '50' });
    expect(ledgerViolations(t.ledger)).toEqual([]);
  });
});

describe('第三十条: traveller\'s cheques sent to the bank', () => {
  it('第三十条: cheques_to_bank takes them out of the cheques held into the USD reserve account, in the 台账 as its own movement; more than held, or another currency\'s account, is refused', async () => {
    h = openHarness();
    const t = h.terminal;
    await stockOutlet(t);
    ok(await t.call('reserves.openAccount', { bankName: '工商银行首都机场支行', currency: 'CNY', accountNo: '0200001109000000100', actor: 'mgr1' }));
    const usd = ok(await t.call('reserves.openAccount', { bankName: '工商银行首都机场支行', currency: 'USD', accountNo: '0200001109000000200', actor: 'mgr1' }));
    const cny = ok(await t.call('reserves.accounts', {})).accounts.find((a) => a.currency === 'CNY')!;
    await chequeSettlement(t, BOB_PASSPORT, 'USD', '300');
    const totalBefore = ok(await t.call('reserves.accounts', {})).totals.find((x) => x.currency === 'USD')!.amount;
    const send = { kind: 'cheques_to_bank' as const, currency: 'USD', amount: '300', accountId: usd.id, note: '旅行支票托收', actor: 'sup1' };
    const over = await refusedWithoutWrites(h, () => t.call('reserves.move', { ...send, amount: '300.01' }), 'RESERVE_INSUFFICIENT');
    expect(over.message.zh).toContain('旅行支票');
    await refusedWithoutWrites(h, () => t.call('reserves.move', { ...send, accountId: cny.id }), 'RESERVE_CURRENCY_MISMATCH');
    await refusedWithoutWrites(h, () => t.call('reserves.move', { ...send, actor: 'teller1' }), 'ROLE_NOT_ALLOWED');
    const m = ok(await t.call('reserves.move', send));
    expect(m).toMatchObject({ kind: 'cheques_to_bank', out: { place: 'travellers_cheques', currency: 'USD', amount: '300' }, in: { place: usd.id, currency: 'USD', amount: '300' }, notes: [] });
    const after = ok(await t.call('reserves.accounts', {}));
    expect(after.cash.find((c) => c.currency === 'USD')!.travellersCheques).toBe('0');
    expect(after.accounts.find((a) => a.id === usd.id)!.balance).toBe('300');
    // The reserves are the same money, moved: the total does not change.
    expect(after.totals.find((x) => x.currency === 'USD')!.amount).toBe(totalBefore);
    const line = ok(await t.call('reserves.ledger', { month: '2026-03' })).lines.at(-1)!;
    expect(line).toMatchObject({ nature: '旅行支票送存银行', counterparty: '工商银行首都机场支行', method: 'transfer', inCurrency: 'USD', inAmount: '300', outCurrency: 'USD', outAmount: '300' });
    // The trial balance of the day: the cheques account back to nothing, the reserve account holding them.
    const tb = ok(await t.call('reports.trialBalance', { date: DAY })).rows;
    expect(tb.find((r) => r.kind === 'travellers_cheques' && r.currency === 'USD')?.balance ?? '0').toBe('0');
    expect(tb.find((r) => r.kind === 'reserve_account' && r.currency === 'USD')?.balance).toBe('300');
    // Nothing left to count at the close.
    expect(ok(await t.call('dayClose.prepare', { date: DAY })).travellersCheques).toEqual([]);
    ok(await t.call('dayClose.close', { date: DAY, counts: await rightNotes(t), actor: 'teller1' }));
    expect(ledgerViolations(t.ledger)).toEqual([]);
  });
});
