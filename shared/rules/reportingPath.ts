// 第三十二条: which trades are entered in the monitoring system in real time, which may be
// back-filled within the window, and which need no entry at all.
import type { Decimal } from '../money/money';
import { dec } from '../money/money';
import type { PolicyParams } from '../policy';
import type { Direction } from './tradeKind';

export type ReportingPath = 'realtime' | 'backfill' | 'exempt';

export interface ReportingPathInput {
  /** Exact USD equivalent of this trade. */
  usd: Decimal;
  direction: Direction;
  /** The outlet is inside a border port (第三十二条(四)). */
  borderPort: boolean;
  /** The person's trades already done today, not counting voided ones. */
  tradesBeforeToday: number;
  policy: PolicyParams;
}

export function reportingPath(input: ReportingPathInput): ReportingPath {
  const { usd, direction, borderPort, tradesBeforeToday, policy } = input;
  // 第三十二条(一): above 500 USD, or a person who already did 5 trades today, is real-time.
  // The real-time triggers override both the back-fill allowance and the border-port exemption.
  if (usd.gt(dec(policy.realtimeSingleUsd))) return 'realtime';
  if (tradesBeforeToday >= policy.realtimeAfterTrades) return 'realtime';
  // 第三十二条(四): at a border-port outlet, FX→RMB of at most 100 USD (含) need not be entered.
  if (borderPort && direction === 'settlement' && usd.lte(dec(policy.borderPortExemptUsd))) return 'exempt';
  // 第三十二条(二): at most 500 USD (含) may be back-filled within 24 hours.
  return 'backfill';
}
