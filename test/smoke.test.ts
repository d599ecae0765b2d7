import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';

let h: Harness;
afterEach(() => h?.close());

describe('a first trade', () => {
  it('commits a settlement with receipt number 1 and pays out RMB', async () => {
    h = openHarness();
    await stockOutlet(h.terminal);
    const r = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    expect(r.receiptNo).toBe(1);
    expect(r.rmb).toEqual({ currency: 'CNY', amount: '710' });
    expect(r.reportingPath).toBe('backfill');
    const cash = ok(await h.terminal.call('cash.onHand', {}));
    expect(cash.find((c) => c.currency === 'CNY')?.amount).toBe('1999290');
    expect(cash.find((c) => c.currency === 'USD')?.amount).toBe('100100');
  });
});
