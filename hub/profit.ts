// Profit per currency at the hub (issue 18 item 4; 会计核算): each counter keeps its own stock of each
// foreign currency at average cost, so an outlet's profit is its counters' added, and each counter's
// is replayed here exactly as the counter replays its own (shared/reports/costs.ts): from its last
// day close before the period (the stock and cost it kept, hub_day_costs), over its trades that
// stand, its reserve movements that change the stock, and the notes it sent or counted in, in time
// order, a price-less entry valued at the mid of the board it had that day (hub_rate_history); then
// the stock revalued at the mid at the period's ends. Fees are the period's trades'.
import { sql } from 'kysely';
import { RMB } from '../shared/money/currencies';
import type { Decimal } from '../shared/money/money';
import { addProfit, byTime, composeProfit, COSTED_MOVEMENTS, midOf, movementCostEvents, receivedCostEvent, replay, revaluationChange, revaluationOf, tradeCostEvent, valueAt, type CostEvent, type CostState, type ProfitParts } from '../shared/reports/costs';
import { checkPeriod } from '../shared/reports/form1';
import type { OutletHeader, ProfitReport } from '../shared/reports/types';
import { addDays } from '../shared/time';
import type { HubDatabase } from './db/open';

/** The board's mid at the end of a day as a counter had it: its latest rate in force before the next day began in China. */
function midFinder(rates: readonly { currency: string; buy_per_100: string; sell_per_100: string; effective_at: string; seq: bigint }[]) {
  const byCurrency = new Map<string, typeof rates[number][]>();
  for (const r of rates) (byCurrency.get(r.currency) ?? byCurrency.set(r.currency, []).get(r.currency)!).push(r);
  // Latest first: effective_at, then the order stored (the counter's rowid).
  for (const list of byCurrency.values()) list.sort((a, b) => (a.effective_at !== b.effective_at ? (a.effective_at < b.effective_at ? 1 : -1) : a.seq < b.seq ? 1 : a.seq > b.seq ? -1 : 0));
  return (currency: string, date: string): Decimal | undefined => {
    const end = new Date(Date.parse(`${addDays(date, 1)}T00:00:00+08:00`)).toISOString();
    const r = byCurrency.get(currency)?.find((x) => x.effective_at < end);
    return r ? midOf(r.buy_per_100, r.sell_per_100) : undefined;
  };
}

