// Property tests over random sequences of at least 1,000 operations: trades both ways in several
// currencies (JPY included), voids, rate changes, day changes, domestic and foreign customers.
// After every sequence the ledger's invariants hold (test/helpers/invariants.ts), and the cash on
// hand equals an independent model kept by the test from what the Terminal answered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mod11_2CheckCharacter } from '../shared/id/idDocument';
import { Decimal, dec } from '../shared/money/money';
import { ledgerViolations } from './helpers/invariants';
import { ok, openHarness, type Harness } from './helpers/terminal';

const CURRENCIES = ['USD', 'EUR', 'JPY', 'HKD'] as const;
const NOTE: Record<(typeof CURRENCIES)[number], number> = { USD: 1, EUR: 5, JPY: 1000, HKD: 10 };
const BASE_RATE: Record<(typeof CURRENCIES)[number], [string, string]> = {
  USD: ['710.00', '720.00'],
  EUR: ['770.00', '790.00'],
  JPY: ['4.7000', '4.9000'],
  HKD: ['90.50', '92.50'],
};
/** How far the random walk of a board rate may go from its base, in steps (see runSequence). */
const MAX_STEPS = 10;
// About 60 days pass in 1,000 operations: import enough months of SAFE's table.
const MONTHS = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'];
const CONVERSION = 'EUR,1.09\nJPY,0.0068\nHKD,0.128\n';

function residentId(n: number): string {
  const first17 = `110105${1950 + (n % 50)}0${1 + (n % 9)}1${n % 10}${String(100 + n).slice(-3)}`;
  return first17 + mod11_2CheckCharacter(first17);
}

/** Ten customers: seven domestic (resident ID), three foreign (passports). */
const PEOPLE = [
  ...Array.from({ length: 7 }, (_, i) => ({ idType: '01', idNumber: residentId(i), name: `客户${i}` })),
  ...Array.from({ length: 3 }, (_, i) => ({ idType: '04', idNumber: `P${1000000 + i}`, country: ['USA', 'JPN', 'GBR'][i]!, name: `VISITOR ${i}` })),
];

type Op =
  | { op: 'trade'; person: number; direction: 'settlement' | 'purchase'; currency: (typeof CURRENCIES)[number]; notes: number; tc: boolean; receiptOf: number | null }
  | { op: 'void'; pick: number }
  | { op: 'rate'; currency: (typeof CURRENCIES)[number]; bump: number }
  | { op: 'nextDay' }
  | { op: 'wait'; minutes: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      op: fc.constant('trade' as const),
      person: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
      direction: fc.constantFrom('settlement' as const, 'purchase' as const),
      currency: fc.constantFrom(...CURRENCIES),
      // Mostly small trades, some large enough to be real-time or to hit the daily limit.
      notes: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 900 })),
      tc: fc.boolean(),
      receiptOf: fc.option(fc.nat(), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rate' as const), currency: fc.constantFrom(...CURRENCIES), bump: fc.integer({ min: -5, max: 5 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'nextDay' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 120 }) }) },
);

/** Refusals a random sequence may meet; anything else (above all INTERNAL_ERROR) fails the test. */
const EXPECTED_REFUSALS = new Set([
  'DAILY_LIMIT_EXCEEDED',
  'RECONVERSION_RECEIPT_REQUIRED',
  'RECONVERSION_RECEIPT_INVALID',
  'RECONVERSION_EXCEEDS_RECEIPT',
  'CASH_INSUFFICIENT',
  'VOID_CASH_INSUFFICIENT',
  'VOID_NOT_SAME_DAY',
  'TRADE_ALREADY_VOIDED',
  'PAYMENT_METHOD_NOT_ACCEPTED',
  'FEE_EXCEEDS_AMOUNT',
]);

async function setBoard(h: Harness, bumps: Map<string, number>): Promise<void> {
  for (const c of CURRENCIES) {
    const [buy, sell] = BASE_RATE[c];
    const step = c === 'JPY' ? '0.01' : '0.5';
    const k = bumps.get(c) ?? 0;
    ok(await h.terminal.call('rates.set', {
      currency: c,
      buyPer100: dec(buy).plus(dec(step).times(k)).toString(),
      sellPer100: dec(sell).plus(dec(step).times(k)).toString(),
      fee: c === 'JPY' ? '5' : '0',
      setBy: 'sup1',
    }));
  }
}

