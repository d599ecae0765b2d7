// The books (会计核算, 004 service guide): a trial balance per currency, and profit per currency —
// fee income, the spread earned against the average cost of the foreign-currency stock, and the
// revaluation of that stock at the board's mid rate at close. Rates on the board are per 100
// units (JPY, KRW and the rest alike), so a unit is worth mid/100 RMB.
//
// The foreign stock is all of a currency in the reserves (till, safe, cheques, reserve accounts),
// less what was sent to another counter and plus what was counted in from one; its cost is in fen.
// Each closed day keeps the stock and cost (day_costs), so a period is replayed from the nearest
// closed day before it, not from the first trade.
import { sql } from 'kysely';
import { RMB } from '../../shared/money/currencies';
import type { Decimal } from '../../shared/money/money';
import { byTime, composeProfit, COSTED_MOVEMENTS, midOf, movementCostEvents, mulDivRound, receivedCostEvent, replay, revaluationChange, revaluationOf, tradeCostEvent, valueAt, type CostEvent, type CostState, type Replay } from '../../shared/reports/costs';
import type { OutletHeader, ProfitReport, TrialBalance } from '../../shared/reports/types';
import { addDays } from '../../shared/time';
import { all, first, q, type Database } from '../ledger/sql';
import { balancesAt, lastClosedOnOrBefore } from './balances';
import { checkPeriod } from './form1';
import { composeTrialBalance } from '../../shared/reports/trialBalance';

export function trialBalance(db: Database, outlet: OutletHeader, date: string): TrialBalance {
  checkPeriod(date, date);
  return composeTrialBalance(outlet, date, balancesAt(db, date));
}

/** The board's mid rate per unit at the end of a day (RMB), or undefined when never quoted. */
export function midAt(db: Database, currency: string, date: string): Decimal | undefined {
  const end = new Date(Date.parse(`${addDays(date, 1)}T00:00:00+08:00`)).toISOString();
  const r = first(db, q.selectFrom('rates').select(['buy_per_100', 'sell_per_100']).where('currency', '=', currency)
    .where('effective_at', '<', end).orderBy('effective_at', 'desc').orderBy(sql`rowid`, 'desc').limit(1));
  return r ? midOf(r.buy_per_100, r.sell_per_100) : undefined;
}

function events(db: Database, after: string, upTo: string): CostEvent[] {
  const out: CostEvent[] = [];
  for (const t of all(db, q.selectFrom('trades as t').leftJoin('voids as v', 'v.trade_id', 't.id')
    .select(['t.created_at', 't.business_date', 't.currency', 't.direction', 't.foreign_minor', 't.rmb_minor'])
    .where('t.business_date', '>', after).where('t.business_date', '<=', upTo).where('v.id', 'is', null)
    // In one order the hub's replay takes too (hub/profit.ts): trades of one instant by receipt number.
    .orderBy('t.created_at').orderBy('t.receipt_no'))) {
    out.push(tradeCostEvent({ at: t.created_at, date: t.business_date, currency: t.currency, direction: t.direction, foreignMinor: t.foreign_minor, rmbMinor: t.rmb_minor }));
  }
  for (const m of all(db, q.selectFrom('reserve_movements').selectAll()
    .where('business_date', '>', after).where('business_date', '<=', upTo).where('kind', 'in', [...COSTED_MOVEMENTS]).orderBy('created_at').orderBy('id'))) {
    out.push(...movementCostEvents({ at: m.created_at, date: m.business_date, inCurrency: m.in_currency, inMinor: m.in_minor, outCurrency: m.out_currency, outMinor: m.out_minor }));
  }
  // Notes between counters (ledger/transfers.ts): the sender's stock goes down at its average cost
  // when sent (no spread: nothing was sold); the receiver's goes up by what it counted, at the
  // sender's cost of what was sent (migration 021; its share, when the count differs), so the
  // institution's cost of its stock does not change by moving notes. A transfer that carries no cost
  // (sent before 021) is valued at the board's mid of that day, as a float in is.
  const here = first(db, q.selectFrom('outlet').select('terminal_id'))?.terminal_id;
  if (here !== undefined) {
    for (const t of all(db, q.selectFrom('cash_transfers').select(['currency', 'amount_minor', 'sent_at', 'sent_date'])
      .where('from_terminal', '=', here).where('currency', '<>', RMB).where('sent_date', '>', after).where('sent_date', '<=', upTo).orderBy('sent_at').orderBy('id'))) {
      out.push({ at: t.sent_at, date: t.sent_date, currency: t.currency, foreign: -t.amount_minor });
    }
    for (const t of all(db, q.selectFrom('cash_transfers').select(['currency', 'amount_minor', 'cost_minor', 'received_minor', 'received_at', 'received_date'])
      .where('to_terminal', '=', here).where('currency', '<>', RMB).where('received_date', '>', after).where('received_date', '<=', upTo).orderBy('received_at').orderBy('id'))) {
      if (t.received_minor === null) continue;
      const e = receivedCostEvent({ at: t.received_at!, date: t.received_date!, currency: t.currency, amountMinor: t.amount_minor, receivedMinor: t.received_minor, costMinor: t.cost_minor });
      if (e) out.push(e);
    }
  }
  return byTime(out);
}

