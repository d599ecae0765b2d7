// The institution's reports and live view at scale (issue 18 "Tests and figures"):
// `npm run bench -- --hub --reports [--outlets 500] [--json]`. A month of 500 outlets × 4 counters
// (≈ 90 M trades: 1,450 a counter a day) is put straight into the hub's per-day aggregates (what
// hub/reportDays.ts keeps as events arrive: the trades themselves are never read by a report), with
// a year of earlier months' balances, on a real PostgreSQL (a throw-away database, as the ingest
// bench opens it). Then timed: 附表3 for the month (hub/reports.ts hubForm3, every outlet's 附表2
// composed and added), 附表1 for the institution, one outlet's 附表2, and the console's live page
// (hub/live.ts liveView) for the 500 outlets. Targets (reported, not asserted): 附表3 ≤ 2 s, the
// live page ≤ 200 ms.
import { sql } from 'kysely';
import { parseArgs } from 'node:util';
import { importConversionTable } from '../../../hub/reference';
import { hubForm1, hubForm2, hubForm3 } from '../../../hub/reports';
import { liveView } from '../../../hub/live';
import { percentile } from '../common';
import { int, ms, options, say, sorted } from './common';
import { openPostgres } from './database';

export const TARGET_FORM3_MS = 2_000;
export const TARGET_LIVE_MS = 200;

const CURRENCIES = ['USD', 'EUR', 'JPY', 'HKD', 'GBP', 'KRW'];
const NOW = () => new Date('2026-04-02T02:00:00Z');

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ p50: number; max: number; value: T }> {
  const samples: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await fn();
    samples.push(ms(t0));
  }
  const s = sorted(samples);
  return { p50: percentile(s, 50), max: s.at(-1)!, value: value! };
}

