// A board rate as it may be set (牌价: cash buy and cash sell per 100 units, the fee in RMB; 第三十三条,
// 第三十四条): checked in one place for the counter (electron/terminal/rates/board.ts) and the hub
// (hub/reference.ts), so a rate HQ sets is refused for the same reasons as one set at the counter.
import { Refusal } from './errors';
import { RMB } from './money/currencies';
import { Decimal, currencyInfo, dec, parseAmount, toMinor } from './money/money';

const RATE_TEXT = /^\d{1,7}(\.\d{1,4})?$/;

export function foreignCurrency(code: string): string {
  currencyInfo(code);
  if (code === RMB) throw new Refusal('CURRENCY_NOT_FOREIGN');
  return code;
}

function rateProblem(en: string, zh: string): Refusal {
  return new Refusal('RATE_INVALID', { problem: `${zh} / ${en}` });
}

export interface CheckedRate {
  currency: string;
  /** Normalised decimal text (no trailing zeros). */
  buyPer100: string;
  sellPer100: string;
  feeMinor: bigint;
}

/** The rate as typed, refused with what is wrong (RATE_INVALID), never adjusted. */
export function checkBoardRate(input: { currency: string; buyPer100: string; sellPer100: string; fee: string }): CheckedRate {
  const currency = foreignCurrency(input.currency);
  for (const [name, value] of [['buy', input.buyPer100], ['sell', input.sellPer100]] as const) {
    if (!RATE_TEXT.test(value) || dec(value).lte(0)) {
      throw rateProblem(`the ${name} rate "${value}" must be a positive number with at most 4 decimals`, `${name === 'buy' ? '买入价' : '卖出价'}“${value}”须为正数，最多4位小数`);
    }
  }
  if (dec(input.buyPer100).gt(dec(input.sellPer100))) throw rateProblem('the buy rate is above the sell rate', '买入价高于卖出价');
  // A fee of zero is allowed (no fee is charged); any other fee is an RMB amount.
  const fee = /^0+(\.0+)?$/.test(input.fee) ? new Decimal(0) : parseAmount(input.fee, RMB);
  return { currency, buyPer100: dec(input.buyPer100).toString(), sellPer100: dec(input.sellPer100).toString(), feeMinor: toMinor(fee, RMB) };
}

/** A rate far from what it should be near (第三十四条: the institution sets its rates; a slip is caught). */
export interface FarRate {
  /** From the board's current rate of the currency, or from this month's USD conversion table. */
  against: 'board' | 'conversion';
  /** The new rate's figure and the one it is compared with, and how far apart (percent, 2 decimals). */
  value: string;
  reference: string;
  percent: string;
  limit: string;
}

const midPer100 = (r: { buyPer100: string; sellPer100: string }) => dec(r.buyPer100).plus(r.sellPer100).dividedBy(2);
const apart = (a: Decimal, b: Decimal) => a.minus(b).abs().dividedBy(b).times(100);

/**
 * Whether a new rate is far from the board's current rate of its currency (its mid more than
 * `boardPercent` away), or, for a currency other than USD, its USD value implied by the board
 * (its mid over USD's) more than `conversionPercent` from this month's conversion table. A rate
 * the board never had, or a month without a table, is not compared. Pure.
 */
export function farRate(
  rate: CheckedRate,
  facts: { previous?: { buyPer100: string; sellPer100: string } | undefined; usd?: { buyPer100: string; sellPer100: string } | undefined; usdPerUnit?: Decimal | undefined },
  bands: { boardPercent: string; conversionPercent: string },
): FarRate | undefined {
  const mid = midPer100(rate);
  if (facts.previous) {
    const before = midPer100(facts.previous);
    const d = apart(mid, before);
    if (d.gt(bands.boardPercent)) return { against: 'board', value: mid.toString(), reference: before.toString(), percent: d.toFixed(2), limit: bands.boardPercent };
  }
  if (rate.currency !== 'USD' && facts.usd && facts.usdPerUnit && facts.usdPerUnit.gt(0)) {
    const implied = mid.dividedBy(midPer100(facts.usd));
    const d = apart(implied, facts.usdPerUnit);
    if (d.gt(bands.conversionPercent)) {
      return { against: 'conversion', value: implied.toSignificantDigits(6).toString(), reference: facts.usdPerUnit.toString(), percent: d.toFixed(2), limit: bands.conversionPercent };
    }
  }
  return undefined;
}
