// The reports' per-day aggregates (issue 18 item 4; 第五十一条 附表1–3, the books), kept as events
// arrive, inside ingest's transaction (hub/ingest.ts), so the institution's reports read days, not
// trades (npm run bench -- --hub --reports: 附表3 of 500 outlets × 4 counters in under a second):
//   - hub_flow_days: customer trades that stand, per counter, day and cell of the forms (residency,
//     direction, entered in SAFE's system or not, currency). A trade adds to its cell; its void
//     (same day: a void is never of an earlier day) takes it out again; its back-fill reaching SAFE
//     moves it from 未录入 to 事后补录 — so a report made later shows what the counter's own would;
//   - hub_movement_days: reserve movements that bring money in or take it out, by channel;
//   - hub_flow_months and hub_movement_months: the same by month, which the monthly forms read;
//   - hub_balance_days and hub_balance_months: what every account moved by (its postings), so a
//     balance at a date is a few rows per account; hub_balances: every account's balance now;
//   - hub_day_costs, hub_rate_history, hub_counter_transfers: what profit replays (recordCostHistory).
// The only writer of these tables. The trade index (lookups.ts) and the movement index
// (reserves.ts) say what is new; this sums it.
import { sql, type Transaction } from 'kysely';
import type { HubEvent } from '../shared/sync/events';
import type { HubDB } from './db/schema';
import type { ReportedTrade, TradeChanges } from './lookups';
import type { IndexedMovement } from './reserves';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^-?\d{1,18}$/;
const MOVEMENT_KINDS = new Set(['rebalance', 'float_in', 'variance', 'transfer_in', 'transfer_out']);

type Sums = Map<string, { key: string[]; values: bigint[] }>;

function add(sums: Sums, key: string[], values: bigint[]): void {
  const k = key.join('|');
  const slot = sums.get(k);
  if (!slot) {
    sums.set(k, { key, values: [...values] });
    return;
  }
  values.forEach((v, i) => { slot.values[i]! += v; });
}

/** Rows summed by key, one upsert (a key once per statement: ON CONFLICT touches a row once). */
async function upsert(tx: Transaction<HubDB>, table: string, keys: string[], values: string[], sums: Sums, types: Record<string, string>): Promise<void> {
  const rows = [...sums.values()].filter((s) => s.values.some((v) => v !== 0n));
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => Object.fromEntries([...keys.map((k, i) => [k, r.key[i]]), ...values.map((v, i) => [v, String(r.values[i])])])));
  const columns = [...keys, ...values];
  await sql`
    INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    SELECT ${sql.join(columns.map((c) => sql.ref(`r.${c}`)))} FROM json_to_recordset(${json}::json) AS r(${sql.raw(columns.map((c) => `${c} ${types[c] ?? 'TEXT'}`).join(', '))})
    ON CONFLICT (${sql.join(keys.map((c) => sql.ref(c)))}) DO UPDATE SET ${sql.join(values.map((v) => sql`${sql.ref(v)} = ${sql.table(table)}.${sql.ref(v)} + EXCLUDED.${sql.ref(v)}`))}`.execute(tx);
}

const entryOf = (t: ReportedTrade): 'realtime' | 'backfill' | 'notEntered' => (t.reporting_path === 'realtime' ? 'realtime' : t.reporting_path === 'backfill' && t.entered ? 'backfill' : 'notEntered');

function tradeValues(t: ReportedTrade, sign: bigint): bigint[] {
  // RMB that changed hands: paid out for a settlement (rmb − fee), taken in for a purchase (rmb + fee).
  const cash = t.direction === 'settlement' ? t.rmb_minor - t.fee_minor : t.rmb_minor + t.fee_minor;
  return [sign * t.foreign_minor, sign * cash, sign * t.fee_minor, sign];
}

