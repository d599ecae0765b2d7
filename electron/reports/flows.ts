// The flows of a period, read once and shared by 附表1 and 附表2: customer trades (voided ones
// excluded: a void is same-day, so a trade and its void always fall in the same period) and
// reserve movements by channel.
import type { Channel, MovementLeg, TradeFlow } from '../../shared/reports/inputs';
import { all, q, type Database } from '../ledger/sql';

export type { Channel, MovementLeg, TradeFlow };

/**
 * Customer trades in [from, to], summed by residency, direction, entry and currency. Each trade
 * is looked at once (its back-fill delivered or not), then grouped: one pass over the period's
 * trades through trades_by_date, one outbox lookup per back-filled trade through outbox_by_trade.
 */
export function tradeFlows(db: Database, from: string, to: string): TradeFlow[] {
  const rows = db.prepare(`
    SELECT residency, direction, reporting_path, currency, delivered,
           sum(foreign_minor) AS foreign_minor, sum(rmb_cash) AS rmb_cash, sum(n) AS n
    FROM (
      SELECT coalesce(f.residency, t.residency) AS residency, coalesce(f.direction, t.direction) AS direction,
             coalesce(f.reporting_path, t.reporting_path) AS reporting_path, t.currency,
             CASE WHEN r.id IS NULL THEN 1 ELSE -1 END AS n,
             CASE WHEN r.id IS NULL THEN 1 ELSE -1 END * t.foreign_minor AS foreign_minor,
             CASE WHEN r.id IS NULL THEN 1 ELSE -1 END
               * CASE WHEN coalesce(f.direction, t.direction) = 'settlement' THEN t.rmb_minor - t.fee_minor ELSE t.rmb_minor + t.fee_minor END AS rmb_cash,
             -- A back-fill counts as entered once the monitoring system has it.
             coalesce(f.reporting_path, t.reporting_path) = 'backfill' AND EXISTS (
               SELECT 1 FROM outbox o WHERE o.trade_id = coalesce(f.id, t.id) AND o.kind = 'backfill' AND o.state = 'delivered') AS delivered
      FROM trades t
      -- A refund on a later day (issue 19 item 2; docs/compliance-refund.md) is its original taken
      -- back in the refund's period: the original's residency, direction and entry, every figure
      -- (the count too) negated, so a trade and its refund in one month net to nothing, and across
      -- months the later month carries the minus.
      LEFT JOIN refunds r ON r.trade_id = t.id
      LEFT JOIN trades f ON f.id = r.original_trade_id
      WHERE t.business_date >= ? AND t.business_date <= ?
        AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.trade_id = t.id)
    )
    GROUP BY residency, direction, reporting_path, currency, delivered`).safeIntegers(true).all(from, to) as {
    residency: TradeFlow['residency']; direction: TradeFlow['direction']; reporting_path: string; currency: string;
    delivered: bigint; foreign_minor: bigint; rmb_cash: bigint; n: bigint;
  }[];
  return rows.map((r) => ({
    residency: r.residency,
    direction: r.direction,
    currency: r.currency,
    entry: r.reporting_path === 'realtime' ? 'realtime' : r.reporting_path === 'backfill' && r.delivered === 1n ? 'backfill' : 'notEntered',
    foreignMinor: r.foreign_minor,
    rmbCashMinor: r.rmb_cash,
    count: Number(r.n),
  }));
}

/**
 * Reserve movements in [from, to] that bring money into or take it out of the reserves, by channel:
 * rebalancing (第四十五条), the float from the institution and the day close's over/short (both
 * with the institution itself, 系统内), and RMB transfers with the basic account (第四十四条).
 * Deposits, withdrawals, transfers between reserve accounts and till↔safe stay inside the reserves.
 */
export function movementLegs(db: Database, from: string, to: string): MovementLeg[] {
  const rows = all(db, q.selectFrom('reserve_movements')
    .select(['kind', 'channel', 'in_place', 'in_currency', 'in_minor', 'out_place', 'out_currency', 'out_minor'])
    .where('business_date', '>=', from).where('business_date', '<=', to)
    .where('kind', 'in', ['rebalance', 'float_in', 'variance', 'transfer_in', 'transfer_out']));
  const sums = new Map<string, MovementLeg>();
  const add = (channel: Channel, currency: string, way: 'in' | 'out', minor: bigint) => {
    const key = `${channel}|${currency}|${way}`;
    const leg = sums.get(key) ?? { channel, currency, way, minor: 0n, count: 0 };
    leg.minor += minor;
    leg.count += 1;
    sums.set(key, leg);
  };
  for (const m of rows) {
    const channel: Channel = m.kind === 'transfer_in' || m.kind === 'transfer_out' ? 'transfer' : (m.channel ?? 'internal');
    if (m.in_currency !== null && m.in_minor !== null) add(channel, m.in_currency, 'in', m.in_minor);
    if (m.out_currency !== null && m.out_minor !== null) add(channel, m.out_currency, 'out', m.out_minor);
  }
  return [...sums.values()];
}
