// Reserves (第三十八–四十六条) and cash by note, through the Terminal on a real ledger file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB_PASSPORT, ok, openHarness, RecordingMonitoring, refused, refusedWithoutWrites, stockOutlet, trade, type Harness } from './helpers/terminal';
import { ledgerViolations } from './helpers/invariants';

let h: Harness;
beforeEach(async () => {
  h = openHarness();
  await stockOutlet(h.terminal);
});
afterEach(() => h.close());

const t = () => h.terminal;
const counts = () => {
  const db = h.terminal.ledger;
  const n = (table: string) => (db.prepare(`select count(*) n from ${table}`).get() as { n: bigint }).n;
  return ['postings', 'reserve_movements', 'note_bundles', 'reserve_accounts', 'reserve_banks', 'audit_log'].map((x) => `${x}=${n(x)}`).join(' ');
};

async function openBanks(): Promise<Record<string, string>> {
  ok(await t().call('reserves.setBasicAccount', { bankName: '工商银行首都机场支行', accountNo: '0200001109000000001', actor: 'mgr1' }));
  const ids: Record<string, string> = {};
  ids.icbcCny = ok(await t().call('reserves.openAccount', { bankName: '工商银行首都机场支行', currency: 'CNY', accountNo: '0200001109000000100', actor: 'mgr1' })).id;
  ids.icbcUsd = ok(await t().call('reserves.openAccount', { bankName: '工商银行首都机场支行', currency: 'USD', accountNo: '0200001109000000200', actor: 'mgr1' })).id;
  ids.bocCny = ok(await t().call('reserves.openAccount', { bankName: '中国银行顺义支行', currency: 'CNY', accountNo: '3400000000001', actor: 'mgr1' })).id;
  return ids;
}

describe('reserve accounts (第四十二条)', () => {
  it('refuses a reserve account at a fourth bank, naming the article (第四十二条(一))', async () => {
    for (const [i, bank] of ['工商银行', '中国银行', '建设银行'].entries()) {
      ok(await t().call('reserves.openAccount', { bankName: bank, currency: 'CNY', accountNo: `A${i}`, actor: 'mgr1' }));
    }
    const before = counts();
    const e = refused(await t().call('reserves.openAccount', { bankName: '农业银行', currency: 'CNY', accountNo: 'A9', actor: 'mgr1' }), 'RESERVE_BANKS_MAX');
    expect(e.message.zh).toContain('第四十二条');
    expect(e.message.zh).toContain('建设银行');
    expect(counts()).toBe(before);
    // Another currency at one of the three is fine.
    ok(await t().call('reserves.openAccount', { bankName: '中国银行', currency: 'EUR', accountNo: 'E1', actor: 'mgr1' }));
  });

  it('refuses an FX reserve account without its RMB pair at the same bank (第四十二条(二))', async () => {
    const e = refused(await t().call('reserves.openAccount', { bankName: '招商银行', currency: 'USD', accountNo: 'U1', actor: 'mgr1' }), 'RESERVE_RMB_PAIR_MISSING');
    expect(e.message.en).toContain('第四十二条');
    expect(ok(await t().call('reserves.accounts', {})).banks).toEqual([]);
  });
});