/**
 * What `minor` of a currency's stock cost this counter as it stands on `date` (its average cost over
 * the events so far), in fen: what notes sent to another counter take with them (ledger migration
 * 021). Null for RMB, which has no cost, and for a stock this counter does not hold.
 */
export function costOfStock(db: Database, currency: string, date: string, minor: bigint): bigint | null {
  if (currency === RMB) return null;
  const s = replayCosts(db, date).states.get(currency);
  if (!s || s.stock <= 0n) return null;
  return mulDivRound(s.cost, minor < s.stock ? minor : s.stock, s.stock);
}

/** A foreign amount at the board's mid rate of a day, in fen (0 when the board never had it). */
function valueAtMid(db: Database, currency: string, foreignMinor: bigint, date: string): bigint {
  return valueAt(midAt(db, currency, date), currency, foreignMinor);
}

/** The average-cost state at the end of `upTo`, and the spread realised from `from` on. */
export function replayCosts(db: Database, upTo: string, from: string = upTo): Replay {
  const start = lastClosedOnOrBefore(db, addDays(from, -1));
  const states = new Map<string, CostState>();
  if (start) {
    for (const r of all(db, q.selectFrom('day_costs').selectAll().where('business_date', '=', start))) states.set(r.currency, { stock: r.stock_minor, cost: r.cost_minor });
  }
  return replay(states, events(db, start ?? '0000-00-00', upTo), from, (currency, minor, date) => valueAtMid(db, currency, minor, date));
}

/** Unrealised gain at the end of a day: the stock at the board's mid rate less its cost (fen). */
function revaluation(db: Database, date: string, states: Map<string, CostState>): Map<string, bigint> {
  return revaluationOf(states, (currency) => midAt(db, currency, date));
}

export function profit(db: Database, outlet: OutletHeader, from: string, to: string): ProfitReport {
  checkPeriod(from, to);
  const end = replayCosts(db, to, from);
  const before = replayCosts(db, addDays(from, -1));
  const revalEnd = revaluation(db, to, end.states);
  const revalStart = revaluation(db, addDays(from, -1), before.states);
  const fee = new Map<string, bigint>();
  for (const r of all(db, q.selectFrom('trades as t').leftJoin('voids as v', 'v.trade_id', 't.id')
    // A refund on a later day gives the fee back (issue 19 item 2): its fee counts negative.
    .select(['t.currency', sql<bigint>`sum(t.fee_minor * (case when exists (select 1 from refunds r where r.trade_id = t.id) then -1 else 1 end))`.as('fee')])
    .where('t.business_date', '>=', from).where('t.business_date', '<=', to).where('v.id', 'is', null).groupBy('t.currency'))) {
    fee.set(r.currency, r.fee);
  }
  return composeProfit(outlet, from, to, { fee, spread: end.spread, revaluation: revaluationChange(revalEnd, revalStart) });
}