async function runSequence(ops: Op[]): Promise<void> {
  const h = openHarness({ start: '2026-03-30T01:00:00Z' });
  try {
    const t = h.terminal;
    for (const month of MONTHS) ok(await t.call('conversionRates.import', { month, csv: CONVERSION, importedBy: 'sup1' }));
    const model = new Map<string, Decimal>();
    const add = (currency: string, amount: string, sign: 1 | -1) =>
      model.set(currency, (model.get(currency) ?? new Decimal(0)).plus(dec(amount).times(sign)));
    for (const [currency, amount] of [['CNY', '3000000'], ['USD', '60000'], ['EUR', '60000'], ['JPY', '9000000'], ['HKD', '400000']] as const) {
      ok(await t.call('cash.fund', { currency, amount, note: 'opening', actor: 'mgr1' }));
      add(currency, amount, 1);
    }
    const bumps = new Map<string, number>();
    await setBoard(h, bumps);
    const committed: { id: string; receiptNo: number; person: number; direction: string }[] = [];
    let lastReceipt = 0;

    for (const op of ops) {
      h.clock.advance(1000);
      if (op.op === 'wait') h.clock.advance(op.minutes * 60_000);
      if (op.op === 'nextDay') {
        h.clock.advance(24 * 3600_000);
        await setBoard(h, bumps); // a fresh board each morning
      }
      if (op.op === 'rate') {
        // The board wanders within ±10 steps of its base, as a market does over two months. An
        // unbounded walk drifts past 15% of SAFE's monthly conversion rate, which 第三十四条's check
        // rightly refuses (RATE_FAR_FROM_BOARD): that refusal has its own tests.
        const walked = (bumps.get(op.currency) ?? 0) + op.bump;
        bumps.set(op.currency, Math.max(-MAX_STEPS, Math.min(MAX_STEPS, walked)));
        await setBoard(h, bumps);
      }
      if (op.op === 'trade') {
        const person = PEOPLE[op.person]!;
        // A foreigner reconverting may present one of their own earlier settlement receipts.
        const own = committed.filter((c) => c.person === op.person && c.direction === 'settlement');
        const originalReceiptNo = op.receiptOf !== null && own.length > 0 ? own[op.receiptOf % own.length]!.receiptNo : undefined;
        const request = {
          customer: person,
          direction: op.direction,
          currency: op.currency,
          amount: String(op.notes * NOTE[op.currency]),
          side: 'foreign' as const,
          paymentIn: op.tc && op.direction === 'settlement' ? ('travellersCheque' as const) : ('cash' as const),
          ...(originalReceiptNo !== undefined && op.direction === 'purchase' ? { originalReceiptNo } : {}),
          tellerId: 'teller1',
        };
        const quote = await t.call('trades.quote', request);
        if (!quote.ok) {
          expect(EXPECTED_REFUSALS, quote.error.code).toContain(quote.error.code);
          continue;
        }
        const result = await t.call('trades.commit', {
          ...request,
          quoteToken: quote.value.quoteToken,
          acknowledgedPrompts: quote.value.prompts.map((p) => p.code),
          supervisorId: 'sup1',
        });
        if (!result.ok) {
          expect(EXPECTED_REFUSALS, `${result.error.code}: ${result.error.message.en}`).toContain(result.error.code);
          if (quote.value.refusal) expect(result.error.code).toBe(quote.value.refusal.code);
          continue;
        }
        const trade = result.value;
        expect(quote.value.refusal).toBeUndefined();
        expect(trade.receiptNo).toBe(++lastReceipt);
        expect(trade.foreign.amount).toBe(quote.value.foreign.amount);
        expect(trade.rmb.amount).toBe(quote.value.rmb.amount);
        committed.push({ id: trade.id, receiptNo: trade.receiptNo, person: op.person, direction: trade.direction });
        // Cash on hand moves by what changed hands; a traveller's cheque is not cash.
        if (trade.paymentIn === 'cash') add(trade.customerPays.currency, trade.customerPays.amount, 1);
        add(trade.customerReceives.currency, trade.customerReceives.amount, -1);
      }
      if (op.op === 'void' && committed.length > 0) {
        const target = committed[op.pick % committed.length]!;
        const result = await t.call('trades.void', { tradeId: target.id, reason: '客户取消 customer cancelled', tellerId: 'teller1', supervisorId: 'sup1' });
        if (!result.ok) {
          expect(EXPECTED_REFUSALS, `${result.error.code}: ${result.error.message.en}`).toContain(result.error.code);
          continue;
        }
        const trade = result.value;
        expect(trade.status).toBe('void');
        if (trade.paymentIn === 'cash') add(trade.customerPays.currency, trade.customerPays.amount, -1);
        add(trade.customerReceives.currency, trade.customerReceives.amount, 1);
      }
    }

    expect(ledgerViolations(t.ledger)).toEqual([]);
    const cash = ok(await t.call('cash.onHand', {}));
    for (const [currency, expected] of model) {
      expect(cash.find((c) => c.currency === currency)?.amount, currency).toBe(expected.toString());
    }
    // The sequence did real work: trades were committed, in several currencies.
    expect(committed.length).toBeGreaterThan(50);
  } finally {
    h.close();
  }
}

describe('ledger invariants over random operation sequences (fast-check)', () => {
  it(
    'postings balance per currency, balances equal their postings, cash never negative, receipts gapless, ' +
      'no day over the limit (第二十九条), real-time where 第三十二条(一) says, cash equals the model',
    async () => {
      await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1000, maxLength: 1100 }), runSequence), { numRuns: Number(process.env.PROPERTY_RUNS ?? 4), endOnFailure: true });
    },
    300_000,
  );
});
