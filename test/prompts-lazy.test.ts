// 第三十七条 risk prompts with the look-backs passed as functions (what the Terminal does, so a
// quote or a commit reads the person's history and the outlet's last 30 minutes only when the
// trade is just below a threshold): the same prompts as with the entries passed in, and no read
// for a trade outside every band.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../shared/money/money';
import { POLICY_V1 } from '../shared/policy';
import { dayStanding } from '../shared/rules/dailyLimit';
import { justBelowThreshold, riskPrompts, type PriorEntry } from '../shared/rules/prompts';

const P = POLICY_V1.params;
const NOW = new Date('2026-03-10T04:00:00Z');

/** USD amounts in cents, crowded around the bands (450–500, 900–1000, 4500–5000) and their edges. */
const usdArb = fc.oneof(
  fc.integer({ min: 1, max: 600_000 }),
  fc.constantFrom(45_000, 50_000, 90_000, 100_000, 450_000, 500_000).chain((edge) => fc.integer({ min: edge - 300, max: edge + 300 })),
).map((cents) => dec(String(cents)).dividedBy(100));

const entryArb: fc.Arbitrary<PriorEntry> = fc.record({
  personKey: fc.constantFrom('A', 'B', 'C', 'D'),
  tellerId: fc.constantFrom('t1', 't2'),
  usd: usdArb,
  at: fc.integer({ min: 0, max: 40 * 60_000 }).map((ago) => new Date(NOW.getTime() - ago)),
});

describe('第三十七条 prompts read their look-backs only when a trade is just below a threshold', () => {
  it('the same prompts either way; the reads happen exactly when the amount is in a band (fast-check)', () => {
    fc.assert(
      fc.property(usdArb, fc.array(entryArb, { maxLength: 6 }), fc.array(entryArb, { maxLength: 8 }), fc.integer({ min: 0, max: 6 }), (usd, history, outlet, before) => {
        const standing = dayStanding(usd, 'settlement', [], P);
        const base = { usd, personKey: 'A', tellerId: 't1', now: NOW, standing, tradesBeforeToday: before, policy: P };
        let reads = 0;
        const eager = riskPrompts({ ...base, personHistory: history, outletRecent: outlet });
        const lazy = riskPrompts({ ...base, personHistory: () => (reads++, history), outletRecent: () => (reads++, outlet) });
        expect(lazy).toEqual(eager);
        expect(reads).toBe(justBelowThreshold(usd, P) ? 2 : 0);
      }),
      { numRuns: 500 },
    );
  });

  it('第三十七条: a 449.99 USD trade reads nothing; 450.00 reads both and still finds the linked people', () => {
    const failing = () => {
      throw new Error('read');
    };
    const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);
    const outside = dec('449.99');
    expect(riskPrompts({ usd: outside, personKey: 'A', tellerId: 't1', now: NOW, standing: dayStanding(outside, 'settlement', [], P), tradesBeforeToday: 0, personHistory: failing, outletRecent: failing, policy: P })).toEqual([]);
    const inside = dec('450.00');
    const others = [{ personKey: 'B', tellerId: 't1', usd: dec('480'), at: at(10) }, { personKey: 'C', tellerId: 't1', usd: dec('499'), at: at(2) }];
    const prompts = riskPrompts({ usd: inside, personKey: 'A', tellerId: 't1', now: NOW, standing: dayStanding(inside, 'settlement', [], P), tradesBeforeToday: 0, personHistory: () => [], outletRecent: () => others, policy: P });
    expect(prompts.map((p) => p.code)).toEqual(['linkedPeople']);
  });
});