export async function reportsBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv.filter((a) => a !== '--hub' && a !== '--reports'), options: { outlets: { type: 'string', default: '500' }, json: { type: 'boolean', default: false } }, strict: false });
  const outlets = Number(values.outlets);
  const counters = outlets * 4;
  const e = await openPostgres(options([]));
  try {
    say(`reports: ${e.about}`);
    let t0 = performance.now();
    await sql`INSERT INTO hub_outlets (code, name, city_code, address, created_at, updated_at)
      SELECT 'O' || lpad(o::text, 4, '0'), '网点 ' || o, (110100 + (o % 20) * 10000)::text, '', now(), now() FROM generate_series(1, ${outlets}) o`.execute(e.db);
    await sql`INSERT INTO hub_terminals (id, outlet_code, name, created_at, enrolled_at, last_seen_at)
      SELECT 'T' || lpad(t::text, 5, '0'), 'O' || lpad(((t - 1) / 4 + 1)::text, 4, '0'), t || '号柜台', now(), now(), now() FROM generate_series(1, ${counters}) t`.execute(e.db);
    await sql`INSERT INTO hub_heads (terminal_id, seq, hash, updated_at) SELECT id, 1450 * 31 * 4, md5(id), now() FROM hub_terminals`.execute(e.db);
    // Each counter's day: 1,450 trades over six currencies, both residencies and directions, real time
    // and a few back-filled or not entered.
    await sql`INSERT INTO hub_flow_days (terminal_id, business_date, residency, direction, entry, currency, foreign_minor, rmb_cash_minor, fee_minor, trades)
      SELECT t.id, d::date, r, dir, en, c, (100000 + hashtext(t.id || d || c) % 50000) * (CASE en WHEN 'realtime' THEN 40 ELSE 2 END),
             (710000 + hashtext(c || t.id) % 9000) * (CASE en WHEN 'realtime' THEN 40 ELSE 2 END), 0, CASE en WHEN 'realtime' THEN 57 ELSE 2 END
      FROM hub_terminals t, generate_series('2026-03-01'::date, '2026-03-31'::date, '1 day') d,
           unnest(ARRAY['domestic', 'foreign']) r, unnest(ARRAY['settlement', 'purchase']) dir, unnest(ARRAY['realtime', 'backfill', 'notEntered']) en,
           unnest(${CURRENCIES}::text[]) c`.execute(e.db);
    await sql`INSERT INTO hub_movement_days (terminal_id, business_date, channel, currency, way, minor, movements)
      SELECT t.id, d::date, 'internal', c, w, 500000, 1 FROM hub_terminals t, generate_series('2026-03-01'::date, '2026-03-31'::date, '1 day') d,
             unnest(ARRAY['USD', 'CNY']) c, unnest(ARRAY['in', 'out']) w`.execute(e.db);
    await sql`INSERT INTO hub_flow_months SELECT terminal_id, date_trunc('month', business_date)::date, residency, direction, entry, currency,
      sum(foreign_minor), sum(rmb_cash_minor), sum(fee_minor), sum(trades) FROM hub_flow_days GROUP BY 1, 2, 3, 4, 5, 6`.execute(e.db);
    await sql`INSERT INTO hub_movement_months SELECT terminal_id, date_trunc('month', business_date)::date, channel, currency, way, sum(minor), sum(movements)
      FROM hub_movement_days GROUP BY 1, 2, 3, 4, 5`.execute(e.db);
    // Balances as the postings of those trades and movements move them (cash against the exchange
    // account, per currency), so every identity of the forms holds; and a year of earlier months.
    await sql`INSERT INTO hub_balance_days (terminal_id, business_date, account_id, currency, delta_minor)
      SELECT terminal_id, business_date, k || ':' || currency, currency, CASE WHEN k = 'cash' THEN sum(delta) ELSE -sum(delta) END
      FROM (
        SELECT terminal_id, business_date, currency, CASE WHEN direction = 'settlement' THEN foreign_minor ELSE -foreign_minor END AS delta FROM hub_flow_days
        UNION ALL
        SELECT terminal_id, business_date, 'CNY', CASE WHEN direction = 'settlement' THEN -rmb_cash_minor ELSE rmb_cash_minor END FROM hub_flow_days
        UNION ALL
        SELECT terminal_id, business_date, currency, CASE WHEN way = 'in' THEN minor ELSE -minor END FROM hub_movement_days
      ) d, unnest(ARRAY['cash', 'exchange']) k
      GROUP BY terminal_id, business_date, k, currency`.execute(e.db);
    await sql`INSERT INTO hub_balance_months (terminal_id, month, account_id, currency, delta_minor)
      SELECT terminal_id, date_trunc('month', business_date)::date, account_id, min(currency), sum(delta_minor) FROM hub_balance_days GROUP BY 1, 2, 3`.execute(e.db);
    await sql`INSERT INTO hub_balances (terminal_id, account_id, currency, balance_minor)
      SELECT terminal_id, account_id, min(currency), sum(delta_minor) FROM hub_balance_days GROUP BY 1, 2`.execute(e.db);
    await sql`INSERT INTO hub_balance_months (terminal_id, month, account_id, currency, delta_minor)
      SELECT t.id, m::date, k || ':' || c, c, CASE WHEN k = 'cash' THEN 1000000 ELSE -1000000 END
      FROM hub_terminals t, generate_series('2025-03-01'::date, '2026-02-01'::date, '1 month') m, unnest(${CURRENCIES.concat('CNY')}::text[]) c, unnest(ARRAY['cash', 'exchange']) k`.execute(e.db);
    for (const month of ['2026-02', '2026-03']) {
      await importConversionTable(e.db, { month, csv: 'currency,usd_per_unit\nEUR,1.08\nJPY,0.0068\nHKD,0.128\nGBP,1.27\nKRW,0.00075\n' }, 'bench', NOW);
    }
    await sql`ANALYZE`.execute(e.db);
    const rows = (await sql<{ n: string }>`SELECT count(*)::text AS n FROM hub_flow_days`.execute(e.db)).rows[0]!.n;
    const trades = (await sql<{ n: string }>`SELECT sum(trades)::text AS n FROM hub_flow_days`.execute(e.db)).rows[0]!.n;
    say(`reports: ${int(outlets)} outlets, ${int(counters)} counters, ${int(Number(trades))} trades in ${int(Number(rows))} day rows, made in ${(ms(t0) / 1000).toFixed(0)} s`);

    t0 = performance.now();
    const form3 = await timed(5, () => hubForm3(e.db, '2026-03'));
    say(`附表3 (${form3.value.outlets?.length ?? 0} outlets' 附表2 added): p50 ${form3.p50.toFixed(0)} ms, max ${form3.max.toFixed(0)} ms (target ≤ ${TARGET_FORM3_MS} ms); customers ${form3.value.flows.customers.buyCount + form3.value.flows.customers.sellCount} trades`);
    const form1 = await timed(5, () => hubForm1(e.db, { institution: true }, '2026-03-01', '2026-03-31'));
    say(`附表1 of the institution: p50 ${form1.p50.toFixed(0)} ms, max ${form1.max.toFixed(0)} ms`);
    const form2 = await timed(20, () => hubForm2(e.db, { outletCode: 'O0001', month: '2026-03' }));
    say(`附表2 of one outlet: p50 ${form2.p50.toFixed(1)} ms, max ${form2.max.toFixed(1)} ms`);
    const live = await timed(20, () => liveView(e.db, { date: '2026-03-31' }, NOW));
    say(`live page (${live.value.outlets.length} outlets): p50 ${live.p50.toFixed(0)} ms, max ${live.max.toFixed(0)} ms (target ≤ ${TARGET_LIVE_MS} ms)`);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({
        outlets, counters, trades: Number(trades), day_rows: Number(rows),
        form3_p50_ms: Math.round(form3.p50), form3_max_ms: Math.round(form3.max), form3_target_ms: TARGET_FORM3_MS, form3_met: form3.max <= TARGET_FORM3_MS,
        form1_p50_ms: Math.round(form1.p50), form2_outlet_p50_ms: Math.round(form2.p50 * 10) / 10,
        live_p50_ms: Math.round(live.p50), live_max_ms: Math.round(live.max), live_target_ms: TARGET_LIVE_MS, live_met: live.p50 <= TARGET_LIVE_MS,
      })}\n`);
    }
  } finally {
    await e.close();
  }
}
