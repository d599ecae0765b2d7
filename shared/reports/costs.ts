// Profit per currency (会计核算, 004 service guide), pure: the foreign stock's average cost replayed
// over a counter's events — what came in at what it cost, what went out at its average cost, the
// spread of what was sold — and the stock's revaluation at the board's mid rate. A counter replays
// its own ledger (electron/reports/books.ts); the hub replays each counter's copy (hub/profit.ts),
// and an outlet's profit is its counters' added: each counter keeps its own stock and cost.
import { RMB } from '../money/currencies';
import { Decimal, fromMinor, toMinor } from '../money/money';
import type { OutletHeader, ProfitReport, ProfitRow } from './types';

export interface CostState {
  stock: bigint; // minor units of the foreign currency
  cost: bigint; // fen
}

/** Foreign currency in (+) or out (−) of a counter's stock. */
export interface CostEvent {
  at: string;
  date: string;
  currency: string;
  foreign: bigint;
  /** RMB fen paid for what came in, or received for what went out; undefined: valued at cost / mid. */
  rmb?: bigint | undefined;
}

export interface Replay {
  states: Map<string, CostState>;
  /** Realised spread per currency (fen) of the events with date in [from, upTo]. */
  spread: Map<string, bigint>;
}

export function mulDivRound(a: bigint, b: bigint, c: bigint): bigint {
  // round half up of a*b/c for non-negative values
  return c === 0n ? 0n : (2n * a * b + c) / (2n * c);
}