describe('movements', () => {
  it('a movement is the signed-in supervisor\'s: another supervisor named as approving is refused, nothing written', async () => {
    const ids = await openBanks();
    const input = { kind: 'cash_deposit', currency: 'USD', amount: '5000', from: 'till', accountId: ids.icbcUsd!, actor: 'sup1' } as const;
    const f = await refusedWithoutWrites(h, () => t().call('reserves.move', { ...input, supervisorId: 'sup2' }), 'INVALID_INPUT');
    expect(f.message.en).toContain('must be the supervisor making the movement (sup1)');
    // Naming oneself is what the movement records anyway.
    ok(await t().call('reserves.move', { ...input, supervisorId: 'sup1' }));
    expect(h.terminal.ledger.prepare("SELECT supervisor_id FROM reserve_movements WHERE kind = 'cash_deposit'").pluck().all()).toEqual(['sup1']);
  });

  it('deposits till cash into a reserve account and takes it back, notes and balances following', async () => {
    const ids = await openBanks();
    const dep = ok(await t().call('reserves.move', { kind: 'cash_deposit', currency: 'USD', amount: '5000', from: 'till', accountId: ids.icbcUsd!, actor: 'sup1' }));
    expect(dep.out).toEqual({ place: 'till', currency: 'USD', amount: '5000' });
    let view = ok(await t().call('reserves.accounts', {}));
    expect(view.accounts.find((a) => a.id === ids.icbcUsd)!.balance).toBe('5000');
    expect(view.cash.find((c) => c.currency === 'USD')!.till).toBe('95000');
    // The total of USD reserves did not change: cash moved into a reserve account.
    expect(view.totals.find((c) => c.currency === 'USD')!.amount).toBe('100000');
    ok(await t().call('reserves.move', { kind: 'cash_withdrawal', currency: 'USD', amount: '2000', accountId: ids.icbcUsd!, to: 'safe', notes: [{ denomination: '100', count: 20 }], actor: 'sup1' }));
    view = ok(await t().call('reserves.accounts', {}));
    expect(view.cash.find((c) => c.currency === 'USD')!.safe).toBe('2000');
    const notes = ok(await t().call('cash.notes', {}));
    expect(notes.find((n) => n.location === 'safe' && n.currency === 'USD')).toEqual({ location: 'safe', currency: 'USD', total: '2000', notes: [{ denomination: '100', count: 20 }] });
    expect(ledgerViolations(h.terminal.ledger)).toEqual([]);
  });

  it('refuses a second RMB transfer in within one calendar month (第四十四条), and allows it next month', async () => {
    const ids = await openBanks();
    ok(await t().call('reserves.move', { kind: 'transfer_in', amount: '100000', accountId: ids.icbcCny!, actor: 'sup1' }));
    h.clock.advance(3 * 86_400_000);
    const before = counts();
    const e = refused(await t().call('reserves.move', { kind: 'transfer_in', amount: '1', accountId: ids.bocCny!, actor: 'sup1' }), 'TRANSFER_ONCE_A_MONTH');
    expect(e.message.zh).toContain('第四十四条');
    expect(e.message.zh).toContain('2026-03-10');
    expect(counts()).toBe(before);
    // A transfer out is counted separately.
    ok(await t().call('reserves.move', { kind: 'transfer_out', amount: '500', accountId: ids.icbcCny!, actor: 'sup1' }));
    h.clock.set('2026-04-01T01:00:00Z');
    ok(await t().call('reserves.move', { kind: 'transfer_in', amount: '1', accountId: ids.bocCny!, actor: 'sup1' }));
    refused(await t().call('reserves.move', { kind: 'transfer_in', amount: '1', accountId: ids.usd ?? ids.icbcUsd!, actor: 'sup1' }), 'TRANSFER_RMB_ONLY');
  });

  it('refuses rebalancing USD with another institution (第四十五条(二)) and allows EUR', async () => {
    const before = counts();
    const e = refused(await t().call('reserves.move', {
      kind: 'rebalance', channel: 'other_institution', counterparty: '通汇兑换有限公司', method: 'cash', place: '首都机场T3', sameCity: true,
      in: { currency: 'USD', amount: '1000', place: 'till' }, out: { currency: 'CNY', amount: '7150', place: 'till' }, ratePer100: '715', actor: 'sup1',
    }), 'REBALANCE_NOT_ALLOWED');
    expect(e.message.zh).toContain('第四十五条');
    expect(e.message.en).toContain('USD');
    expect(counts()).toBe(before);
    const m = ok(await t().call('reserves.move', {
      kind: 'rebalance', channel: 'other_institution', counterparty: '通汇兑换有限公司', method: 'cash', place: '首都机场T3', sameCity: true,
      in: { currency: 'EUR', amount: '1000', place: 'till' }, out: { currency: 'CNY', amount: '7800', place: 'till' }, ratePer100: '780', actor: 'sup1',
    }));
    expect(m.in).toEqual({ place: 'till', currency: 'EUR', amount: '1000' });
    const ledger = ok(await t().call('reserves.ledger', { month: '2026-03' }));
    const line = ledger.lines.at(-1)!;
    expect(line).toMatchObject({ nature: '调剂（与其他特许机构间调剂）', counterparty: '通汇兑换有限公司', place: '首都机场T3（同城）', method: 'cash', inCurrency: 'EUR', inAmount: '1000', outCurrency: 'CNY', outAmount: '7800', rate: '780' });
  });

  it('refuses lending one currency to an account bank (only exchanges, 第四十五条(三)) and FX against FX within the institution', async () => {
    refused(await t().call('reserves.move', { kind: 'rebalance', channel: 'bank', counterparty: '工商银行', method: 'cash', place: '网点', sameCity: true, in: { currency: 'USD', amount: '100', place: 'till' }, actor: 'sup1' }), 'REBALANCE_NOT_ALLOWED');
    refused(await t().call('reserves.move', { kind: 'rebalance', channel: 'internal', counterparty: '总部', method: 'cash', place: '网点', sameCity: true, in: { currency: 'USD', amount: '100', place: 'till' }, out: { currency: 'EUR', amount: '90', place: 'till' }, ratePer100: '90', actor: 'sup1' }), 'REBALANCE_NOT_ALLOWED');
    // Borrowing USD from the institution itself is allowed (第四十五条(一)).
    ok(await t().call('reserves.move', { kind: 'rebalance', channel: 'internal', counterparty: '环球通总部', method: 'cash', place: '北京', sameCity: true, in: { currency: 'USD', amount: '100', place: 'safe' }, actor: 'sup1' }));
    // A cash rebalance without the place of the hand-over is refused (第四十六条 fields).
    refused(await t().call('reserves.move', { kind: 'rebalance', channel: 'internal', counterparty: '环球通总部', method: 'cash', in: { currency: 'USD', amount: '100', place: 'safe' }, actor: 'sup1' }), 'REBALANCE_DETAILS_MISSING');
  });

  it('refuses paying an expense from reserves (第四十一条) and writes nothing', async () => {
    const before = counts();
    const e = refused(await t().call('reserves.move', { kind: 'expense', currency: 'CNY', amount: '300', from: 'till', note: '房租', actor: 'sup1' }), 'RESERVE_EXPENSE_FORBIDDEN');
    expect(e.message.zh).toContain('第四十一条');
    expect(counts()).toBe(before);
  });

  it('refuses depositing reserve cash into the basic account (第四十三条(三))', async () => {
    await openBanks();
    refused(await t().call('reserves.move', { kind: 'cash_deposit', currency: 'CNY', amount: '100', from: 'till', accountId: 'basic', actor: 'sup1' }), 'CASH_NOT_TO_OTHER_ACCOUNTS');
  });
});

