// Boundary tests for every parameter of rules.md's table that the code implements, at the exact
// threshold and one fen (or one minor unit) on either side, in USD and in other currencies converted
// with the month's table (2026-03: EUR 1.25, JPY 0.0068, HKD 0.128 USD per unit).
//
// Readings (rules.md, "Readings we chose"): "(含)" includes the number and the matching "以上"
// excludes it; thresholds compare the exact USD equivalent, never a rounded display figure.
//
// Two levels: the pure rule functions in shared/rules and shared/pricing.ts, then the same
// boundaries through the Terminal on a real SQLite ledger.
import { afterEach, describe, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { mod11_2CheckCharacter } from '../shared/id/idDocument';
import { Decimal, dec } from '../shared/money/money';
import { POLICY_V1, type PolicyParams } from '../shared/policy';
import { price, usdEquivalent, type PricingInput } from '../shared/pricing';
import { checkDailyLimit, dayStanding, type CountedTrade } from '../shared/rules/dailyLimit';
import { acceptedPaymentMethods, checkPaymentMethod } from '../shared/rules/payment';
import { justBelowThreshold, riskPrompts, type PriorEntry } from '../shared/rules/prompts';
import { checkOriginalReceipt, reconversionReceiptRequired, type OriginalReceipt } from '../shared/rules/reconversion';
import { reportingPath } from '../shared/rules/reportingPath';
import type { Direction } from '../shared/rules/tradeKind';
import { ALICE, BOB_PASSPORT, RecordingMonitoring, ok, openHarness, refused, stockOutlet, trade, type Harness } from './helpers/terminal';

const P = POLICY_V1.params;
/** The 2026-03 USD conversion table stockOutlet imports. */
const USD_PER = { USD: dec('1'), EUR: dec('1.25'), JPY: dec('0.0068'), HKD: dec('0.128') } as const;
const usdOf = (amount: string, currency: keyof typeof USD_PER) => usdEquivalent(dec(amount), USD_PER[currency]);

/** The Refusal a rule throws; fails the test when it throws nothing. */
function refusalOf(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a Refusal, none was thrown');
}

// ================================================================================================
// Level 1: the pure rules
// ================================================================================================

describe('第三十二条 reportingPath (pure)', () => {
  const pathOf = (usd: Decimal | string, o: { direction?: Direction; borderPort?: boolean; tradesBeforeToday?: number; policy?: PolicyParams } = {}) =>
    reportingPath({
      usd: typeof usd === 'string' ? dec(usd) : usd,
      direction: o.direction ?? 'settlement',
      borderPort: o.borderPort ?? false,
      tradesBeforeToday: o.tradesBeforeToday ?? 0,
      policy: o.policy ?? P,
    });

  it('第三十二条(二): exactly 500.00 USD is back-filled, 500.01 is real-time, 499.99 is back-filled (both directions)', () => {
    for (const direction of ['settlement', 'purchase'] as const) {
      expect(pathOf('499.99', { direction })).toBe('backfill');
      expect(pathOf('500.00', { direction })).toBe('backfill');
      expect(pathOf('500.01', { direction })).toBe('realtime');
    }
  });

  it('第三十二条(一): the comparison is exact: 500.000001 USD is real-time although it shows as 500.00', () => {
    expect(pathOf('500.000001')).toBe('realtime');
    expect(pathOf('499.999999')).toBe('backfill');
  });

  it('第三十二条(一)(二): EUR at 1.25: 400.00 EUR = 500 USD back-fill, 400.01 EUR = 500.0125 real-time, 399.99 EUR = 499.9875 back-fill', () => {
    expect(usdOf('400.00', 'EUR').toString()).toBe('500');
    expect(usdOf('400.01', 'EUR').toString()).toBe('500.0125');
    expect(usdOf('399.99', 'EUR').toString()).toBe('499.9875');
    expect(pathOf(usdOf('400.00', 'EUR'))).toBe('backfill');
    expect(pathOf(usdOf('400.01', 'EUR'))).toBe('realtime');
    expect(pathOf(usdOf('399.99', 'EUR'))).toBe('backfill');
  });

  it('第三十二条(一)(二): JPY at 0.0068: 73530 JPY = 500.004 USD real-time, 73529 JPY = 499.9972 USD back-fill', () => {
    expect(usdOf('73530', 'JPY').toString()).toBe('500.004');
    expect(usdOf('73529', 'JPY').toString()).toBe('499.9972');
    expect(pathOf(usdOf('73530', 'JPY'))).toBe('realtime');
    expect(pathOf(usdOf('73529', 'JPY'))).toBe('backfill');
  });

  it('第三十二条(一)(二): HKD at 0.128: 3906.25 HKD = exactly 500 USD back-fill, 3906.26 real-time, 3906.24 back-fill', () => {
    expect(usdOf('3906.25', 'HKD').toString()).toBe('500');
    expect(usdOf('3906.26', 'HKD').toString()).toBe('500.00128');
    expect(usdOf('3906.24', 'HKD').toString()).toBe('499.99872');
    expect(pathOf(usdOf('3906.25', 'HKD'))).toBe('backfill');
    expect(pathOf(usdOf('3906.26', 'HKD'))).toBe('realtime');
    expect(pathOf(usdOf('3906.24', 'HKD'))).toBe('backfill');
  });

  it('第三十二条(一): with 4 trades already today a small trade is back-filled; with 5 (or more) it is real-time', () => {
    expect(pathOf('0.01', { tradesBeforeToday: 4 })).toBe('backfill');
    expect(pathOf('0.01', { tradesBeforeToday: 5 })).toBe('realtime');
    expect(pathOf('0.01', { tradesBeforeToday: 6 })).toBe('realtime');
    expect(pathOf('0.01', { tradesBeforeToday: 5, direction: 'purchase' })).toBe('realtime');
  });

  it('第三十二条(一): the thresholds are policy parameters (realtimeSingleUsd 1000, realtimeAfterTrades 3)', () => {
    const policy: PolicyParams = { ...P, realtimeSingleUsd: '1000', realtimeAfterTrades: 3 };
    expect(pathOf('500.01', { policy })).toBe('backfill');
    expect(pathOf('1000.00', { policy })).toBe('backfill');
    expect(pathOf('1000.01', { policy })).toBe('realtime');
    expect(pathOf('1', { policy, tradesBeforeToday: 2 })).toBe('backfill');
    expect(pathOf('1', { policy, tradesBeforeToday: 3 })).toBe('realtime');
  });

  it('第三十二条(四): at a border port a settlement of exactly 100.00 USD is exempt, 99.99 exempt, 100.01 back-filled', () => {
    expect(pathOf('99.99', { borderPort: true })).toBe('exempt');
    expect(pathOf('100.00', { borderPort: true })).toBe('exempt');
    expect(pathOf('100.01', { borderPort: true })).toBe('backfill');
    expect(pathOf('100.000001', { borderPort: true })).toBe('backfill');
  });

  it('第三十二条(四): EUR 80.00 (= 100 USD) exempt, 80.01 (100.0125) back-fill; JPY 14705 (99.994) exempt, 14706 (100.0008) back-fill', () => {
    expect(usdOf('80.00', 'EUR').toString()).toBe('100');
    expect(pathOf(usdOf('80.00', 'EUR'), { borderPort: true })).toBe('exempt');
    expect(usdOf('80.01', 'EUR').toString()).toBe('100.0125');
    expect(pathOf(usdOf('80.01', 'EUR'), { borderPort: true })).toBe('backfill');
    expect(pathOf(usdOf('79.99', 'EUR'), { borderPort: true })).toBe('exempt');
    expect(usdOf('14705', 'JPY').toString()).toBe('99.994');
    expect(pathOf(usdOf('14705', 'JPY'), { borderPort: true })).toBe('exempt');
    expect(usdOf('14706', 'JPY').toString()).toBe('100.0008');
    expect(pathOf(usdOf('14706', 'JPY'), { borderPort: true })).toBe('backfill');
  });

  it('第三十二条(四): a purchase (RMB→FX) at a border port is never exempt, however small', () => {
    expect(pathOf('100.00', { borderPort: true, direction: 'purchase' })).toBe('backfill');
    expect(pathOf('0.01', { borderPort: true, direction: 'purchase' })).toBe('backfill');
  });

  it('第三十二条(四): away from a border port a settlement of 100.00 USD is back-filled, not exempt', () => {
    expect(pathOf('100.00', { borderPort: false })).toBe('backfill');
    expect(pathOf('0.01', { borderPort: false })).toBe('backfill');
  });

  it('第三十二条(一)(四): the real-time triggers override the border-port exemption (after 5 trades; above 500)', () => {
    expect(pathOf('100.00', { borderPort: true, tradesBeforeToday: 4 })).toBe('exempt');
    expect(pathOf('100.00', { borderPort: true, tradesBeforeToday: 5 })).toBe('realtime');
    expect(pathOf('0.01', { borderPort: true, tradesBeforeToday: 5 })).toBe('realtime');
    expect(pathOf('500.01', { borderPort: true })).toBe('realtime');
    expect(pathOf('500.00', { borderPort: true })).toBe('backfill');
  });

  it('第三十二条(四): borderPortExemptUsd is a policy parameter (200)', () => {
    const policy: PolicyParams = { ...P, borderPortExemptUsd: '200' };
    expect(pathOf('200.00', { borderPort: true, policy })).toBe('exempt');
    expect(pathOf('200.01', { borderPort: true, policy })).toBe('backfill');
  });
});

describe('第二十九条 dayStanding + checkDailyLimit (pure)', () => {
  const t = (direction: Direction, usd: string | Decimal): CountedTrade => ({ direction, usd: typeof usd === 'string' ? dec(usd) : usd });
  const judge = (usd: string | Decimal, direction: Direction, earlier: CountedTrade[], policy: PolicyParams = P) => {
    const standing = dayStanding(typeof usd === 'string' ? dec(usd) : usd, direction, earlier, policy);
    return { standing, check: () => checkDailyLimit(standing) };
  };

  it('第二十九条: a single trade of exactly 5000.00 USD is allowed; 5000.01 is refused with 5,000.00 remaining', () => {
    const at = judge('5000.00', 'settlement', []);
    expect(at.standing.usedAfter.toString()).toBe('5000');
    expect(at.standing.remainingAfter.toString()).toBe('0');
    expect(at.check).not.toThrow();
    expect(judge('4999.99', 'settlement', []).check).not.toThrow();
    const over = refusalOf(judge('5000.01', 'settlement', []).check);
    expect(over.code).toBe('DAILY_LIMIT_EXCEEDED');
    expect(over.failure.details).toEqual({ limit: '5,000.00', remaining: '5,000.00' });
  });

  it('第二十九条: combined: 2000 bought + 2000 sold + 1000.00 is allowed, + 1000.01 refused showing 1,000.00 USD left', () => {
    const earlier = [t('settlement', '2000'), t('purchase', '2000')];
    const at = judge('1000.00', 'settlement', earlier);
    expect(at.standing.usedBefore.toString()).toBe('4000');
    expect(at.standing.usedAfter.toString()).toBe('5000');
    expect(at.check).not.toThrow();
    const below = judge('999.99', 'purchase', earlier);
    expect(below.standing.remainingAfter.toString()).toBe('0.01');
    expect(below.check).not.toThrow();
    const over = refusalOf(judge('1000.01', 'settlement', earlier).check);
    expect(over.code).toBe('DAILY_LIMIT_EXCEEDED');
    expect(over.failure.details).toEqual({ limit: '5,000.00', remaining: '1,000.00' });
    expect(over.failure.message.en).toContain('This customer has 1,000.00 USD left today');
    expect(over.failure.message.zh).toContain('客户今日还可兑换等值 1,000.00 美元');
  });

  it('第二十九条: EUR at 1.25: 4000.00 EUR (= 5000 USD) allowed, 4000.01 EUR (5000.0125) refused, 3999.99 allowed', () => {
    expect(judge(usdOf('4000.00', 'EUR'), 'settlement', []).check).not.toThrow();
    expect(judge(usdOf('3999.99', 'EUR'), 'settlement', []).check).not.toThrow();
    expect(usdOf('4000.01', 'EUR').toString()).toBe('5000.0125');
    expect(refusalOf(judge(usdOf('4000.01', 'EUR'), 'settlement', []).check).code).toBe('DAILY_LIMIT_EXCEEDED');
  });

  it('第二十九条: JPY at 0.0068: 735294 JPY (4999.9992 USD) allowed, 735295 JPY (5000.006 USD) refused', () => {
    expect(usdOf('735294', 'JPY').toString()).toBe('4999.9992');
    expect(usdOf('735295', 'JPY').toString()).toBe('5000.006');
    expect(judge(usdOf('735294', 'JPY'), 'settlement', []).check).not.toThrow();
    expect(refusalOf(judge(usdOf('735295', 'JPY'), 'settlement', []).check).code).toBe('DAILY_LIMIT_EXCEEDED');
  });

  it('第二十九条: the day total is the exact sum (3 × 1666.665 = 4999.995 is allowed though each shows as 1666.67)', () => {
    const earlier = [t('settlement', '1666.665'), t('settlement', '1666.665')];
    const s = judge('1666.665', 'settlement', earlier);
    expect(s.standing.usedAfter.toString()).toBe('4999.995');
    expect(s.check).not.toThrow();
    // 4999.9992 used: 0.0008 left exactly, shown half-up as 0.00; one more cent is refused.
    const over = refusalOf(judge('0.01', 'settlement', [t('settlement', usdOf('735294', 'JPY'))]).check);
    expect(over.failure.details).toEqual({ limit: '5,000.00', remaining: '0.00' });
  });

  it('第二十九条: perDirection: 5000 purchased does not count against settlement; 5000.00 settled allowed, 5000.01 refused', () => {
    const policy: PolicyParams = { ...P, dailyLimitMode: 'perDirection' };
    const earlier = [t('purchase', '5000')];
    const at = judge('5000.00', 'settlement', earlier, policy);
    expect(at.standing.usedBefore.toString()).toBe('0');
    expect(at.check).not.toThrow();
    const over = refusalOf(judge('5000.01', 'settlement', earlier, policy).check);
    expect(over.failure.details).toEqual({ limit: '5,000.00', remaining: '5,000.00' });
    // The same purchase direction is full: one cent more is refused, nothing left.
    const samePurchase = refusalOf(judge('0.01', 'purchase', earlier, policy).check);
    expect(samePurchase.failure.details).toEqual({ limit: '5,000.00', remaining: '0.00' });
  });

  it('第二十九条: perDirection vs combined with 3000 settled and 4000 purchased: a 2000.00 settlement', () => {
    const earlier = [t('settlement', '3000'), t('purchase', '4000')];
    const perDirection: PolicyParams = { ...P, dailyLimitMode: 'perDirection' };
    expect(judge('2000.00', 'settlement', earlier, perDirection).check).not.toThrow();
    expect(refusalOf(judge('2000.01', 'settlement', earlier, perDirection).check).failure.details).toEqual({ limit: '5,000.00', remaining: '2,000.00' });
    // Combined: 7000 already used, above the limit: nothing is left and any trade is refused.
    const combined = refusalOf(judge('0.01', 'settlement', earlier).check);
    expect(combined.failure.details).toEqual({ limit: '5,000.00', remaining: '0.00' });
  });

  it('第二十九条: dailyLimitUsd is a policy parameter (3000)', () => {
    const policy: PolicyParams = { ...P, dailyLimitUsd: '3000' };
    expect(judge('3000.00', 'settlement', [], policy).check).not.toThrow();
    expect(refusalOf(judge('3000.01', 'settlement', [], policy).check).failure.details).toEqual({ limit: '3,000.00', remaining: '3,000.00' });
  });
});

describe('第三十一条 reconversion (pure)', () => {
  const required = (usd: string | Decimal, before: string, policy: PolicyParams = P) =>
    reconversionReceiptRequired(typeof usd === 'string' ? dec(usd) : usd, dec(before), policy);

  it('第三十一条: a reconversion of exactly 1000.00 USD needs no receipt; 1000.01 does; 999.99 does not', () => {
    expect(required('999.99', '0')).toBe(false);
    expect(required('1000.00', '0')).toBe(false);
    expect(required('1000.01', '0')).toBe(true);
  });

  it('第三十一条: the threshold is the day cumulative: 600 before + 400.00 no receipt, + 400.01 receipt', () => {
    expect(required('400.00', '600')).toBe(false);
    expect(required('400.01', '600')).toBe(true);
    expect(required('0.01', '999.99')).toBe(false);
    expect(required('0.01', '1000')).toBe(true);
  });

  it('第三十一条: EUR at 1.25: 800.00 EUR (= 1000 USD) needs no receipt, 800.01 does; JPY 147058 (999.9944) no, 147059 (1000.0012) yes', () => {
    expect(required(usdOf('800.00', 'EUR'), '0')).toBe(false);
    expect(required(usdOf('799.99', 'EUR'), '0')).toBe(false);
    expect(required(usdOf('800.01', 'EUR'), '0')).toBe(true);
    expect(usdOf('147058', 'JPY').toString()).toBe('999.9944');
    expect(usdOf('147059', 'JPY').toString()).toBe('1000.0012');
    expect(required(usdOf('147058', 'JPY'), '0')).toBe(false);
    expect(required(usdOf('147059', 'JPY'), '0')).toBe(true);
  });

  it('第三十一条: reconversionReceiptUsd is a policy parameter (2000)', () => {
    const policy: PolicyParams = { ...P, reconversionReceiptUsd: '2000' };
    expect(required('2000.00', '0', policy)).toBe(false);
    expect(required('2000.01', '0', policy)).toBe(true);
  });

  const BOB_KEY = '04:X1234567:USA';
  const receipt = (over: Partial<OriginalReceipt> = {}): OriginalReceipt => ({
    receiptNo: 7,
    businessDate: '2024-03-10',
    personKey: BOB_KEY,
    direction: 'settlement',
    voided: false,
    rmbReceived: dec('7100'),
    rmbReconverted: dec('2000'),
    ...over,
  });
  const check = (o: { receipt?: OriginalReceipt | undefined; today?: string; rmb?: string; personKey?: string; policy?: PolicyParams } = {}) => () =>
    checkOriginalReceipt({
      receiptNo: 7,
      receipt: 'receipt' in o ? o.receipt : receipt(),
      personKey: o.personKey ?? BOB_KEY,
      today: o.today ?? '2026-03-10',
      rmb: dec(o.rmb ?? '100'),
      policy: o.policy ?? P,
    });
  const invalidReason = (fn: () => void) => {
    const r = refusalOf(fn);
    expect(r.code).toBe('RECONVERSION_RECEIPT_INVALID');
    expect(r.failure.details?.receiptNo).toBe('7');
    return r.failure.details?.reasonEn;
  };

  it('第三十一条: a receipt dated 2024-03-10 is valid on 2026-03-10 (the last day of 24 months) and expired on 2026-03-11', () => {
    expect(check({ today: '2026-03-09' })).not.toThrow();
    expect(check({ today: '2026-03-10' })).not.toThrow();
    expect(invalidReason(check({ today: '2026-03-11' }))).toBe('it expired 24 months after its exchange date, on 2026-03-10');
  });

  it('第三十一条: a receipt dated 2024-02-29 is valid until 2026-02-28 (no 29th) and expired on 2026-03-01', () => {
    expect(check({ receipt: receipt({ businessDate: '2024-02-29' }), today: '2026-02-28' })).not.toThrow();
    expect(invalidReason(check({ receipt: receipt({ businessDate: '2024-02-29' }), today: '2026-03-01' })))
      .toBe('it expired 24 months after its exchange date, on 2026-02-28');
  });

  it('第三十一条: reconversionReceiptMonths is a policy parameter (12)', () => {
    const policy: PolicyParams = { ...P, reconversionReceiptMonths: 12 };
    expect(check({ policy, today: '2025-03-10' })).not.toThrow();
    expect(invalidReason(check({ policy, today: '2025-03-11' }))).toBe('it expired 12 months after its exchange date, on 2025-03-10');
  });

  it('第三十一条: reconverting exactly the RMB still unreconverted (7100 − 2000 = 5100.00) passes; 5100.01 is refused', () => {
    expect(check({ rmb: '5100.00' })).not.toThrow();
    expect(check({ rmb: '5099.99' })).not.toThrow();
    const over = refusalOf(check({ rmb: '5100.01' }));
    expect(over.code).toBe('RECONVERSION_EXCEEDS_RECEIPT');
    expect(over.failure.details).toEqual({ amount: 'CNY 5,100.01', receiptNo: '7', remaining: 'CNY 5,100.00' });
  });

  it('第三十一条: a receipt fully reconverted already leaves CNY 0.00: one fen is refused', () => {
    const used = refusalOf(check({ receipt: receipt({ rmbReconverted: dec('7100') }), rmb: '0.01' }));
    expect(used.code).toBe('RECONVERSION_EXCEEDS_RECEIPT');
    expect(used.failure.details?.remaining).toBe('CNY 0.00');
  });

  it('第三十一条: another person\'s receipt, a voided one, a purchase receipt and an unknown number are refused as invalid', () => {
    expect(invalidReason(check({ personKey: '04:Y7654321:GBR' }))).toBe('that receipt belongs to another person');
    // Same number, another country: another person (the person is type + number + country).
    expect(invalidReason(check({ personKey: '04:X1234567:GBR' }))).toBe('that receipt belongs to another person');
    expect(invalidReason(check({ receipt: receipt({ voided: true }) }))).toBe('that receipt is void');
    expect(invalidReason(check({ receipt: receipt({ direction: 'purchase' }) }))).toBe('that receipt is not for changing foreign currency into RMB');
    expect(invalidReason(check({ receipt: undefined }))).toBe('this institution issued no receipt with this number');
  });
});

describe('第三十条 payment methods (pure)', () => {
  it('第三十条: cash or traveller\'s cheques in for a settlement; a purchase is paid in cash only', () => {
    expect(acceptedPaymentMethods('settlement')).toEqual(['cash', 'travellersCheque']);
    expect(acceptedPaymentMethods('purchase')).toEqual(['cash']);
    expect(() => checkPaymentMethod('settlement', 'cash')).not.toThrow();
    expect(() => checkPaymentMethod('settlement', 'travellersCheque')).not.toThrow();
    expect(() => checkPaymentMethod('purchase', 'cash')).not.toThrow();
    const r = refusalOf(() => checkPaymentMethod('purchase', 'travellersCheque'));
    expect(r.code).toBe('PAYMENT_METHOD_NOT_ACCEPTED');
    expect(r.failure.details).toEqual({ method: '旅行支票 traveller\'s cheque' });
  });
});

describe('第三十七条 risk prompts (pure)', () => {
  const NOW = new Date('2026-03-10T02:00:00Z');
  const entry = (personKey: string, usd: string, minutesAgo = 60, tellerId = 't1'): PriorEntry => ({
    personKey, tellerId, usd: dec(usd), at: new Date(NOW.getTime() - minutesAgo * 60_000),
  });
  const promptsFor = (a: { usd: string; usedBefore?: string; tradesBeforeToday?: number; history?: PriorEntry[]; outlet?: PriorEntry[] }) => {
    const usd = dec(a.usd);
    const standing = dayStanding(usd, 'settlement', a.usedBefore ? [{ direction: 'settlement', usd: dec(a.usedBefore) }] : [], P);
    return riskPrompts({
      usd, personKey: 'A', tellerId: 't1', now: NOW, standing, tradesBeforeToday: a.tradesBeforeToday ?? 0,
      personHistory: a.history ?? [], outletRecent: a.outlet ?? [], policy: P,
    });
  };
  const codes = (a: Parameters<typeof promptsFor>[0]) => promptsFor(a).map((p) => p.code);
  const band = (usd: string | Decimal) => justBelowThreshold(typeof usd === 'string' ? dec(usd) : usd, P)?.toString();

  it('第三十七条: the 500 band with a 10% margin is 450.00–500.00 inclusive (449.99 and 500.01 are outside)', () => {
    expect(band('449.99')).toBeUndefined();
    expect(band('450.00')).toBe('500');
    expect(band('500.00')).toBe('500');
    expect(band('500.01')).toBeUndefined();
  });

  it('第三十七条: the 1000 band is 900.00–1000.00 and the 5000 band 4500.00–5000.00', () => {
    expect(band('899.99')).toBeUndefined();
    expect(band('900.00')).toBe('1000');
    expect(band('1000.00')).toBe('1000');
    expect(band('1000.01')).toBeUndefined();
    expect(band('4499.99')).toBeUndefined();
    expect(band('4500.00')).toBe('5000');
    expect(band('5000.00')).toBe('5000');
    expect(band('5000.01')).toBeUndefined();
  });

  it('第三十七条: the bands apply to the exact USD equivalent: EUR 360.00 (450) is in, EUR 359.99 (449.9875) out', () => {
    expect(band(usdOf('360.00', 'EUR'))).toBe('500');
    expect(band(usdOf('359.99', 'EUR'))).toBeUndefined();
    // JPY 66177 = 450.0036 USD in, 66176 = 449.9968 USD out.
    expect(band(usdOf('66177', 'JPY'))).toBe('500');
    expect(band(usdOf('66176', 'JPY'))).toBeUndefined();
  });

  it('第三十七条: nearDailyLimit when the day reaches exactly 4500.00 (not at 4499.99), up to 5000.00 (5000.01 is refused instead)', () => {
    const at = promptsFor({ usd: '500.00', usedBefore: '4000' }).find((p) => p.code === 'nearDailyLimit');
    expect(at?.level).toBe('confirm');
    expect(at?.message.en).toBe('After this trade the customer has exchanged 4,500.00 USD today, close to the daily limit of 5,000.00 USD (第二十九条).');
    expect(codes({ usd: '499.99', usedBefore: '4000' })).not.toContain('nearDailyLimit');
    expect(codes({ usd: '1000.00', usedBefore: '4000' })).toContain('nearDailyLimit');
    expect(codes({ usd: '1000.01', usedBefore: '4000' })).not.toContain('nearDailyLimit');
  });

  it('第三十七条: realtimeCountReached when this is the 5th trade of the day (4 before), not the 4th', () => {
    expect(codes({ usd: '10', tradesBeforeToday: 3 })).toEqual([]);
    const fifth = promptsFor({ usd: '10', tradesBeforeToday: 4 });
    expect(fifth.map((p) => p.code)).toEqual(['realtimeCountReached']);
    expect(fifth[0]?.message.en).toBe('This is the customer\'s trade number 5 today; after 5 trades every further trade is entered in real time (第三十二条).');
    expect(promptsFor({ usd: '10', tradesBeforeToday: 5 })[0]?.message.en).toContain('trade number 6 today');
  });

  it('第三十七条: justBelowThreshold needs an earlier entry of the same person in the same band (450.00 counts, 449.99 does not)', () => {
    const hit = promptsFor({ usd: '499.99', history: [entry('A', '450.00')] });
    expect(hit.map((p) => p.code)).toEqual(['justBelowThreshold']);
    expect(hit[0]?.level).toBe('supervisor');
    expect(hit[0]?.message.en).toBe('The customer has changed just under 500.00 USD more than once in 3 days, which may be structuring (第三十七条). Check the purpose; a supervisor must confirm.');
    expect(codes({ usd: '499.99', history: [entry('A', '449.99')] })).toEqual([]);
    expect(codes({ usd: '500.01', history: [entry('A', '450.00')] })).toEqual([]);
    expect(codes({ usd: '499.99', history: [entry('B', '450.00')] })).toEqual([]);
    // An earlier entry in another band (1000) does not make a 500-band pattern.
    expect(codes({ usd: '499.99', history: [entry('A', '950.00')] })).toEqual([]);
  });

  it('第三十七条: linkedPeople at 2 other people with the same teller in the same band within 30 minutes (inclusive)', () => {
    const two = [entry('B', '480', 30), entry('C', '460', 5)];
    const hit = promptsFor({ usd: '490', outlet: two });
    expect(hit.map((p) => p.code)).toEqual(['linkedPeople']);
    expect(hit[0]?.message.en).toBe('2 other customers changed just under 500.00 USD with this teller in the last 30 minutes, which may be structuring (第三十七条). Check whether they came together; a supervisor must confirm.');
    // One of them 30 minutes and 1 second ago: outside the window, only one other person left.
    expect(codes({ usd: '490', outlet: [entry('B', '480', 30 + 1 / 60), entry('C', '460', 5)] })).toEqual([]);
    // Another teller, or the same person twice, is not a second person.
    expect(codes({ usd: '490', outlet: [entry('B', '480', 5, 't2'), entry('C', '460', 5)] })).toEqual([]);
    expect(codes({ usd: '490', outlet: [entry('B', '480', 5), entry('B', '460', 4)] })).toEqual([]);
  });
});

describe('pricing and rounding (shared/pricing.ts, 第三十三、三十四条)', () => {
  const base = (o: Partial<Omit<PricingInput, 'amount'>> & { amount: string }): PricingInput => ({
    direction: 'settlement', currency: 'USD', side: 'foreign', paymentIn: 'cash', ratePer100: dec('710'), fee: dec('0'),
    ...o,
    amount: dec(o.amount),
  });
  const priced = (o: Partial<Omit<PricingInput, 'amount'>> & { amount: string }) => {
    const r = price(base(o));
    return { foreign: r.foreign.toString(), rmb: r.rmb.toString(), fee: r.fee.toString(), pays: r.customerPays.toString(), receives: r.customerReceives.toString() };
  };

  it('RMB is rounded half-up to the fen (0.045 → 0.05, 0.0449 → 0.04, 3.545 → 3.55, 7207.2028 → 7207.20)', () => {
    expect(priced({ currency: 'JPY', amount: '1', paymentIn: 'travellersCheque', ratePer100: dec('4.50') }).rmb).toBe('0.05');
    expect(priced({ currency: 'JPY', amount: '1', paymentIn: 'travellersCheque', ratePer100: dec('4.49') }).rmb).toBe('0.04');
    expect(priced({ amount: '0.50', paymentIn: 'travellersCheque', ratePer100: dec('709') }).rmb).toBe('3.55');
    expect(priced({ currency: 'HKD', amount: '7963.76', paymentIn: 'travellersCheque', ratePer100: dec('90.50') }).rmb).toBe('7207.2');
    expect(priced({ amount: '0.01', paymentIn: 'travellersCheque' }).rmb).toBe('0.07');
  });

  it('foreign cash must be a multiple of the smallest note (USD 1, EUR 5, JPY 1000); a settled traveller\'s cheque may be any minor unit', () => {
    const notInNotes = (o: Parameters<typeof base>[0]) => refusalOf(() => price(base(o)));
    const usd = notInNotes({ amount: '100.50' });
    expect(usd.code).toBe('AMOUNT_NOT_IN_NOTES');
    expect(usd.failure.details).toEqual({ currency: 'USD', note: '1' });
    expect(notInNotes({ currency: 'EUR', amount: '12', ratePer100: dec('770') }).failure.details).toEqual({ currency: 'EUR', note: '5' });
    expect(priced({ currency: 'EUR', amount: '15', ratePer100: dec('770') }).rmb).toBe('115.5');
    expect(notInNotes({ currency: 'JPY', amount: '73530', ratePer100: dec('4.70') }).failure.details).toEqual({ currency: 'JPY', note: '1000' });
    expect(priced({ currency: 'JPY', amount: '73530', paymentIn: 'travellersCheque', ratePer100: dec('4.70') }).rmb).toBe('3455.91');
    expect(priced({ amount: '500.01', paymentIn: 'travellersCheque' }).rmb).toBe('3550.07');
    expect(notInNotes({ amount: '0.001', paymentIn: 'travellersCheque' }).failure.details).toEqual({ currency: 'USD', note: '0.01' });
    // A purchase pays out cash: notes, whatever was said about cheques.
    expect(notInNotes({ direction: 'purchase', amount: '100.50', ratePer100: dec('720') }).code).toBe('AMOUNT_NOT_IN_NOTES');
  });

  it('settlement named in RMB: the foreign side rounds up so the customer gets at least what they asked (710.00 → 100 USD, 710.01 → 101, 709.99 → 100)', () => {
    expect(priced({ side: 'rmb', amount: '710.00' })).toEqual({ foreign: '100', rmb: '710', fee: '0', pays: '100', receives: '710' });
    expect(priced({ side: 'rmb', amount: '710.01' })).toEqual({ foreign: '101', rmb: '717.1', fee: '0', pays: '101', receives: '717.1' });
    expect(priced({ side: 'rmb', amount: '709.99' }).foreign).toBe('100');
    // Traveller's cheques round up to the cent: 1000 / 7.10 = 140.845… → 140.85 → CNY 1000.035 → 1000.04.
    expect(priced({ side: 'rmb', amount: '1000', paymentIn: 'travellersCheque' })).toEqual({ foreign: '140.85', rmb: '1000.04', fee: '0', pays: '140.85', receives: '1000.04' });
    // With a fee of 10 the customer must hand over enough for 1010: 142.25… → 143 USD.
    expect(priced({ side: 'rmb', amount: '1000', fee: dec('10') })).toEqual({ foreign: '143', rmb: '1015.3', fee: '10', pays: '143', receives: '1005.3' });
  });

  it('purchase named in RMB: the foreign side rounds down so the customer pays no more than offered (720.00 → 100 USD, 719.99 → 99, 720.01 → 100)', () => {
    const purchase = { direction: 'purchase' as const, side: 'rmb' as const, ratePer100: dec('720') };
    expect(priced({ ...purchase, amount: '720.00' })).toEqual({ foreign: '100', rmb: '720', fee: '0', pays: '720', receives: '100' });
    expect(priced({ ...purchase, amount: '719.99' })).toEqual({ foreign: '99', rmb: '712.8', fee: '0', pays: '712.8', receives: '99' });
    expect(priced({ ...purchase, amount: '720.01' }).pays).toBe('720');
    expect(priced({ ...purchase, amount: '1000', fee: dec('10') })).toEqual({ foreign: '137', rmb: '986.4', fee: '10', pays: '996.4', receives: '137' });
    expect(priced({ ...purchase, currency: 'JPY', amount: '1000', ratePer100: dec('4.90') })).toEqual({ foreign: '20000', rmb: '980', fee: '0', pays: '980', receives: '20000' });
  });

  it('an RMB amount that buys less than the smallest note is refused (7.19 → AMOUNT_TOO_SMALL, 7.20 → 1 USD); so is a fee that eats it all', () => {
    const purchase = { direction: 'purchase' as const, side: 'rmb' as const, ratePer100: dec('720') };
    expect(refusalOf(() => price(base({ ...purchase, amount: '7.19' }))).code).toBe('AMOUNT_TOO_SMALL');
    expect(priced({ ...purchase, amount: '7.20' }).foreign).toBe('1');
    expect(refusalOf(() => price(base({ ...purchase, amount: '10', fee: dec('10') }))).code).toBe('FEE_EXCEEDS_AMOUNT');
    expect(refusalOf(() => price(base({ amount: '1', fee: dec('7.10') }))).code).toBe('FEE_EXCEEDS_AMOUNT');
    expect(priced({ amount: '1', fee: dec('7.09') }).receives).toBe('0.01');
  });

  it('the USD equivalent is exact, never rounded (73530 JPY → 500.004; 7963.76 HKD → 1019.36128)', () => {
    expect(usdEquivalent(dec('73530'), USD_PER.JPY).toString()).toBe('500.004');
    expect(usdEquivalent(dec('7963.76'), USD_PER.HKD).toString()).toBe('1019.36128');
  });
});

// ================================================================================================
// Level 2: through the Terminal (real SQLite)
// ================================================================================================

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** A second domestic person: a valid resident ID. */
const DAVID = { idType: '01', idNumber: (() => { const f = '11010519800101123'; return f + mod11_2CheckCharacter(f); })(), name: '李四' };
const CAROL_PASSPORT = { idType: '04', idNumber: 'Y7654321', country: 'GBR', name: 'CAROL JONES' };

// trade() confirms no prompt on its own: a trade below that is prompted names what the teller
// confirms (a person's fifth trade of the day and on: realtimeCountReached; the day reaching 4500
// USD: nearDailyLimit; a second trade just under a threshold: justBelowThreshold, with sup1).
type Req = Parameters<typeof trade>[1];

async function open(opts: Parameters<typeof openHarness>[0] = {}): Promise<{ h: Harness; monitoring: RecordingMonitoring }> {
  const monitoring = new RecordingMonitoring();
  h = openHarness({ monitoring, ...opts });
  await stockOutlet(h.terminal);
  return { h, monitoring };
}

async function quoteOf(hh: Harness, req: Req) {
  return ok(await hh.terminal.call('trades.quote', { side: 'foreign', tellerId: 'teller1', ...req, customer: { name: '', ...req.customer } } as never));
}

function attempts(hh: Harness): { reason_code: string; usd_equivalent: string }[] {
  return hh.terminal.ledger.prepare('select reason_code, usd_equivalent from attempts order by created_at, id').all() as never;
}

function attemptCount(hh: Harness): bigint {
  return (hh.terminal.ledger.prepare('select count(*) as n from attempts').get() as { n: bigint }).n;
}

function outboxOf(hh: Harness, tradeId: string): { kind: string; state: string; deadline_at: string | null }[] {
  return hh.terminal.ledger.prepare('select kind, state, deadline_at from outbox where trade_id = ?').all(tradeId) as never;
}

const settle = (customer: Req['customer'], currency: string, amount: string, paymentIn: 'cash' | 'travellersCheque' = 'cash'): Req =>
  ({ customer, direction: 'settlement', currency, amount, paymentIn });
const buy = (customer: Req['customer'], currency: string, amount: string, originalReceiptNo?: number): Req =>
  ({ customer, direction: 'purchase', currency, amount, ...(originalReceiptNo === undefined ? {} : { originalReceiptNo }) });

describe('第三十二条 through the Terminal', () => {
  it('第三十二条(二): a quote of exactly 500.00 USD is back-fill, 500.01 USD (traveller\'s cheque) real-time, 499.99 back-fill', async () => {
    const { h } = await open();
    const at = await quoteOf(h, settle(ALICE, 'USD', '500'));
    expect([at.usdEquivalent, at.usdEquivalentShown, at.reportingPath]).toEqual(['500', '500.00', 'backfill']);
    const above = await quoteOf(h, settle(ALICE, 'USD', '500.01', 'travellersCheque'));
    expect([above.usdEquivalent, above.usdEquivalentShown, above.reportingPath]).toEqual(['500.01', '500.01', 'realtime']);
    expect(above.rmb).toEqual({ currency: 'CNY', amount: '3550.07' });
    const below = await quoteOf(h, settle(ALICE, 'USD', '499.99', 'travellersCheque'));
    expect([below.usdEquivalent, below.reportingPath]).toEqual(['499.99', 'backfill']);
  });

  it('第三十二条(一)(二): EUR traveller\'s cheques: 400.00 EUR (= 500 USD) back-fill, 400.01 EUR real-time, 399.99 back-fill', async () => {
    const { h } = await open();
    const at = await quoteOf(h, settle(ALICE, 'EUR', '400', 'travellersCheque'));
    expect([at.usdEquivalent, at.usdConversion.usdPerUnit, at.reportingPath]).toEqual(['500', '1.25', 'backfill']);
    const above = await quoteOf(h, settle(ALICE, 'EUR', '400.01', 'travellersCheque'));
    expect([above.usdEquivalent, above.usdEquivalentShown, above.reportingPath]).toEqual(['500.0125', '500.01', 'realtime']);
    const below = await quoteOf(h, settle(ALICE, 'EUR', '399.99', 'travellersCheque'));
    expect([below.usdEquivalent, below.reportingPath]).toEqual(['499.9875', 'backfill']);
  });

  it('第三十二条(一): JPY traveller\'s cheques: 73530 JPY = 500.004 USD is real-time though shown as 500.00; 73529 JPY back-fill', async () => {
    const { h } = await open();
    const above = await quoteOf(h, settle(ALICE, 'JPY', '73530', 'travellersCheque'));
    expect([above.usdEquivalent, above.usdEquivalentShown, above.reportingPath]).toEqual(['500.004', '500.00', 'realtime']);
    const below = await quoteOf(h, settle(ALICE, 'JPY', '73529', 'travellersCheque'));
    expect([below.usdEquivalent, below.usdEquivalentShown, below.reportingPath]).toEqual(['499.9972', '500.00', 'backfill']);
  });

  it('第三十二条(一): a committed real-time trade (500.01 USD) was entered before the commit; 500.00 goes to the outbox for back-fill', async () => {
    const { h, monitoring } = await open();
    const rt = ok(await trade(h.terminal, settle(ALICE, 'USD', '500.01', 'travellersCheque')));
    expect([rt.reportingPath, rt.channel, rt.refNo]).toEqual(['realtime', '42', 'JH202603100000000001']);
    expect(monitoring.entries).toHaveLength(1);
    expect(outboxOf(h, rt.id).map((o) => [o.kind, o.state])).toEqual([['realtime', 'delivered']]);
    const bf = ok(await trade(h.terminal, settle(DAVID, 'USD', '500')));
    expect(bf.reportingPath).toBe('backfill');
    expect(bf.channel).toBeUndefined();
    expect(monitoring.entries).toHaveLength(1);
  });

  it('第三十二条(二): a back-filled trade is due within backfillWindowHours (24 h) of the trade', async () => {
    const { h } = await open();
    const bf = ok(await trade(h.terminal, settle(ALICE, 'USD', '500')));
    expect(bf.createdAt).toBe('2026-03-10T02:00:00.000Z');
    expect(outboxOf(h, bf.id)).toEqual([{ kind: 'backfill', state: 'pending', deadline_at: '2026-03-11T02:00:00.000Z' }]);
  });

  it('第三十二条(一): a person\'s 5th trade of the day is back-filled (with the prompt), the 6th is real-time even for 1 USD', async () => {
    const { h, monitoring } = await open();
    for (let i = 1; i <= 4; i++) {
      const r = ok(await trade(h.terminal, settle(ALICE, 'USD', '10')));
      expect([r.reportingPath, r.prompts]).toEqual(['backfill', []]);
    }
    const fifth = ok(await trade(h.terminal, settle(ALICE, 'USD', '10'), { acknowledge: ['realtimeCountReached'] }));
    expect([fifth.reportingPath, fifth.prompts]).toEqual(['backfill', ['realtimeCountReached']]);
    const q6 = await quoteOf(h, settle(ALICE, 'USD', '1'));
    expect([q6.day.tradesBefore, q6.reportingPath]).toEqual([5, 'realtime']);
    const sixth = ok(await trade(h.terminal, settle(ALICE, 'USD', '1'), { acknowledge: ['realtimeCountReached'] }));
    expect([sixth.reportingPath, sixth.channel]).toEqual(['realtime', '42']);
    expect(monitoring.entries).toHaveLength(1);
    // Another person the same day is not affected.
    expect((await quoteOf(h, settle(DAVID, 'USD', '1'))).reportingPath).toBe('backfill');
  });

  it('第三十二条(一): a voided trade does not count towards the 5: after voiding one of 5, the next is back-filled', async () => {
    const { h } = await open();
    const first = ok(await trade(h.terminal, settle(ALICE, 'USD', '10')));
    for (let i = 2; i <= 5; i++) ok(await trade(h.terminal, settle(ALICE, 'USD', '10'), i === 5 ? { acknowledge: ['realtimeCountReached'] } : {}));
    ok(await h.terminal.call('trades.void', { tradeId: first.id, reason: '客户取消 customer cancelled', tellerId: 'teller1', supervisorId: 'sup1' }));
    const q = await quoteOf(h, settle(ALICE, 'USD', '1'));
    expect([q.day.tradesBefore, q.reportingPath]).toEqual([4, 'backfill']);
  });

  it('第三十二条(四): at a border port a settlement of exactly 100 USD is exempt (no entry at all), 100.01 back-filled, 99.99 exempt', async () => {
    const { h, monitoring } = await open({ borderPort: true });
    const exempt = ok(await trade(h.terminal, settle(ALICE, 'USD', '100')));
    expect(exempt.reportingPath).toBe('exempt');
    expect(outboxOf(h, exempt.id)).toEqual([]);
    expect((await quoteOf(h, settle(DAVID, 'USD', '100.01', 'travellersCheque'))).reportingPath).toBe('backfill');
    expect((await quoteOf(h, settle(DAVID, 'USD', '99.99', 'travellersCheque'))).reportingPath).toBe('exempt');
    expect(monitoring.entries).toHaveLength(0);
  });

  it('第三十二条(四): at a border port EUR 80.00 (= 100 USD) is exempt and 80.01 back-filled; JPY 14705 exempt, 14706 back-filled', async () => {
    const { h } = await open({ borderPort: true });
    const eur = await quoteOf(h, settle(ALICE, 'EUR', '80', 'travellersCheque'));
    expect([eur.usdEquivalent, eur.reportingPath]).toEqual(['100', 'exempt']);
    const eurAbove = await quoteOf(h, settle(ALICE, 'EUR', '80.01', 'travellersCheque'));
    expect([eurAbove.usdEquivalent, eurAbove.reportingPath]).toEqual(['100.0125', 'backfill']);
    const jpy = await quoteOf(h, settle(ALICE, 'JPY', '14705', 'travellersCheque'));
    expect([jpy.usdEquivalent, jpy.reportingPath]).toEqual(['99.994', 'exempt']);
    const jpyAbove = await quoteOf(h, settle(ALICE, 'JPY', '14706', 'travellersCheque'));
    expect([jpyAbove.usdEquivalent, jpyAbove.reportingPath]).toEqual(['100.0008', 'backfill']);
  });

  it('第三十二条(四): a purchase at a border port is never exempt; an outlet that is not a border port exempts nothing', async () => {
    const border = await open({ borderPort: true });
    expect((await quoteOf(border.h, buy(ALICE, 'USD', '100'))).reportingPath).toBe('backfill');
    expect((await quoteOf(border.h, buy(ALICE, 'USD', '1'))).reportingPath).toBe('backfill');
    border.h.close();
    h = undefined;
    const inland = await open({ borderPort: false });
    expect((await quoteOf(inland.h, settle(ALICE, 'USD', '100'))).reportingPath).toBe('backfill');
  });

  it('第三十二条(一)(四): exempt trades count towards the 5: at a border port the 6th small settlement is real-time', async () => {
    const { h, monitoring } = await open({ borderPort: true });
    for (let i = 1; i <= 5; i++) expect(ok(await trade(h.terminal, settle(ALICE, 'USD', '10'), i === 5 ? { acknowledge: ['realtimeCountReached'] } : {})).reportingPath).toBe('exempt');
    const sixth = ok(await trade(h.terminal, settle(ALICE, 'USD', '10'), { acknowledge: ['realtimeCountReached'] }));
    expect([sixth.reportingPath, sixth.channel]).toEqual(['realtime', '42']);
    expect(monitoring.entries).toHaveLength(1);
    const day = ok(await h.terminal.call('trades.personDay', { idType: ALICE.idType, idNumber: ALICE.idNumber }));
    expect([day.count, day.usdTotal]).toEqual([6, '60']);
  });

  it('第三十二条(一)(四): above 500 USD at a border port is real-time', async () => {
    const { h } = await open({ borderPort: true });
    expect((await quoteOf(h, settle(ALICE, 'USD', '500.01', 'travellersCheque'))).reportingPath).toBe('realtime');
  });
});

describe('第二十九条 through the Terminal', () => {
  it('第二十九条: 4 settlements of 1250 USD make exactly 5000.00 and succeed; a 5th of 0.01 USD is refused and recorded as an attempt', async () => {
    const { h, monitoring } = await open();
    for (let i = 1; i <= 4; i++) ok(await trade(h.terminal, settle(ALICE, 'USD', '1250'), i === 4 ? { acknowledge: ['nearDailyLimit'] } : {}));
    const q = await quoteOf(h, settle(ALICE, 'USD', '0.01', 'travellersCheque'));
    expect(q.day).toEqual({ tradesBefore: 4, usdBefore: '5000', usdAfter: '5000.01', limit: '5000', remainingAfter: '0' });
    expect(q.refusal?.code).toBe('DAILY_LIMIT_EXCEEDED');
    expect(q.rmb).toEqual({ currency: 'CNY', amount: '0.07' });
    const r = await trade(h.terminal, settle(ALICE, 'USD', '0.01', 'travellersCheque'));
    const e = refused(r, 'DAILY_LIMIT_EXCEEDED');
    expect(e.message.en).toBe('Over the daily limit of 5,000.00 USD per person (第二十九条). This customer has 0.00 USD left today. Reduce the amount or come back tomorrow.');
    expect(attemptCount(h)).toBe(1n);
    expect(attempts(h)).toEqual([{ reason_code: 'DAILY_LIMIT_EXCEEDED', usd_equivalent: '0.01' }]);
    expect(monitoring.entries).toHaveLength(4); // the refused trade was never entered
    const day = ok(await h.terminal.call('trades.personDay', { idType: ALICE.idType, idNumber: ALICE.idNumber }));
    expect([day.count, day.usdTotal, day.remaining, day.attempts]).toEqual([4, '5000', { settlement: '0', purchase: '0' }, 1]);
  });

  it('第二十九条: 4999.99 USD then 0.02 is refused (0.01 left), then 0.01 makes exactly 5000.00 and succeeds', async () => {
    const { h } = await open();
    ok(await trade(h.terminal, settle(ALICE, 'USD', '4999.99', 'travellersCheque'), { acknowledge: ['nearDailyLimit'] }));
    const over = refused(await trade(h.terminal, settle(ALICE, 'USD', '0.02', 'travellersCheque')), 'DAILY_LIMIT_EXCEEDED');
    expect(over.message.en).toContain('This customer has 0.01 USD left today');
    const last = ok(await trade(h.terminal, settle(ALICE, 'USD', '0.01', 'travellersCheque'), { acknowledge: ['nearDailyLimit'] }));
    expect(last.usdEquivalent).toBe('0.01');
    const day = ok(await h.terminal.call('trades.personDay', { idType: ALICE.idType, idNumber: ALICE.idNumber }));
    expect([day.count, day.usdTotal, day.attempts]).toEqual([2, '5000', 1]);
    expect(attemptCount(h)).toBe(1n);
  });

  it('第二十九条: EUR traveller\'s cheques: 3999.99 + 0.01 EUR = exactly 5000 USD succeed; one more cent of EUR is refused; 4000.01 EUR alone is refused', async () => {
    const { h } = await open();
    ok(await trade(h.terminal, settle(ALICE, 'EUR', '3999.99', 'travellersCheque'), { acknowledge: ['nearDailyLimit'] }));
    ok(await trade(h.terminal, settle(ALICE, 'EUR', '0.01', 'travellersCheque'), { acknowledge: ['nearDailyLimit'] }));
    const day = ok(await h.terminal.call('trades.personDay', { idType: ALICE.idType, idNumber: ALICE.idNumber }));
    expect(day.usdTotal).toBe('5000');
    refused(await trade(h.terminal, settle(ALICE, 'EUR', '0.01', 'travellersCheque')), 'DAILY_LIMIT_EXCEEDED');
    const alone = refused(await trade(h.terminal, settle(DAVID, 'EUR', '4000.01', 'travellersCheque')), 'DAILY_LIMIT_EXCEEDED');
    expect(alone.message.en).toContain('This customer has 5,000.00 USD left today');
    ok(await trade(h.terminal, settle(DAVID, 'EUR', '4000', 'travellersCheque'), { acknowledge: ['nearDailyLimit'] }));
    expect(attempts(h).map((a) => a.usd_equivalent)).toEqual(['0.0125', '5000.0125']);
  });

  it('第二十九条: JPY traveller\'s cheques: 735294 JPY (4999.9992 USD) succeeds; then 0.01 USD is refused with 0.00 shown left', async () => {
    const { h } = await open();
    const jpy = ok(await trade(h.terminal, settle(ALICE, 'JPY', '735294', 'travellersCheque'), { acknowledge: ['nearDailyLimit'] }));
    expect(jpy.usdEquivalent).toBe('4999.9992');
    const over = refused(await trade(h.terminal, settle(ALICE, 'USD', '0.01', 'travellersCheque')), 'DAILY_LIMIT_EXCEEDED');
    expect(over.message.en).toContain('This customer has 0.00 USD left today');
    refused(await trade(h.terminal, settle(DAVID, 'JPY', '735295', 'travellersCheque')), 'DAILY_LIMIT_EXCEEDED');
  });

  it('第二十九条: combined mode: 2500 sold + 2500 bought = 5000 allowed; 1 USD more either way is refused', async () => {
    const { h } = await open();
    ok(await trade(h.terminal, settle(ALICE, 'USD', '2500')));
    ok(await trade(h.terminal, buy(ALICE, 'USD', '2500'), { acknowledge: ['nearDailyLimit'] }));
    refused(await trade(h.terminal, buy(ALICE, 'USD', '1')), 'DAILY_LIMIT_EXCEEDED');
    refused(await trade(h.terminal, settle(ALICE, 'USD', '0.01', 'travellersCheque')), 'DAILY_LIMIT_EXCEEDED');
    expect(attemptCount(h)).toBe(2n);
  });

  it('第二十九条: perDirection mode loaded as policy version 2: 5000 sold and 5000 bought both allowed; 1 USD more bought refused', async () => {
    const { h } = await open();
    const loaded = await h.terminal.call('policies.load', {
      version: 2, effectiveDate: '2026-03-01', source: 'test: a separate 5000 per direction', params: { ...P, dailyLimitMode: 'perDirection' }, loadedBy: 'mgr1',
    });
    ok(loaded);
    const s = ok(await trade(h.terminal, settle(ALICE, 'USD', '5000'), { acknowledge: ['nearDailyLimit'] }));
    expect(s.policyVersion).toBe(2);
    const b = ok(await trade(h.terminal, buy(ALICE, 'USD', '5000'), { acknowledge: ['nearDailyLimit', 'justBelowThreshold'], supervisorId: 'sup1' }));
    expect(b.policyVersion).toBe(2);
    const over = refused(await trade(h.terminal, buy(ALICE, 'USD', '1')), 'DAILY_LIMIT_EXCEEDED');
    expect(over.message.en).toContain('This customer has 0.00 USD left today');
    refused(await trade(h.terminal, settle(ALICE, 'USD', '0.01', 'travellersCheque')), 'DAILY_LIMIT_EXCEEDED');
  });

  it('第二十九条: the day is the calendar day in China: at 23:59:59 Beijing the limit still holds, at 00:00 a new day starts', async () => {
    const { h } = await open({ start: '2026-03-10T15:59:00Z' });
    ok(await trade(h.terminal, settle(ALICE, 'USD', '5000'), { acknowledge: ['nearDailyLimit'] }));
    h.clock.set('2026-03-10T15:59:59.999Z');
    refused(await trade(h.terminal, settle(ALICE, 'USD', '1')), 'DAILY_LIMIT_EXCEEDED');
    h.clock.set('2026-03-10T16:00:00.000Z');
    const q = await quoteOf(h, settle(ALICE, 'USD', '1'));
    expect([q.day.usdBefore, q.day.tradesBefore, q.refusal]).toEqual(['0', 0, undefined]);
    const r = ok(await trade(h.terminal, settle(ALICE, 'USD', '1')));
    expect(r.businessDate).toBe('2026-03-11');
  });

  it('第二十九条: a voided trade no longer counts: after voiding one of 4 × 1250, another 1250 fits', async () => {
    const { h } = await open();
    const first = ok(await trade(h.terminal, settle(ALICE, 'USD', '1250')));
    for (let i = 2; i <= 4; i++) ok(await trade(h.terminal, settle(ALICE, 'USD', '1250'), i === 4 ? { acknowledge: ['nearDailyLimit'] } : {}));
    ok(await h.terminal.call('trades.void', { tradeId: first.id, reason: '录错金额 wrong amount', tellerId: 'teller1', supervisorId: 'sup1' }));
    const q = await quoteOf(h, settle(ALICE, 'USD', '1250'));
    expect([q.day.usdBefore, q.day.usdAfter, q.refusal]).toEqual(['3750', '5000', undefined]);
    ok(await trade(h.terminal, settle(ALICE, 'USD', '1250'), { acknowledge: ['nearDailyLimit'] }));
  });

  it('第三十七条: near the daily limit the quote prompts at exactly 4500.00 for the day, not at 4499', async () => {
    const { h } = await open();
    ok(await trade(h.terminal, settle(ALICE, 'USD', '4000')));
    expect((await quoteOf(h, settle(ALICE, 'USD', '499'))).prompts.map((p) => p.code)).toEqual([]);
    expect((await quoteOf(h, settle(ALICE, 'USD', '499.99', 'travellersCheque'))).prompts.map((p) => p.code)).toEqual([]);
    expect((await quoteOf(h, settle(ALICE, 'USD', '500'))).prompts.map((p) => p.code)).toEqual(['nearDailyLimit']);
  });
});

describe('第三十一条 through the Terminal', () => {
  /** Bob (foreign passport) changes 2000 USD into RMB: receipt 1, CNY 14,200.00 to reconvert against. */
  async function bobSettled(hh: Harness, amount = '2000') {
    const s = ok(await trade(hh.terminal, settle(BOB_PASSPORT, 'USD', amount)));
    expect([s.kind, s.receiptNo]).toEqual(['settlement', 1]);
    return s;
  }

  it('第三十一条: a foreign individual\'s purchase is a reconversion; at cumulative exactly 1000 USD (600 USD + 320 EUR) no receipt is needed', async () => {
    const { h } = await open();
    await bobSettled(h);
    const q1 = await quoteOf(h, buy(BOB_PASSPORT, 'USD', '600'));
    expect([q1.kind, q1.reconversionReceiptRequired, q1.refusal]).toEqual(['reconversion', false, undefined]);
    ok(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '600')));
    const q2 = await quoteOf(h, buy(BOB_PASSPORT, 'EUR', '320'));
    expect([q2.usdEquivalent, q2.reconversionReceiptRequired, q2.refusal]).toEqual(['400', false, undefined]);
    const r2 = ok(await trade(h.terminal, buy(BOB_PASSPORT, 'EUR', '320')));
    expect(r2.originalReceiptNo).toBeUndefined();
  });

  it('第三十一条: above cumulative 1000 USD the reconversion is refused (RECONVERSION_RECEIPT_REQUIRED, an attempt) unless Bob\'s own receipt is given', async () => {
    const { h } = await open();
    const s = await bobSettled(h);
    ok(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1000')));
    const q = await quoteOf(h, buy(BOB_PASSPORT, 'USD', '1'));
    expect([q.reconversionReceiptRequired, q.refusal?.code]).toEqual([true, 'RECONVERSION_RECEIPT_REQUIRED']);
    const e = refused(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1')), 'RECONVERSION_RECEIPT_REQUIRED');
    expect(e.message.en).toContain('more than 1000 USD in a day must present the original receipt');
    expect(attempts(h)).toEqual([{ reason_code: 'RECONVERSION_RECEIPT_REQUIRED', usd_equivalent: '1' }]);
    const withReceipt = ok(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1', s.receiptNo)));
    expect([withReceipt.kind, withReceipt.originalReceiptNo]).toEqual(['reconversion', s.receiptNo]);
  });

  it('第三十一条: cumulative 1000.01 USD (5420 HKD = 693.76 + 245 EUR = 306.25) needs a receipt; 999.99 (7080 HKD + 75 EUR) does not', async () => {
    const { h } = await open();
    await bobSettled(h);
    const hkd = ok(await trade(h.terminal, buy(BOB_PASSPORT, 'HKD', '5420')));
    expect(hkd.usdEquivalent).toBe('693.76');
    const q = await quoteOf(h, buy(BOB_PASSPORT, 'EUR', '245'));
    expect([q.usdEquivalent, q.reconversionReceiptRequired, q.refusal?.code]).toEqual(['306.25', true, 'RECONVERSION_RECEIPT_REQUIRED']);
    refused(await trade(h.terminal, buy(BOB_PASSPORT, 'EUR', '245')), 'RECONVERSION_RECEIPT_REQUIRED');

    ok(await trade(h.terminal, settle(CAROL_PASSPORT, 'USD', '2000')));
    expect(ok(await trade(h.terminal, buy(CAROL_PASSPORT, 'HKD', '7080'))).usdEquivalent).toBe('906.24');
    const q2 = await quoteOf(h, buy(CAROL_PASSPORT, 'EUR', '75'));
    expect([q2.usdEquivalent, q2.day.usdBefore, q2.reconversionReceiptRequired, q2.refusal]).toEqual(['93.75', '2906.24', false, undefined]);
    ok(await trade(h.terminal, buy(CAROL_PASSPORT, 'EUR', '75')));
  });

  it('第三十一条: a domestic individual\'s purchase is not a reconversion and never needs a receipt', async () => {
    const { h } = await open();
    const q = await quoteOf(h, buy(ALICE, 'USD', '1001'));
    expect([q.kind, q.reconversionReceiptRequired, q.refusal]).toEqual(['purchase', false, undefined]);
  });

  it('第三十一条: reconverting exactly the RMB received on the receipt (CNY 7207.20) passes; against CNY 7207.19 it is refused', async () => {
    const { h } = await open();
    // 7963.76 HKD × 0.905 = 7207.2028 → CNY 7207.20; 1001 USD × 7.20 = CNY 7207.20.
    const bob = ok(await trade(h.terminal, settle(BOB_PASSPORT, 'HKD', '7963.76', 'travellersCheque')));
    expect(bob.customerReceives).toEqual({ currency: 'CNY', amount: '7207.2' });
    const carol = ok(await trade(h.terminal, settle(CAROL_PASSPORT, 'HKD', '7963.75', 'travellersCheque')));
    expect(carol.customerReceives).toEqual({ currency: 'CNY', amount: '7207.19' });

    const bobBack = ok(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1001', bob.receiptNo)));
    expect(bobBack.customerPays).toEqual({ currency: 'CNY', amount: '7207.2' });

    const e = refused(await trade(h.terminal, buy(CAROL_PASSPORT, 'USD', '1001', carol.receiptNo)), 'RECONVERSION_EXCEEDS_RECEIPT');
    expect(e.message.en).toBe(`The reconversion of CNY 7,207.20 is more than the CNY 7,207.19 not yet reconverted on receipt ${carol.receiptNo} (第三十一条). Reduce the amount.`);

    // Bob's receipt is now used up: one more dollar against it is refused with CNY 0.00 left.
    const used = refused(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1', bob.receiptNo)), 'RECONVERSION_EXCEEDS_RECEIPT');
    expect(used.message.en).toContain('the CNY 0.00 not yet reconverted');
    expect(attempts(h).map((a) => a.reason_code)).toEqual(['RECONVERSION_EXCEEDS_RECEIPT', 'RECONVERSION_EXCEEDS_RECEIPT']);
  });

  it('第三十一条: another person\'s receipt, a voided receipt and an unknown number are refused (RECONVERSION_RECEIPT_INVALID)', async () => {
    const { h } = await open();
    const alices = ok(await trade(h.terminal, settle(ALICE, 'USD', '2000')));
    const bobs = ok(await trade(h.terminal, settle(BOB_PASSPORT, 'USD', '2000')));
    const voided = ok(await trade(h.terminal, settle(BOB_PASSPORT, 'USD', '300')));
    ok(await h.terminal.call('trades.void', { tradeId: voided.id, reason: '客户取消 customer cancelled', tellerId: 'teller1', supervisorId: 'sup1' }));

    const other = refused(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1001', alices.receiptNo)), 'RECONVERSION_RECEIPT_INVALID');
    expect(other.message.en).toBe(`Original receipt ${alices.receiptNo} cannot be used for reconversion: that receipt belongs to another person (第三十一条). Check the number against the receipt the customer shows; without a valid original receipt there is no reconversion.`);
    const v = refused(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1001', voided.receiptNo)), 'RECONVERSION_RECEIPT_INVALID');
    expect(v.message.en).toContain('that receipt is void');
    const unknown = refused(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1001', 999)), 'RECONVERSION_RECEIPT_INVALID');
    expect(unknown.message.en).toContain('this institution issued no receipt with this number');
    ok(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1001', bobs.receiptNo)));
    expect(attemptCount(h)).toBe(3n);
  });

  it('第三十一条: a foreign individual\'s own earlier reconversion receipt (a purchase) cannot serve as the original receipt', async () => {
    const { h } = await open();
    ok(await trade(h.terminal, settle(BOB_PASSPORT, 'USD', '2000')));
    const back = ok(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '10')));
    const e = refused(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1', back.receiptNo)), 'RECONVERSION_RECEIPT_INVALID');
    expect(e.message.en).toContain('that receipt is not for changing foreign currency into RMB');
  });

  it('第三十一条: the receipt of 2024-03-10 is accepted on 2026-03-10 and refused as expired on 2026-03-11', async () => {
    const { h } = await open({ start: '2024-03-10T02:00:00Z' });
    const s = ok(await trade(h.terminal, settle(BOB_PASSPORT, 'USD', '3000')));
    expect(s.businessDate).toBe('2024-03-10');

    h.clock.set('2026-03-10T02:00:00Z');
    ok(await h.terminal.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
    const onLastDay = ok(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1001', s.receiptNo)));
    expect([onLastDay.businessDate, onLastDay.originalReceiptNo]).toEqual(['2026-03-10', s.receiptNo]);

    h.clock.set('2026-03-11T02:00:00Z');
    ok(await h.terminal.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
    const e = refused(await trade(h.terminal, buy(BOB_PASSPORT, 'USD', '1001', s.receiptNo)), 'RECONVERSION_RECEIPT_INVALID');
    expect(e.message.en).toBe(`Original receipt ${s.receiptNo} cannot be used for reconversion: it expired 24 months after its exchange date, on 2026-03-10 (第三十一条). Check the number against the receipt the customer shows; without a valid original receipt there is no reconversion.`);
  });
});

describe('第三十条 through the Terminal', () => {
  it('第三十条: a settlement may be paid in traveller\'s cheques (paid out in cash); a purchase paid in cheques is refused and not an attempt', async () => {
    const { h } = await open();
    const tc = ok(await trade(h.terminal, settle(ALICE, 'USD', '100', 'travellersCheque')));
    expect([tc.paymentIn, tc.paymentOut]).toEqual(['travellersCheque', 'cash']);
    const r = await h.terminal.call('trades.quote', {
      customer: { ...ALICE }, direction: 'purchase', currency: 'USD', amount: '100', side: 'foreign', paymentIn: 'travellersCheque', tellerId: 'teller1',
    });
    refused(r, 'PAYMENT_METHOD_NOT_ACCEPTED');
    expect(attemptCount(h)).toBe(0n);
  });

  it('第三十条: cash must be in whole notes: 100.50 USD cash is refused, 100.50 USD in cheques is accepted', async () => {
    const { h } = await open();
    const r = await h.terminal.call('trades.quote', {
      customer: { ...ALICE }, direction: 'settlement', currency: 'USD', amount: '100.50', side: 'foreign', tellerId: 'teller1',
    });
    refused(r, 'AMOUNT_NOT_IN_NOTES');
    expect((await quoteOf(h, settle(ALICE, 'USD', '100.50', 'travellersCheque'))).rmb).toEqual({ currency: 'CNY', amount: '713.55' });
  });
});