/** The batch's trades, voids and deliveries, movements and postings, summed into the days. */
export async function recordReportDays(tx: Transaction<HubDB>, terminalId: string, events: readonly HubEvent[], trades: TradeChanges, movements: readonly IndexedMovement[]): Promise<void> {
  // Each sum goes to its day and to its month (the key's second part: the date, or the month's first day).
  const monthOf = (key: string[]) => [key[0]!, `${key[1]!.slice(0, 7)}-01`, ...key.slice(2)];
  const flows: Sums = new Map();
  const flowMonths: Sums = new Map();
  const addFlow = (key: string[], values: bigint[]) => {
    add(flows, key, values);
    add(flowMonths, monthOf(key), values);
  };
  const cell = (t: ReportedTrade, entry = entryOf(t)) => [terminalId, String(t.business_date), t.residency, t.direction, entry, t.currency];
  for (const t of trades.added) addFlow(cell(t, entryOf({ ...t, entered: t.reporting_path === 'realtime' })), tradeValues(t, 1n));
  // Delivered: out of 未录入, into 事后补录.
  for (const t of trades.delivered) {
    addFlow(cell(t, 'notEntered'), tradeValues(t, -1n));
    addFlow(cell(t, 'backfill'), tradeValues(t, 1n));
  }
  for (const t of trades.voided) addFlow(cell(t), tradeValues(t, -1n));
  // A refund on a later day (issue 19 item 2): its original taken back on the refund's date, in the
  // original's cell (as electron/reports/flows.ts does for the counter's own forms).
  for (const { original, date } of trades.refunded) addFlow([terminalId, date, original.residency, original.direction, entryOf(original), original.currency], tradeValues(original, -1n));
  const flowValues = ['foreign_minor', 'rmb_cash_minor', 'fee_minor', 'trades'];
  const flowTypes = { business_date: 'DATE', month: 'DATE', foreign_minor: 'BIGINT', rmb_cash_minor: 'BIGINT', fee_minor: 'BIGINT', trades: 'BIGINT' };
  await upsert(tx, 'hub_flow_days', ['terminal_id', 'business_date', 'residency', 'direction', 'entry', 'currency'], flowValues, flows, flowTypes);
  await upsert(tx, 'hub_flow_months', ['terminal_id', 'month', 'residency', 'direction', 'entry', 'currency'], flowValues, flowMonths, flowTypes);

  const legs: Sums = new Map();
  const legMonths: Sums = new Map();
  const addLeg = (key: string[], values: bigint[]) => {
    add(legs, key, values);
    add(legMonths, monthOf(key), values);
  };
  for (const m of movements) {
    if (!MOVEMENT_KINDS.has(m.kind)) continue;
    const channel = m.kind === 'transfer_in' || m.kind === 'transfer_out' ? 'transfer' : m.channel ?? 'internal';
    if (m.in_currency !== null && m.in_minor !== null) addLeg([terminalId, m.business_date, channel, m.in_currency, 'in'], [m.in_minor, 1n]);
    if (m.out_currency !== null && m.out_minor !== null) addLeg([terminalId, m.business_date, channel, m.out_currency, 'out'], [m.out_minor, 1n]);
  }
  const legTypes = { business_date: 'DATE', month: 'DATE', minor: 'BIGINT', movements: 'BIGINT' };
  await upsert(tx, 'hub_movement_days', ['terminal_id', 'business_date', 'channel', 'currency', 'way'], ['minor', 'movements'], legs, legTypes);
  await upsert(tx, 'hub_movement_months', ['terminal_id', 'month', 'channel', 'currency', 'way'], ['minor', 'movements'], legMonths, legTypes);

  // Postings: every event that booked any carries them (a trade, a void, a movement, a day close's
  // over/short, notes between counters), each posting in one event only.
  const days: Sums = new Map();
  const months: Sums = new Map();
  const currencyOf = new Map<string, string>();
  for (const e of events) {
    for (const p of e.rows?.postings ?? []) {
      if (!DATE.test(p.business_date ?? '') || !INTEGER.test(p.amount_minor ?? '') || typeof p.account_id !== 'string' || typeof p.currency !== 'string') continue;
      const minor = BigInt(p.amount_minor!);
      currencyOf.set(p.account_id, p.currency);
      add(days, [terminalId, p.business_date!, p.account_id], [minor]);
      add(months, [terminalId, `${p.business_date!.slice(0, 7)}-01`, p.account_id], [minor]);
    }
  }
  await recordCostHistory(tx, terminalId, events);
  await upsertBalances(tx, 'hub_balance_days', 'business_date', days, currencyOf);
  await upsertBalances(tx, 'hub_balance_months', 'month', months, currencyOf);
  // And every account's balance now: the months' sums, whatever their month.
  const now: Sums = new Map();
  for (const s of months.values()) add(now, [s.key[0]!, s.key[2]!], s.values);
  const rows = [...now.values()].filter((s) => s.values[0] !== 0n);
  if (rows.length > 0) {
    await sql`
      INSERT INTO hub_balances (terminal_id, account_id, currency, balance_minor)
      SELECT r.terminal_id, r.account_id, r.currency, r.delta_minor FROM json_to_recordset(${JSON.stringify(rows.map((r) => ({ terminal_id: r.key[0], account_id: r.key[1], currency: currencyOf.get(r.key[1]!), delta_minor: String(r.values[0]) })))}::json)
        AS r(terminal_id TEXT, account_id TEXT, currency TEXT, delta_minor BIGINT)
      ON CONFLICT (terminal_id, account_id) DO UPDATE SET balance_minor = hub_balances.balance_minor + EXCLUDED.balance_minor`.execute(tx);
  }
}

