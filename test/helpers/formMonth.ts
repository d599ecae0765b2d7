// The month worked by hand (test/fixtures/form-month.json): February's float, then in March trades
// (one voided) and reserve movements (a transfer in, a deposit, a rebalancing with the bank), at one
// counter, as test/reports.test.ts checks its 附表1 and 附表2 cell by cell and test/hub-reports.test.ts
// checks the hub's. Leaves the clock on 2 April.
import { expect } from 'vitest';
import { ALICE, BOB_PASSPORT, ok, trade, type Harness } from './terminal';

export const FORM_MONTH_START = '2026-02-27T02:00:00Z';

async function setRates(t: Harness['terminal']) {
  ok(await t.call('rates.set', { currency: 'USD', buyPer100: '710', sellPer100: '720', setBy: 'sup1' }));
  ok(await t.call('rates.set', { currency: 'EUR', buyPer100: '770', sellPer100: '790', setBy: 'sup1' }));
}

export async function workFormMonth(h: Harness): Promise<void> {
    const t = h.terminal;
    ok(await t.call('conversionRates.import', { month: '2026-02', csv: 'currency,usd_per_unit\nEUR,1.20\n', importedBy: 'sup1' }));
    ok(await t.call('conversionRates.import', { month: '2026-03', csv: 'currency,usd_per_unit\nEUR,1.25\n', importedBy: 'sup1' }));
    // February: the board, and the float from the institution (valued at the board's mid, 7.15 and 7.80).
    await setRates(t);
    for (const [currency, amount] of [['CNY', '100000'], ['USD', '10000'], ['EUR', '5000']] as const) {
      ok(await t.call('cash.fund', { currency, amount, note: '开业备付金', actor: 'mgr1' }));
    }
    // 10 March: trades.
    h.clock.set('2026-03-10T02:00:00Z');
    await setRates(t);
    expect(ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '300' })).rmb.amount).toBe('2130');
    expect(ok(await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'EUR', amount: '400' })).rmb.amount).toBe('3080');
    expect(ok(await trade(t, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '1000' })).reportingPath).toBe('realtime');
    const voided = ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    ok(await t.call('trades.void', { receiptNo: voided.receiptNo, reason: '客户取消', tellerId: 'teller1', supervisorId: 'sup1' }));
    ok(await t.call('queue.syncNow', {}));
    // 11 March: reserves.
    h.clock.set('2026-03-11T02:00:00Z');
    ok(await t.call('reserves.setBasicAccount', { bankName: '工商银行', accountNo: 'B-001', actor: 'mgr1' }));
    const cny = ok(await t.call('reserves.openAccount', { bankName: '工商银行', currency: 'CNY', accountNo: 'R-CNY', actor: 'mgr1' })).id;
    const usd = ok(await t.call('reserves.openAccount', { bankName: '工商银行', currency: 'USD', accountNo: 'R-USD', actor: 'mgr1' })).id;
    ok(await t.call('reserves.move', { kind: 'transfer_in', amount: '50000', accountId: cny, actor: 'sup1' }));
    ok(await t.call('reserves.move', { kind: 'cash_deposit', currency: 'USD', amount: '2000', from: 'till', accountId: usd, actor: 'sup1' }));
    ok(await t.call('reserves.move', {
      kind: 'rebalance', channel: 'bank', counterparty: '工商银行', method: 'cash', place: '工商银行营业部', sameCity: true,
      out: { currency: 'USD', amount: '1000', place: 'till' }, in: { currency: 'CNY', amount: '7150', place: 'till' }, ratePer100: '715', actor: 'sup1',
    }));
    h.clock.set('2026-04-02T02:00:00Z');

}
