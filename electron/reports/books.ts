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
import { Refusal } from '../../shared/errors';
import { RMB } from '../../shared/money/currencies';
import { Decimal, fromMinor, toMinor } from '../../shared/money/money';
import type { OutletHeader, ProfitReport, ProfitRow, TrialBalance } from '../../shared/reports/types';
import { addDays } from '../../shared/time';
import { all, first, q, type Database } from '../ledger/sql';
import { balancesAt, lastClosedOnOrBefore } from './balances';
import { checkPeriod } from './form1';
import { composeTrialBalance } from '../../shared/reports/trialBalance';

export function trialBalance(db: Database, outlet: OutletHeader, date: string): TrialBalance {
  checkPeriod(date, date);
  return composeTrialBalance(outlet, date, balancesAt(db, date));
}

export interface CostState {
  stock: bigint; // minor units of the foreign currency
  cost: bigint; // fen
}

interface Event {
  at: string;
  date: string;
  currency: string;
  /** Foreign minor units in (+) or out (−). */
  foreign: bigint;
  /** RMB fen paid for what came in, or received for what went out; undefined: valued at cost / mid. */
  rmb?: bigint | undefined;
}

function mulDivRound(a: bigint, b: bigint, c: bigint): bigint {
  // round half up of a*b/c for non-negative values
  return c === 0n ? 0n : (2n * a * b + c) / (2n * c);
}

/** The board's mid rate per unit at the end of a day (RMB), or undefined when never quoted. */
export function midAt(db: Database, currency: string, date: string): Decimal | undefined {
  const end = new Date(Date.parse(`${addDays(date, 1)}T00:00:00+08:00`)).toISOString();
  const r = first(db, q.selectFrom('rates').select(['buy_per_100', 'sell_per_100']).where('currency', '=', currency)
    .where('effective_at', '<', end).orderBy('effective_at', 'desc').orderBy(sql`rowid`, 'desc').limit(1));
  return r ? new Decimal(r.buy_per_100).plus(r.sell_per_100).dividedBy(200) : undefined;
}

function events(db: Database, after: string, upTo: string): Event[] {
  const out: Event[] = [];
  for (const t of all(db, q.selectFrom('trades as t').leftJoin('voids as v', 'v.trade_id', 't.id')
    .select(['t.created_at', 't.business_date', 't.currency', 't.direction', 't.foreign_minor', 't.rmb_minor'])
    .where('t.business_date', '>', after).where('t.business_date', '<=', upTo).where('v.id', 'is', null))) {
    const settlement = t.direction === 'settlement';
    out.push({ at: t.created_at, date: t.business_date, currency: t.currency, foreign: settlement ? t.foreign_minor : -t.foreign_minor, rmb: t.rmb_minor });
  }
  for (const m of all(db, q.selectFrom('reserve_movements').selectAll()
    .where('business_date', '>', after).where('business_date', '<=', upTo).where('kind', 'in', ['rebalance', 'float_in', 'variance']))) {
    const rmbIn = m.in_currency === RMB ? m.in_minor ?? undefined : undefined;
    const rmbOut = m.out_currency === RMB ? m.out_minor ?? undefined : undefined;
    if (m.in_currency && m.in_currency !== RMB && m.in_minor) out.push({ at: m.created_at, date: m.business_date, currency: m.in_currency, foreign: m.in_minor, rmb: rmbOut });
    if (m.out_currency && m.out_currency !== RMB && m.out_minor) out.push({ at: m.created_at, date: m.business_date, currency: m.out_currency, foreign: -m.out_minor, rmb: rmbIn });
  }
  // Notes between counters (ledger/transfers.ts): the sender's stock goes down at its average cost
  // when sent (no spread: nothing was sold); the receiver's goes up by what it counted, at the
  // sender's cost of what was sent (migration 021; its share, when the count differs), so the
  // institution's cost of its stock does not change by moving notes. A transfer that carries no cost
  // (sent before 021) is valued at the board's mid of that day, as a float in is.
  const here = first(db, q.selectFrom('outlet').select('terminal_id'))?.terminal_id;
  if (here !== undefined) {
    for (const t of all(db, q.selectFrom('cash_transfers').select(['currency', 'amount_minor', 'sent_at', 'sent_date'])
      .where('from_terminal', '=', here).where('currency', '<>', RMB).where('sent_date', '>', after).where('sent_date', '<=', upTo))) {
      out.push({ at: t.sent_at, date: t.sent_date, currency: t.currency, foreign: -t.amount_minor });
    }
    for (const t of all(db, q.selectFrom('cash_transfers').select(['currency', 'amount_minor', 'cost_minor', 'received_minor', 'received_at', 'received_date'])
      .where('to_terminal', '=', here).where('currency', '<>', RMB).where('received_date', '>', after).where('received_date', '<=', upTo))) {
      if (t.received_minor === null || t.received_minor <= 0n) continue;
      const rmb = t.cost_minor === null ? undefined : t.received_minor === t.amount_minor ? t.cost_minor : mulDivRound(t.cost_minor, t.received_minor, t.amount_minor);
      out.push({ at: t.received_at!, date: t.received_date!, currency: t.currency, foreign: t.received_minor, rmb });
    }
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
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
  const mid = midAt(db, currency, date);
  return mid ? toMinor(fromMinor(foreignMinor, currency).times(mid).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), RMB) : 0n;
}

