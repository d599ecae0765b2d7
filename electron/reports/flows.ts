// The flows of a period, read once and shared by 附表1 and 附表2: customer trades (voided ones
// excluded: a void is same-day, so a trade and its void always fall in the same period) and
// reserve movements by channel.
import { sql } from 'kysely';
import { all, q, type Database } from '../ledger/sql';

export interface TradeFlow {
  residency: 'domestic' | 'foreign';
  direction: 'settlement' | 'purchase';
  /** realtime / backfill (delivered) / notEntered (exempt, or a back-fill never delivered). */
  entry: 'realtime' | 'backfill' | 'notEntered';
  currency: string;
  foreignMinor: bigint;
  /** RMB that changed hands: paid out for a settlement (rmb − fee), taken in for a purchase (rmb + fee). */
  rmbCashMinor: bigint;
  count: number;
}

/** Customer trades in [from, to], summed by residency, direction, entry and currency. */
export function tradeFlows(db: Database, from: string, to: string): TradeFlow[] {
  const rows = all(db, q.selectFrom('trades as t')
    .leftJoin('voids as v', 'v.trade_id', 't.id')
    .select([
      't.residency', 't.direction', 't.reporting_path', 't.currency',
      sql<bigint>`sum(t.foreign_minor)`.as('foreign_minor'),
      sql<bigint>`sum(case when t.direction = 'settlement' then t.rmb_minor - t.fee_minor else t.rmb_minor + t.fee_minor end)`.as('rmb_cash'),
      sql<bigint>`count(*)`.as('n'),
      // A back-fill counts as entered once the monitoring system has it.
      sql<bigint>`sum(case when t.reporting_path = 'backfill' and exists (select 1 from outbox o where o.trade_id = t.id and o.kind = 'backfill' and o.state = 'delivered') then 1 else 0 end)`.as('delivered'),
      sql<bigint>`sum(case when t.reporting_path = 'backfill' and exists (select 1 from outbox o where o.trade_id = t.id and o.kind = 'backfill' and o.state = 'delivered') then t.foreign_minor else 0 end)`.as('delivered_foreign'),
      sql<bigint>`sum(case when t.reporting_path = 'backfill' and exists (select 1 from outbox o where o.trade_id = t.id and o.kind = 'backfill' and o.state = 'delivered') then (case when t.direction = 'settlement' then t.rmb_minor - t.fee_minor else t.rmb_minor + t.fee_minor end) else 0 end)`.as('delivered_rmb'),
    ])
    .where('t.business_date', '>=', from).where('t.business_date', '<=', to)
    .where('v.id', 'is', null)
    .groupBy(['t.residency', 't.direction', 't.reporting_path', 't.currency']));
  const out: TradeFlow[] = [];
  for (const r of rows) {
    const base = { residency: r.residency as TradeFlow['residency'], direction: r.direction, currency: r.currency };
    if (r.reporting_path === 'realtime') {
      out.push({ ...base, entry: 'realtime', foreignMinor: r.foreign_minor, rmbCashMinor: r.rmb_cash, count: Number(r.n) });
    } else if (r.reporting_path === 'exempt') {
      out.push({ ...base, entry: 'notEntered', foreignMinor: r.foreign_minor, rmbCashMinor: r.rmb_cash, count: Number(r.n) });
    } else {
      if (r.delivered > 0n) out.push({ ...base, entry: 'backfill', foreignMinor: r.delivered_foreign, rmbCashMinor: r.delivered_rmb, count: Number(r.delivered) });
      if (r.n > r.delivered) {
        out.push({ ...base, entry: 'notEntered', foreignMinor: r.foreign_minor - r.delivered_foreign, rmbCashMinor: r.rmb_cash - r.delivered_rmb, count: Number(r.n - r.delivered) });
      }
    }
  }
  return out;
}

export type Channel = 'internal' | 'other_institution' | 'bank' | 'transfer';

export interface MovementLeg {
  channel: Channel;
  currency: string;
  /** Into the reserves (调入/转入) or out of them (调出/转出). */
  way: 'in' | 'out';
  minor: bigint;
  count: number;
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
