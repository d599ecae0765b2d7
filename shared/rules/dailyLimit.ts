// 第二十九条: a person may exchange at most 5,000 USD (含) a day at this institution, all their
// exchanges together (or per direction, when the policy says so). Above it the trade is refused,
// never merely warned about. Voided trades do not count: they did not happen.
import { Refusal } from '../errors';
import { Decimal, dec, formatUsd } from '../money/money';
import type { PolicyParams } from '../policy';
import type { Direction } from './tradeKind';

export interface CountedTrade {
  direction: Direction;
  /** Exact USD equivalent. */
  usd: Decimal;
}

export interface DayStanding {
  /** USD already used today in what the limit counts (both directions, or this one). */
  usedBefore: Decimal;
  usedAfter: Decimal;
  limit: Decimal;
  remainingAfter: Decimal;
}

/**
 * `externalUsd`: the monitoring system's figure for the person's trades today, everywhere. The
 * larger of it and our own sum counts (it may not yet include our back-fills; ours never includes
 * other outlets).
 */
export function dayStanding(usd: Decimal, direction: Direction, earlier: readonly CountedTrade[], policy: PolicyParams, externalUsd?: Decimal): DayStanding {
  const counted = policy.dailyLimitMode === 'combined' ? earlier : earlier.filter((t) => t.direction === direction);
  const own = counted.reduce((sum, t) => sum.plus(t.usd), new Decimal(0));
  const usedBefore = externalUsd ? Decimal.max(own, externalUsd) : own;
  const usedAfter = usedBefore.plus(usd);
  const limit = dec(policy.dailyLimitUsd);
  return { usedBefore, usedAfter, limit, remainingAfter: Decimal.max(limit.minus(usedAfter), 0) };
}

/** Throws DAILY_LIMIT_EXCEEDED (第二十九条) when this trade takes the day above the limit. */
export function checkDailyLimit(standing: DayStanding): void {
  if (standing.usedAfter.gt(standing.limit)) {
    const remaining = Decimal.max(standing.limit.minus(standing.usedBefore), 0);
    throw new Refusal('DAILY_LIMIT_EXCEEDED', { limit: formatUsd(standing.limit), remaining: formatUsd(remaining) });
  }
}
