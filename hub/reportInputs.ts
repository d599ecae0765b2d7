// What the institution's reports are made of, read from the hub's per-day aggregates (reportDays.ts)
// for a set of counters: an outlet, a city's outlets, or every outlet — each gathered by outlet when
// asked, so 附表3 for 500 outlets is four grouped queries, not 500 × 4. The inputs are those a
// counter gathers from its own ledger (shared/reports/inputs.ts), and the forms are composed from
// them by the same functions.
import { sql, type Expression, type SqlBool } from 'kysely';
import { BUNDLED_YEARS, workCalendar, type WorkCalendar, type YearCalendar } from '../shared/calendar/workdays';
import { Refusal } from '../shared/errors';
import { Decimal, dec } from '../shared/money/money';
import { CASH_KINDS, kindOfAccount, monthDays, RESERVE_ACCOUNT_KIND, reservesOf, type AccountBalance, type Channel, type MovementLeg, type Reserves, type TradeFlow } from '../shared/reports/inputs';
import type { HubDatabase } from './db/open';
import { changeBody } from './reference';

/** The counters a report covers: one outlet, the outlets of a city, or the institution. */
export type Scope = { outletCode: string } | { cityCode: string } | { institution: true };

/** The outlet a gathered row belongs to (EVERY_OUTLET when not gathered by outlet). */
type ByOutlet<T> = Map<string, T>;

/** The key of rows not gathered by outlet, and the outlet code of a report over the institution (as 附表3's). */
export const EVERY_OUTLET = '*';