/** One counter's profit parts for [from, to]. */
async function counterProfit(db: HubDatabase, terminalId: string, from: string, to: string): Promise<ProfitParts> {
  const rates = await db.selectFrom('hub_rate_history').select(['currency', 'buy_per_100', 'sell_per_100', 'effective_at', 'seq']).where('terminal_id', '=', terminalId).execute();
  const midAt = midFinder(rates);
  const atMid = (currency: string, minor: bigint, date: string) => valueAt(midAt(currency, date), currency, minor);
  // The replay from the last day close on or before `upTo`'s start, as the counter's replayCosts.
  const replayTo = async (upTo: string, since: string) => {
    const closed = await db.selectFrom('hub_counter_days').select(sql<string>`max(business_date)::text`.as('d'))
      .where('terminal_id', '=', terminalId).where('business_date', '<=', addDays(since, -1)).executeTakeFirst();
    const start = closed?.d ?? undefined;
    const states = new Map<string, CostState>();
    if (start) {
      for (const c of await db.selectFrom('hub_day_costs').select(['currency', 'stock_minor', 'cost_minor']).where('terminal_id', '=', terminalId).where('business_date', '=', start).execute()) {
        states.set(c.currency, { stock: c.stock_minor, cost: c.cost_minor });
      }
    }
    // No close yet: from the first day there is (a date PostgreSQL takes).
    const after = start ?? '0001-01-01';
    const events: CostEvent[] = [];
    // In the counter's order (electron/reports/books.ts): by time, trades of one instant by receipt
    // number, movements by id, notes sent then counted in; the sort after is stable.
    // Refunds on a later day are trades at the counter (hub_refund_trades: not in hub_trades); both
    // lists in the counter's order, merged into it.
    // (the two tables share these columns: the cast names one for Kysely's types.)
    const inPeriod = (table: 'hub_trades' | 'hub_refund_trades') => db.selectFrom(table as 'hub_trades')
      .select(['created_at', sql<string>`business_date::text`.as('day'), 'currency', 'direction', 'foreign_minor', 'rmb_minor', 'receipt_no'])
      .where('terminal_id', '=', terminalId).where('business_date', '>', after).where('business_date', '<=', upTo).where('voided', '=', false)
      .orderBy(sql`created_at COLLATE "C"`).orderBy('receipt_no').execute();
    const trades = [...await inPeriod('hub_trades'), ...await inPeriod('hub_refund_trades')]
      .sort((a, b) => (a.created_at !== b.created_at ? ((a.created_at ?? '') < (b.created_at ?? '') ? -1 : 1) : a.receipt_no < b.receipt_no ? -1 : a.receipt_no > b.receipt_no ? 1 : 0));
    for (const t of trades) {
      if (t.created_at === null || t.currency === null || t.foreign_minor === null) continue;
      events.push(tradeCostEvent({ at: t.created_at, date: t.day, currency: t.currency, direction: t.direction, foreignMinor: t.foreign_minor, rmbMinor: t.rmb_minor }));
    }
    for (const m of await db.selectFrom('hub_reserve_movements').select(['created_at', sql<string>`business_date::text`.as('day'), 'in_currency', 'in_minor', 'out_currency', 'out_minor'])
      .where('terminal_id', '=', terminalId).where('business_date', '>', after).where('business_date', '<=', upTo).where('kind', 'in', [...COSTED_MOVEMENTS])
      .orderBy(sql`created_at COLLATE "C"`).orderBy(sql`id COLLATE "C"`).execute()) {
      events.push(...movementCostEvents({ at: m.created_at ?? '', date: m.day, inCurrency: m.in_currency, inMinor: m.in_minor, outCurrency: m.out_currency, outMinor: m.out_minor }));
    }
    for (const x of await db.selectFrom('hub_counter_transfers').select(['side', 'at', sql<string>`business_date::text`.as('day'), 'currency', 'amount_minor', 'received_minor', 'cost_minor'])
      .where('terminal_id', '=', terminalId).where('currency', '<>', RMB).where('business_date', '>', after).where('business_date', '<=', upTo)
      .orderBy(sql`side = 'received'`).orderBy(sql`at COLLATE "C"`).orderBy(sql`id COLLATE "C"`).execute()) {
      if (x.side === 'sent') events.push({ at: x.at, date: x.day, currency: x.currency, foreign: -x.amount_minor });
      else if (x.received_minor !== null) {
        const e = receivedCostEvent({ at: x.at, date: x.day, currency: x.currency, amountMinor: x.amount_minor, receivedMinor: x.received_minor, costMinor: x.cost_minor });
        if (e) events.push(e);
      }
    }
    return replay(states, byTime(events), since, atMid);
  };
  const end = await replayTo(to, from);
  const before = await replayTo(addDays(from, -1), addDays(from, -1));
  const revalEnd = revaluationOf(end.states, (c) => midAt(c, to));
  const revalStart = revaluationOf(before.states, (c) => midAt(c, addDays(from, -1)));
  const fee = new Map<string, bigint>();
  for (const r of await sql<{ currency: string; fee: string }>`
    SELECT currency, sum(fee_minor)::text AS fee FROM hub_flow_days WHERE terminal_id = ${terminalId} AND business_date >= ${from} AND business_date <= ${to}
    GROUP BY currency HAVING sum(trades) <> 0`.execute(db).then((x) => x.rows)) fee.set(r.currency, BigInt(r.fee));
  return { fee, spread: end.spread, revaluation: revaluationChange(revalEnd, revalStart) };
}

/** Profit per currency over an outlet's counters (or every counter), each replayed as its own. */
export async function hubProfit(db: HubDatabase, header: OutletHeader, terminals: readonly string[], from: string, to: string): Promise<ProfitReport> {
  checkPeriod(from, to);
  const total: ProfitParts = { fee: new Map(), spread: new Map(), revaluation: new Map() };
  for (const id of terminals) addProfit(total, await counterProfit(db, id, from, to));
  return composeProfit(header, from, to, total);
}