/** In time order (a stable sort: events of one instant keep the order they were gathered in). */
export function byTime(events: CostEvent[]): CostEvent[] {
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * The average-cost states after `events` (in time order) from `start`, and the spread realised by
 * those dated `from` on. An event in with no price is valued by `atMid` (a float, a borrowing, an
 * overage: the board's mid that day).
 */
export function replay(start: ReadonlyMap<string, CostState>, events: readonly CostEvent[], from: string, atMid: (currency: string, foreignMinor: bigint, date: string) => bigint): Replay {
  const states = new Map([...start].map(([c, s]) => [c, { ...s }]));
  const spread = new Map<string, bigint>();
  for (const e of events) {
    const s = states.get(e.currency) ?? states.set(e.currency, { stock: 0n, cost: 0n }).get(e.currency)!;
    if (e.foreign > 0n) {
      const cost = e.rmb ?? atMid(e.currency, e.foreign, e.date);
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

/** The board's mid rate per unit (RMB) from its rates per 100 units. */
export function midOf(buyPer100: string, sellPer100: string): Decimal {
  return new Decimal(buyPer100).plus(sellPer100).dividedBy(200);
}

/** A foreign amount at a mid rate, in fen (0 when the board never had the currency). */
export function valueAt(mid: Decimal | undefined, currency: string, foreignMinor: bigint): bigint {
  return mid ? toMinor(fromMinor(foreignMinor, currency).times(mid).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), RMB) : 0n;
}

/** Unrealised gain at the end of a day: the stock at the board's mid rate less its cost (fen); a currency never quoted left out. */
export function revaluationOf(states: ReadonlyMap<string, CostState>, midOfCurrency: (currency: string) => Decimal | undefined): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [currency, s] of states) {
    const mid = midOfCurrency(currency);
    if (!mid) continue;
    out.set(currency, valueAt(mid, currency, s.stock) - s.cost);
  }
  return out;
}

/** A trade that stands, as it moves the stock: a settlement brings the currency in at what was paid, a purchase takes it out for what was received. */
export function tradeCostEvent(t: { at: string; date: string; currency: string; direction: 'settlement' | 'purchase'; foreignMinor: bigint; rmbMinor: bigint }): CostEvent {
  return { at: t.at, date: t.date, currency: t.currency, foreign: t.direction === 'settlement' ? t.foreignMinor : -t.foreignMinor, rmb: t.rmbMinor };
}

/**
 * A reserve movement that changes the stock (rebalancing, the float, a day close's over/short): a
 * foreign leg in at the RMB leg's amount (or the mid), out for it.
 */
export function movementCostEvents(m: { at: string; date: string; inCurrency: string | null; inMinor: bigint | null; outCurrency: string | null; outMinor: bigint | null }): CostEvent[] {
  const out: CostEvent[] = [];
  const rmbIn = m.inCurrency === RMB ? m.inMinor ?? undefined : undefined;
  const rmbOut = m.outCurrency === RMB ? m.outMinor ?? undefined : undefined;
  if (m.inCurrency && m.inCurrency !== RMB && m.inMinor) out.push({ at: m.at, date: m.date, currency: m.inCurrency, foreign: m.inMinor, rmb: rmbOut });
  if (m.outCurrency && m.outCurrency !== RMB && m.outMinor) out.push({ at: m.at, date: m.date, currency: m.outCurrency, foreign: -m.outMinor, rmb: rmbIn });
  return out;
}

/** The kinds of reserve movement that change the foreign stock's cost. */
export const COSTED_MOVEMENTS = ['rebalance', 'float_in', 'variance'] as const;

/**
 * Notes between counters: the receiver's stock goes up by what it counted, at the sender's cost of
 * what was sent (its share, when the count differs; at the mid when the transfer carries none).
 */
export function receivedCostEvent(t: { at: string; date: string; currency: string; amountMinor: bigint; receivedMinor: bigint; costMinor: bigint | null }): CostEvent | undefined {
  if (t.receivedMinor <= 0n) return undefined;
  const rmb = t.costMinor === null ? undefined : t.receivedMinor === t.amountMinor ? t.costMinor : mulDivRound(t.costMinor, t.receivedMinor, t.amountMinor);
  return { at: t.at, date: t.date, currency: t.currency, foreign: t.receivedMinor, rmb };
}

/** The profit of one counter (or several added) for a period, per currency: fee + spread + revaluation, in fen. */
export interface ProfitParts {
  fee: Map<string, bigint>;
  spread: Map<string, bigint>;
  revaluation: Map<string, bigint>;
}

/** The change in unrealised gain over a period: at its end less at the day before it, per currency. */
export function revaluationChange(end: ReadonlyMap<string, bigint>, start: ReadonlyMap<string, bigint>): Map<string, bigint> {
  return new Map([...new Set([...end.keys(), ...start.keys()])].map((c) => [c, (end.get(c) ?? 0n) - (start.get(c) ?? 0n)]));
}

export function addProfit(into: ProfitParts, more: ProfitParts): ProfitParts {
  for (const k of ['fee', 'spread', 'revaluation'] as const) {
    for (const [c, v] of more[k]) into[k].set(c, (into[k].get(c) ?? 0n) + v);
  }
  return into;
}

export function composeProfit(outlet: OutletHeader, from: string, to: string, parts: ProfitParts): ProfitReport {
  const currencies = [...new Set([...parts.fee.keys(), ...parts.spread.keys(), ...parts.revaluation.keys()])].sort();
  const rmb = (m: bigint) => fromMinor(m, RMB).toString();
  let t = { fee: 0n, spread: 0n, reval: 0n };
  const rows: ProfitRow[] = currencies.map((currency) => {
    const fee = parts.fee.get(currency) ?? 0n;
    const spread = parts.spread.get(currency) ?? 0n;
    const reval = parts.revaluation.get(currency) ?? 0n;
    t = { fee: t.fee + fee, spread: t.spread + spread, reval: t.reval + reval };
    return { currency, feeIncome: rmb(fee), spread: rmb(spread), revaluation: rmb(reval), total: rmb(fee + spread + reval) };
  });
  return {
    form: 'profit', outlet, from, to, rows,
    total: { currency: RMB, feeIncome: rmb(t.fee), spread: rmb(t.spread), revaluation: rmb(t.reval), total: rmb(t.fee + t.spread + t.reval) },
  };
}