/**
 * What profit replays (hub/profit.ts): each day close's stock and cost, the board's rates as the
 * counter stored them (every rate it holds is a rate.set entry: its own and those the hub sent),
 * and notes between counters as this counter sent them or counted them in.
 */
async function recordCostHistory(tx: Transaction<HubDB>, terminalId: string, events: readonly HubEvent[]): Promise<void> {
  const costs = events.filter((e) => e.action === 'dayClose.close').flatMap((e) => e.rows?.day_costs ?? [])
    .filter((c) => DATE.test(c.business_date ?? '') && typeof c.currency === 'string' && INTEGER.test(c.stock_minor ?? '') && INTEGER.test(c.cost_minor ?? ''));
  if (costs.length > 0) {
    await tx.insertInto('hub_day_costs').values(costs.map((c) => ({ terminal_id: terminalId, business_date: c.business_date!, currency: c.currency!, stock_minor: BigInt(c.stock_minor!), cost_minor: BigInt(c.cost_minor!) })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
  const rates = events.filter((e) => e.action === 'rate.set').flatMap((e) => (e.rows?.rates ?? []).map((r) => ({ r, seq: e.seq })))
    .filter(({ r }) => ['id', 'currency', 'buy_per_100', 'sell_per_100', 'effective_at'].every((k) => typeof r[k] === 'string'));
  if (rates.length > 0) {
    await tx.insertInto('hub_rate_history').values(rates.map(({ r, seq }) => ({
      terminal_id: terminalId, seq: BigInt(seq), id: r.id!, currency: r.currency!, buy_per_100: r.buy_per_100!, sell_per_100: r.sell_per_100!, effective_at: r.effective_at!,
    }))).onConflict((oc) => oc.doNothing()).execute();
  }
  const legs = events.filter((e) => e.action.startsWith('cash.transfer')).flatMap((e) => e.rows?.cash_transfers ?? []).flatMap((t) => {
    if (typeof t.id !== 'string' || typeof t.currency !== 'string' || !INTEGER.test(t.amount_minor ?? '')) return [];
    const out = [];
    if (t.from_terminal === terminalId && DATE.test(t.sent_date ?? '') && typeof t.sent_at === 'string') {
      out.push({ terminal_id: terminalId, id: t.id, side: 'sent' as const, at: t.sent_at, business_date: t.sent_date!, currency: t.currency, amount_minor: BigInt(t.amount_minor!), received_minor: null, cost_minor: null });
    }
    if (t.to_terminal === terminalId && DATE.test(t.received_date ?? '') && typeof t.received_at === 'string' && INTEGER.test(t.received_minor ?? '')) {
      out.push({
        terminal_id: terminalId, id: t.id, side: 'received' as const, at: t.received_at, business_date: t.received_date!, currency: t.currency, amount_minor: BigInt(t.amount_minor!),
        received_minor: BigInt(t.received_minor!), cost_minor: INTEGER.test(t.cost_minor ?? '') ? BigInt(t.cost_minor!) : null,
      });
    }
    return out;
  });
  if (legs.length > 0) await tx.insertInto('hub_counter_transfers').values(legs).onConflict((oc) => oc.doNothing()).execute();
}

async function upsertBalances(tx: Transaction<HubDB>, table: 'hub_balance_days' | 'hub_balance_months', dateColumn: string, sums: Sums, currencyOf: Map<string, string>): Promise<void> {
  const rows = [...sums.values()].filter((s) => s.values[0] !== 0n);
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ terminal_id: r.key[0], d: r.key[1], account_id: r.key[2], currency: currencyOf.get(r.key[2]!), delta_minor: String(r.values[0]) })));
  await sql`
    INSERT INTO ${sql.table(table)} (terminal_id, ${sql.ref(dateColumn)}, account_id, currency, delta_minor)
    SELECT r.terminal_id, r.d, r.account_id, r.currency, r.delta_minor FROM json_to_recordset(${json}::json) AS r(terminal_id TEXT, d DATE, account_id TEXT, currency TEXT, delta_minor BIGINT)
    ON CONFLICT (${sql.ref(dateColumn)}, terminal_id, account_id) DO UPDATE SET delta_minor = ${sql.table(table)}.delta_minor + EXCLUDED.delta_minor`.execute(tx);
}