describe('cash by note', () => {
  it('pays a trade out of the notes in the till and never proposes a note it does not have', async () => {
    // Empty the till of USD 100s and 50s into the safe: what is left must pay.
    const stock = ok(await t().call('cash.notes', {})).find((n) => n.location === 'till' && n.currency === 'USD')!;
    const big = stock.notes.filter((n) => n.denomination === '100' || n.denomination === '50');
    const amount = big.reduce((s, n) => s + Number(n.denomination) * n.count, 0);
    ok(await t().call('reserves.move', { kind: 'till_safe', currency: 'USD', amount: String(amount), from: 'till', to: 'safe', notes: big, actor: 'sup1' }));
    const proposal = ok(await t().call('cash.proposePayout', { currency: 'USD', amount: '370' }));
    expect(proposal.notes.map((n) => n.denomination)).not.toContain('100');
    expect(proposal.notes.reduce((s, n) => s + Number(n.denomination) * n.count, 0)).toBe(370);
    const done = ok(await trade(t(), { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '370' }));
    expect(done.receiptNo).toBe(1);
    const after = ok(await t().call('cash.notes', {})).find((n) => n.location === 'till' && n.currency === 'USD')!;
    expect(after.notes.find((n) => n.denomination === '100')).toBeUndefined();
    expect(ledgerViolations(h.terminal.ledger)).toEqual([]);
  });

  it('records the notes a customer hands over as counted, and refuses notes that do not add up', async () => {
    const q = ok(await t().call('trades.quote', { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '300', side: 'foreign', tellerId: 'teller1' }));
    const base = { customer: BOB_PASSPORT, direction: 'settlement' as const, currency: 'USD', amount: '300', side: 'foreign' as const, tellerId: 'teller1', quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code) };
    refused(await t().call('trades.commit', { ...base, notesIn: [{ denomination: '100', count: 2 }] }), 'NOTES_INVALID');
    refused(await t().call('trades.commit', { ...base, notesIn: [{ denomination: '3', count: 100 }] }), 'NOTES_INVALID');
    const before = ok(await t().call('cash.notes', {})).find((n) => n.location === 'till' && n.currency === 'USD')!;
    const twenties = before.notes.find((n) => n.denomination === '20')?.count ?? 0;
    ok(await t().call('trades.commit', { ...base, notesIn: [{ denomination: '20', count: 15 }] }));
    const after = ok(await t().call('cash.notes', {})).find((n) => n.location === 'till' && n.currency === 'USD')!;
    expect(after.notes.find((n) => n.denomination === '20')!.count).toBe(twenties + 15);
  });

  it('refuses a payout the till cannot make up exactly (CHANGE_UNAVAILABLE), naming the amount', async () => {
    // Move every JPY note but the 10,000s to the safe.
    const jpy = ok(await t().call('cash.notes', {})).find((n) => n.location === 'till' && n.currency === 'JPY')!;
    const small = jpy.notes.filter((n) => n.denomination !== '10000');
    ok(await t().call('reserves.move', { kind: 'till_safe', currency: 'JPY', amount: String(small.reduce((s, n) => s + Number(n.denomination) * n.count, 0)), from: 'till', to: 'safe', notes: small, actor: 'sup1' }));
    const e = refused(await trade(t(), { customer: ALICE, direction: 'purchase', currency: 'JPY', amount: '15000' }), 'CHANGE_UNAVAILABLE');
    expect(e.message.en).toContain('15,000');
  });
});

describe('cash by note before a real-time entry (第三十二条(一))', () => {
  it('refuses notes received that do not add up before anything reaches the monitoring system', async () => {
    const monitoring = new RecordingMonitoring();
    const own = openHarness({ monitoring });
    try {
      await stockOutlet(own.terminal);
      const req = { customer: ALICE, direction: 'settlement' as const, currency: 'USD', amount: '800', side: 'foreign' as const, tellerId: 'teller1' };
      const q = ok(await own.terminal.call('trades.quote', req));
      expect(q.reportingPath).toBe('realtime');
      refused(await own.terminal.call('trades.commit', { ...req, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code), notesIn: [{ denomination: '100', count: 7 }] }), 'NOTES_INVALID');
      expect(monitoring.entries).toEqual([]);
    } finally {
      own.close();
    }
  });
});
