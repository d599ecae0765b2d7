// 第三十四条 (the institution sets its rates) and issue 19 item 4: a rate far from the board's
// current one, or from the month's USD conversion table, is a slip until a supervisor says why it
// is not. Refused (RATE_FAR_FROM_BOARD) with nothing written; with a reason, put on the board and
// audited with it. The bands are the policy's (10 % from the board's mid, 15 % from the table).
import { afterEach, describe, expect, it } from 'vitest';
import { ok, openHarness, refusedWithoutWrites, type Harness } from './helpers/terminal';

let h: Harness | undefined;
afterEach(() => h?.close());

const set = (t: Harness['terminal'], currency: string, buyPer100: string, sellPer100: string, confirmReason?: string) =>
  t.call('rates.set', { currency, buyPer100, sellPer100, setBy: 'sup1', ...(confirmReason !== undefined ? { confirmReason } : {}) });

describe('第三十四条: a rate far from the board needs a supervisor\'s reason', () => {
  it('USD 100 / 2000 after 710 / 720 is refused, saying how far and from what, nothing written; confirmed with a reason it stands, the reason audited', async () => {
    h = openHarness();
    const t = h.terminal;
    // The first rate of a currency has nothing to be compared with.
    ok(await set(t, 'USD', '710', '720'));
    const f = await refusedWithoutWrites(h, () => set(t, 'USD', '100', '2000'), 'RATE_FAR_FROM_BOARD');
    expect(f.message.zh).toContain('USD 新牌价与现行牌价的中间价相差 46.85%（1050 对 715），超过 10%');
    expect(f.message.en).toContain('a supervisor confirms it with a reason');
    expect(ok(await t.call('rates.board', {})).find((r) => r.currency === 'USD')?.buyPer100).toBe('710');
    // A reason of spaces is no reason.
    await refusedWithoutWrites(h, () => set(t, 'USD', '100', '2000', '   '), 'RATE_FAR_FROM_BOARD');
    const r = ok(await set(t, 'USD', '100', '2000', '央行调整，已电话核实'));
    expect([r.buyPer100, r.sellPer100]).toEqual(['100', '2000']);
    const detail = JSON.parse(t.ledger.prepare("SELECT detail FROM audit_log WHERE action = 'rate.set' ORDER BY id DESC LIMIT 1").pluck().get() as string) as { confirmed?: { reason: string; against: string; percent: string } };
    expect(detail.confirmed).toEqual({ reason: '央行调整，已电话核实', against: 'board', percent: '46.85' });
  });

  it('at the band it stands without a reason; a hair beyond, it is asked (the mid, not buy or sell alone)', async () => {
    h = openHarness();
    const t = h.terminal;
    ok(await set(t, 'USD', '700', '720'));
    // Mid 710 → 781 is exactly 10 %.
    ok(await set(t, 'USD', '771', '791'));
    // Mid 781 → 859.11 is 10.0000…1 %: beyond.
    await refusedWithoutWrites(h, () => set(t, 'USD', '849.11', '869.11'), 'RATE_FAR_FROM_BOARD');
    ok(await set(t, 'USD', '849.1', '869.1'));
  });

  it('a currency whose USD value by the board is more than 15 % from this month\'s conversion table is asked, even as its first rate; a month without a table is not compared', async () => {
    h = openHarness({ start: '2026-03-10T02:00:00Z' });
    const t = h.terminal;
    ok(await set(t, 'USD', '710', '720'));
    // No table for March yet: EUR at any level is a first rate.
    ok(await set(t, 'EUR', '940', '960'));
    ok(await t.call('conversionRates.import', { month: '2026-03', csv: 'currency,usd_per_unit\nEUR,1.10\nJPY,0.0068\nHKD,0.128\n', importedBy: 'sup1' }));
    // JPY typed a decimal place off (47 for 4.7 per 100): 48 / 715 = 0.0671 USD against 0.0068.
    const f = await refusedWithoutWrites(h, () => set(t, 'JPY', '47', '49'), 'RATE_FAR_FROM_BOARD');
    expect(f.message.zh).toContain('JPY 新牌价与本月美元折算率（按美元牌价折算）相差');
    expect(f.message.en).toContain('0.0671329 against 0.0068');
    // 4.80 / 715 = 0.0067 USD, 1.3 % from the table: stands.
    ok(await set(t, 'JPY', '4.70', '4.90'));
    // HKD at 107.8 / 108.2 (mid 108): 0.151 USD, 18.0 % from 0.128: asked; at 104 / 105 (0.1462, 14.2 %): stands.
    await refusedWithoutWrites(h, () => set(t, 'HKD', '107.8', '108.2'), 'RATE_FAR_FROM_BOARD');
    ok(await set(t, 'HKD', '104', '105'));
  });
});