function push<T>(map: ByOutlet<T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The scope as a condition on the terminal (alias t) and its outlet (alias o). */
function inScope(scope: Scope): Expression<SqlBool> {
  if ('outletCode' in scope) return sql<SqlBool>`t.outlet_code = ${scope.outletCode}`;
  if ('cityCode' in scope) return sql<SqlBool>`o.city_code = ${scope.cityCode}`;
  return sql<SqlBool>`TRUE`;
}

const outletKey = (byOutlet: boolean) => (byOutlet ? sql.raw('t.outlet_code') : sql.raw(`'${EVERY_OUTLET}'`));

const isMonthEnd = (date: string) => monthDays(date.slice(0, 7)).to === date;

/**
 * Where a period's sums are read: whole months from the months' table (a month's forms read a few
 * dozen rows a counter), any other period from the days'.
 */
function period(table: 'flow' | 'movement', from: string, to: string) {
  if (from.endsWith('-01') && isMonthEnd(to)) {
    return { table: sql.table(`hub_${table}_months`), where: sql<SqlBool>`x.month >= ${from} AND x.month <= ${`${to.slice(0, 7)}-01`}` };
  }
  return { table: sql.table(`hub_${table}_days`), where: sql<SqlBool>`x.business_date >= ${from} AND x.business_date <= ${to}` };
}

/** Customer trades that stand in [from, to], by cell of the forms. */
export async function gatherFlows(db: HubDatabase, scope: Scope, from: string, to: string, byOutlet: boolean): Promise<ByOutlet<TradeFlow[]>> {
  const p = period('flow', from, to);
  const rows = await sql<{ outlet: string; residency: TradeFlow['residency']; direction: TradeFlow['direction']; entry: TradeFlow['entry']; currency: string; foreign_minor: string; rmb_cash_minor: string; n: string }>`
    SELECT ${outletKey(byOutlet)} AS outlet, x.residency, x.direction, x.entry, x.currency,
           sum(x.foreign_minor)::text AS foreign_minor, sum(x.rmb_cash_minor)::text AS rmb_cash_minor, sum(x.trades)::text AS n
    FROM ${p.table} x JOIN hub_terminals t ON t.id = x.terminal_id JOIN hub_outlets o ON o.code = t.outlet_code
    WHERE ${p.where} AND ${inScope(scope)}
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(x.trades) <> 0`.execute(db);
  const out: ByOutlet<TradeFlow[]> = new Map();
  for (const r of rows.rows) {
    push(out, r.outlet, { residency: r.residency, direction: r.direction, entry: r.entry, currency: r.currency, foreignMinor: BigInt(r.foreign_minor), rmbCashMinor: BigInt(r.rmb_cash_minor), count: Number(r.n) });
  }
  return out;
}

/** Reserve movements in [from, to] that bring money in or take it out, by channel, currency and way. */
export async function gatherLegs(db: HubDatabase, scope: Scope, from: string, to: string, byOutlet: boolean): Promise<ByOutlet<MovementLeg[]>> {
  const p = period('movement', from, to);
  const rows = await sql<{ outlet: string; channel: Channel; currency: string; way: 'in' | 'out'; minor: string; n: string }>`
    SELECT ${outletKey(byOutlet)} AS outlet, x.channel, x.currency, x.way, sum(x.minor)::text AS minor, sum(x.movements)::text AS n
    FROM ${p.table} x JOIN hub_terminals t ON t.id = x.terminal_id JOIN hub_outlets o ON o.code = t.outlet_code
    WHERE ${p.where} AND ${inScope(scope)}
    GROUP BY 1, 2, 3, 4 HAVING sum(x.movements) <> 0`.execute(db);
  const out: ByOutlet<MovementLeg[]> = new Map();
  for (const r of rows.rows) push(out, r.outlet, { channel: r.channel, currency: r.currency, way: r.way, minor: BigInt(r.minor), count: Number(r.n) });
  return out;
}

/**
 * Every account's balance at the end of `date` over the scope's counters: the months before, and the
 * days of its month (none at a month's end: its month is whole).
 */
export async function gatherBalances(db: HubDatabase, scope: Scope, date: string, byOutlet: boolean): Promise<ByOutlet<AccountBalance[]>> {
  const monthStart = `${date.slice(0, 7)}-01`;
  const whole = isMonthEnd(date);
  const rows = await sql<{ outlet: string; account_id: string; currency: string; minor: string }>`
    SELECT ${outletKey(byOutlet)} AS outlet, b.account_id, min(b.currency) AS currency, sum(b.delta_minor)::text AS minor
    FROM (
      SELECT terminal_id, account_id, currency, delta_minor FROM hub_balance_months WHERE ${whole ? sql`month <= ${monthStart}` : sql`month < ${monthStart}`}
      UNION ALL
      SELECT terminal_id, account_id, currency, delta_minor FROM hub_balance_days WHERE ${whole ? sql<SqlBool>`FALSE` : sql<SqlBool>`business_date >= ${monthStart} AND business_date <= ${date}`}
    ) b JOIN hub_terminals t ON t.id = b.terminal_id JOIN hub_outlets o ON o.code = t.outlet_code
    WHERE ${inScope(scope)}
    GROUP BY 1, 2`.execute(db);
  const out: ByOutlet<AccountBalance[]> = new Map();
  for (const r of rows.rows) push(out, r.outlet, { account: r.account_id, kind: kindOfAccount(r.account_id), currency: r.currency, minor: BigInt(r.minor) });
  return out;
}

/**
 * Reserves at the end of the month before `month` and at the end of `month` (附表2's (6) and (7)),
 * from the months' balances in one pass: the opening is every month before, the closing those and this one.
 */
export async function gatherMonthReserves(db: HubDatabase, scope: Scope, month: string, byOutlet: boolean): Promise<{ opening: ByOutlet<Reserves>; closing: ByOutlet<Reserves> }> {
  const first = `${month}-01`;
  const rows = await sql<{ outlet: string; account_id: string; currency: string; opening: string; closing: string }>`
    SELECT ${outletKey(byOutlet)} AS outlet, b.account_id, min(b.currency) AS currency,
           (coalesce(sum(b.delta_minor) FILTER (WHERE b.month < ${first}), 0))::text AS opening, sum(b.delta_minor)::text AS closing
    FROM hub_balance_months b JOIN hub_terminals t ON t.id = b.terminal_id JOIN hub_outlets o ON o.code = t.outlet_code
    WHERE b.month <= ${first} AND ${inScope(scope)} AND (${sql.join([...CASH_KINDS, RESERVE_ACCOUNT_KIND].map((k) => sql`b.account_id LIKE ${`${k}:%`}`), sql` OR `)})
    GROUP BY 1, 2`.execute(db);
  const opening: ByOutlet<AccountBalance[]> = new Map();
  const closing: ByOutlet<AccountBalance[]> = new Map();
  for (const r of rows.rows) {
    const kind = kindOfAccount(r.account_id);
    push(opening, r.outlet, { account: r.account_id, kind, currency: r.currency, minor: BigInt(r.opening) });
    push(closing, r.outlet, { account: r.account_id, kind, currency: r.currency, minor: BigInt(r.closing) });
  }
  return { opening: reservesByOutlet(opening), closing: reservesByOutlet(closing) };
}

const reservesByOutlet = (m: ByOutlet<AccountBalance[]>): ByOutlet<Reserves> => new Map([...m].map(([k, list]) => [k, reservesOf(list)]));

export async function gatherReserves(db: HubDatabase, scope: Scope, date: string, byOutlet: boolean): Promise<ByOutlet<Reserves>> {
  return reservesByOutlet(await gatherBalances(db, scope, date, byOutlet));
}

/** The USD conversion tables HQ published (the latest of each month), as 附表2 reads them. */
export async function conversionTables(db: HubDatabase, months: readonly string[]): Promise<{ usdPerUnit: (currency: string, month: string) => Decimal; hasTable: (month: string) => boolean }> {
  const rows = await db.selectFrom('hub_changes').select('body').where('kind', '=', 'conversionTable')
    .where(sql<string>`body->>'month'`, 'in', [...months]).orderBy('version').execute();
  const tables = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const b = changeBody<{ month: string; rates: { currency: string; usdPerUnit: string }[] }>(r.body);
    tables.set(b.month, new Map(b.rates.map((x) => [x.currency, x.usdPerUnit])));
  }
  return {
    usdPerUnit: (currency, month) => {
      if (currency === 'USD') return new Decimal(1);
      const rate = tables.get(month)?.get(currency);
      if (rate === undefined) throw new Refusal('CONVERSION_RATE_MISSING', { currency, month });
      return dec(rate);
    },
    hasTable: (month) => tables.has(month),
  };
}

/** The working-day calendar: the years built in, and those HQ loaded (the latest of each year). */
export async function hubCalendar(db: HubDatabase): Promise<WorkCalendar> {
  const rows = await db.selectFrom('hub_changes').select('body').where('kind', '=', 'calendar').orderBy('version').execute();
  const loaded = new Map<number, YearCalendar>();
  for (const r of rows) {
    const b = changeBody<{ year: number; holidays: string[]; workdays: string[] }>(r.body);
    loaded.set(b.year, { year: b.year, holidays: b.holidays, workdays: b.workdays });
  }
  // A year loaded stands in for the one built in (workCalendar keeps the last of a year), as at a counter.
  return workCalendar([...BUNDLED_YEARS, ...loaded.values()]);
}

