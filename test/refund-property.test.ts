// A refund on a later day undoes its trade exactly (issue 19 item 2; docs/compliance-refund.md): for
// any trade (either direction, any currency of the board, any amount within the day's limit), its
// refund the next day leaves the till's cash in every currency as before the trade, the month's
// 附表2 customer flows and fee income as before, and the customer's next day free (第二十九条).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ok, openHarness, stockOutlet, trade } from './helpers/terminal';

const RUNS = Math.max(3, Number(process.env.PROPERTY_RUNS ?? 8));

describe('issue 19 item 2: a refund undoes its trade', () => {
  it('第二十九条/第三十二条: cash by currency, 附表2 flows and fee income back to what they were; the day\'s standing zero', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('settlement' as const, 'purchase' as const),
        fc.constantFrom(['USD', 1, 4000] as const, ['EUR', 5, 3000] as const, ['JPY', 1000, 500_000] as const, ['HKD', 10, 30_000] as const),
        fc.integer({ min: 1, max: 1000 }),
        async (direction, [currency, step, max], k) => {
          const amount = String(Math.max(step, Math.floor((max * k) / 1000 / step) * step));
          const h = openHarness({ start: '2026-03-16T02:00:00Z' });
          try {
            await stockOutlet(h.terminal);
            const cash0 = ok(await h.terminal.call('cash.onHand', {}));
            const form0 = ok(await h.terminal.call('reports.form2', { month: '2026-03' }));
            const customer = { idType: '01', idNumber: '11010519491231002X', name: '张三' };
            const quote = ok(await h.terminal.call('trades.quote', { customer, direction, currency, amount, side: 'foreign', tellerId: 'teller1' }));
            const t = ok(await trade(h.terminal, { customer, direction, currency, amount }, { acknowledge: quote.prompts.map((p) => p.code), supervisorId: 'sup1' }));
            h.clock.set('2026-03-17T03:00:00Z');
            ok(await h.terminal.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
            ok(await h.terminal.call('trades.refund', { receiptNo: t.receiptNo, customer: { idType: '01', idNumber: customer.idNumber }, reason: '退回', tellerId: 'teller1', supervisorId: 'sup1' }));
            expect(ok(await h.terminal.call('cash.onHand', {}))).toEqual(cash0);
            const form = ok(await h.terminal.call('reports.form2', { month: '2026-03' }));
            expect(form.flows).toEqual(form0.flows);
            const profit = ok(await h.terminal.call('reports.profit', { from: '2026-03-16', to: '2026-03-17' }));
            expect(profit.total.feeIncome).toBe('0');
            expect(ok(await h.terminal.call('trades.personDay', { idType: '01', idNumber: customer.idNumber })).usdTotal).toBe('0');
          } finally {
            h.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
