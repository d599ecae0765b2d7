// trades.attempts (the README's "Adding a method" example): the trades a counter rule refused, each
// with its refusal, for the supervisor's review; a teller and the reporters may not read them.
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB_PASSPORT, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';

let open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

async function outlet(): Promise<Harness> {
  const h = openHarness({ start: '2026-03-10T02:00:00Z' });
  open.push(h);
  await stockOutlet(h.terminal);
  return h;
}

describe('trades.attempts', () => {
  it('lists the day\'s refused trades, newest first, with the refusal and the customer as typed (第三条, 第二十九条)', async () => {
    const h = await outlet();
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    // Over the daily limit of 5,000 USD: refused by a counter rule, recorded as an attempt.
    const over = await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '5000' });
    expect(!over.ok && over.error.code).toBe('DAILY_LIMIT_EXCEEDED');
    h.clock.advance(60_000);
    const bob = await trade(h.terminal, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '6000' });
    expect(!bob.ok && bob.error.code).toBe('DAILY_LIMIT_EXCEEDED');

    const list = ok(await h.raw.call('trades.attempts', {}, h.session('sup1')));
    expect(list.map((a) => [a.customer.idNumber, a.usdEquivalent, a.refusal.code, a.tellerId])).toEqual([
      [BOB_PASSPORT.idNumber, '6000', 'DAILY_LIMIT_EXCEEDED', 'teller1'],
      [ALICE.idNumber, '5000', 'DAILY_LIMIT_EXCEEDED', 'teller1'],
    ]);
    expect(list[1]).toMatchObject({
      businessDate: '2026-03-10',
      customer: { idType: '01', country: 'CHN', name: ALICE.name },
      direction: 'settlement',
      foreign: { currency: 'USD', amount: '5000' },
      rmb: { currency: 'CNY', amount: '35500' },
      policyVersion: 1,
    });
    expect(list[1]!.refusal.message.zh).toContain('5,000');
    // Another day's list is another day's: none yet.
    expect(ok(await h.raw.call('trades.attempts', { date: '2026-03-11' }, h.session('sup1')))).toEqual([]);
    expect(ok(await h.raw.call('trades.attempts', { limit: 1 }, h.session('mgr1'))).map((a) => a.customer.idNumber)).toEqual([BOB_PASSPORT.idNumber]);
  });

  it('is the supervisor\'s: a teller and a reporter are refused (ROLE_NOT_ALLOWED), and a wrong date is refused', async () => {
    const h = await outlet();
    for (const id of ['teller1', 'statA']) {
      const r = await h.raw.call('trades.attempts', {}, h.session(id));
      expect(!r.ok && r.error.code).toBe('ROLE_NOT_ALLOWED');
    }
    const bad = await h.raw.call('trades.attempts', { date: '2026-02-30' }, h.session('sup1'));
    expect(!bad.ok && [bad.error.code, bad.error.message.en]).toEqual(['INVALID_INPUT', expect.stringContaining('date')]);
  });
});