export interface Replay {
  states: Map<string, CostState>;
  /** Realised spread per currency (fen) of the events with date in [from, upTo]. */
  spread: Map<string, bigint>;
}

/** The average-cost state at the end of `upTo`, and the spread realised from `from` on. */
export function replayCosts(db: Database, upTo: string, from: string = upTo): Replay {
  const start = lastClosedOnOrBefore(db, addDays(from, -1));
  const states = new Map<string, CostState>();
  if (start) {
    for (const r of all(db, q.selectFrom('day_costs').selectAll().where('business_date', '=', start))) states.set(r.currency, { stock: r.stock_minor, cost: r.cost_minor });
  }
  const spread = new Map<string, bigint>();
  for (const e of events(db, start ?? '0000-00-00', upTo)) {
    const s = states.get(e.currency) ?? states.set(e.currency, { stock: 0n, cost: 0n }).get(e.currency)!;
    if (e.foreign > 0n) {
      // In: at what was paid, or (float, borrowing, an overage) at the board's mid that day.
      const cost = e.rmb ?? valueAtMid(db, e.currency, e.foreign, e.date);
      s.stock += e.foreign;
      s.cost += cost;
    } else {
      const q2 = -e.foreign;
      const cost = s.stock > 0n ? mulDivRound(s.cost, q2 < s.stock ? q2 : s.stock, s.stock) : 0n;
      s.stock -= q2;
      s.cost -= cost;
      if (s.stock <= 0n) {
        s.stock = s.stock < 0n ? s.stock : 0n;
        if (s.stock === 0n) s.cost = 0n;
      }
      if (e.rmb !== undefined && e.date >= from) spread.set(e.currency, (spread.get(e.currency) ?? 0n) + e.rmb - cost);
    }
  }
  return { states, spread };
}

/** Unrealised gain at the end of a day: the stock at the board's mid rate less its cost (fen). */
function revaluation(db: Database, date: string, states: Map<string, CostState>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [currency, s] of states) {
    if (!midAt(db, currency, date)) continue;
    out.set(currency, valueAtMid(db, currency, s.stock, date) - s.cost);
  }
  return out;
}

export function profit(db: Database, outlet: OutletHeader, from: string, to: string): ProfitReport {
  checkPeriod(from, to);
  const end = replayCosts(db, to, from);
  const before = replayCosts(db, addDays(from, -1));
  const revalEnd = revaluation(db, to, end.states);
  const revalStart = revaluation(db, addDays(from, -1), before.states);
  const fees = new Map<string, bigint>();
  for (const r of all(db, q.selectFrom('trades as t').leftJoin('voids as v', 'v.trade_id', 't.id')
    .select(['t.currency', sql<bigint>`sum(t.fee_minor)`.as('fee')])
    .where('t.business_date', '>=', from).where('t.business_date', '<=', to).where('v.id', 'is', null).groupBy('t.currency'))) {
    fees.set(r.currency, r.fee);
  }
  const currencies = [...new Set([...fees.keys(), ...end.spread.keys(), ...revalEnd.keys(), ...revalStart.keys()])].sort();
  const rmb = (m: bigint) => fromMinor(m, RMB).toString();
  let t = { fee: 0n, spread: 0n, reval: 0n };
  const rows: ProfitRow[] = currencies.map((currency) => {
    const fee = fees.get(currency) ?? 0n;
    const spread = end.spread.get(currency) ?? 0n;
    const reval = (revalEnd.get(currency) ?? 0n) - (revalStart.get(currency) ?? 0n);
    t = { fee: t.fee + fee, spread: t.spread + spread, reval: t.reval + reval };
    return { currency, feeIncome: rmb(fee), spread: rmb(spread), revaluation: rmb(reval), total: rmb(fee + spread + reval) };
  });
  return {
    form: 'profit', outlet, from, to, rows,
    total: { currency: RMB, feeIncome: rmb(t.fee), spread: rmb(t.spread), revaluation: rmb(t.reval), total: rmb(t.fee + t.spread + t.reval) },
  };
}
