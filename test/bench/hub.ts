// The hub's ingest benchmark (issue 16 "Performance"): `npm run bench -- --hub` (a table),
// `npm run -s bench -- --hub --json` (one JSON object on stdout; the table and the progress on
// stderr). bench.ts hands the run to hubBench() when the arguments hold --hub.
//
// 1. Events as a terminal makes them: a real Terminal (test/helpers/terminal.ts) trades, voids,
//    refuses a trade, closes its day and delivers to the monitoring system; its events
//    (electron/ledger/events.ts eventsSince) are the templates. Each simulated terminal's day is
//    made from them: the setup entries, then per trade a customer.create (a customer new to that
//    counter), the trade.commit with its trades/postings/note_bundles rows, the receipt.printed
//    and the monitoring.delivered with its outbox row, now and then a void or a refused attempt,
//    and the day close last. Customers are the synthetic ones of common.ts: walk-ins, and regulars
//    who trade at several counters the same day (what personStanding finds). Every terminal's
//    audit chain is made as electron/ledger/audit.ts makes it (shared/sync/events.ts
//    auditEncoding, SHA-256), so hub/ingest.ts checkChain takes it. All of it is made and turned
//    into request bodies (JSON text) before anything is timed.
// 2. The hub's ingest as the server runs it (hub/server.ts: the body parsed, then ingest()), from
//    --concurrency pushers at once, each taking the next idle terminal and pushing its next batch
//    (a terminal never has two batches in flight: it sends from what the hub says it holds), into
//    a real PostgreSQL (HUB_BENCH_DATABASE_URL or HUB_DATABASE_URL: a throw-away database is made
//    on that server and dropped after; else a throw-away cluster as .ci/postgres.sh starts it, but
//    with fsync on) through openPostgresHub (its own pool), then into the embedded PGlite (a data
//    folder on disk, as `npm run hub` keeps it).
// 3. A person's institution-wide standing today (hub/lookups.ts personStanding) after the ingest,
//    for customers who traded at several counters.
// 4. Where an ingest's time goes, on fresh terminals, one batch at a time: the body's JSON, zod,
//    the chain's SHA-256, building the insert, each SQL statement as the client waits for it and
//    as the server spends it (pg_stat_statements, on a cluster this run started), this process's
//    CPU by module; and one batch's insert made other ways (without the rows, lz4, unnest(), one
//    JSON parameter, a plain table with and without the foreign key, rows JSON or TEXT).
// 5. Re-runs (PostgreSQL): the same terminals' first events again from emptied tables, the hub's
//    ingest and a sketch of the suggestions (ingestSketch in hub/sketch.ts: NOT the hub's code)
//    adding one change at a time, each way in turn, round after round.
// The machine may be shared: each run says how much CPU other processes took meanwhile, and what
// the CPU the ingest itself took would allow with the cores to itself (cpu_bound_per_s).
// Nothing here is a test: the target (≥ 20,000 events/s into PostgreSQL) is reported, not asserted.
//
// Options: --json, --terminals N (50), --events N (into PostgreSQL, 400,000), --pglite-events N
// (50,000), --batch N (500), --concurrency N (8), --engine postgres|pglite|both, --standing N
// (look-ups timed, 2,000), --history-trades N (trades of earlier days added before the look-ups:
// hub/history.ts; 0), --rerun-events N, --rerun-rounds N (step 5, the sketches that led to today's
// inbox: each way pushes N events, 50,000, in each of the rounds; 0, the default: none),
// --pg-option name=value (a server setting of the throw-away cluster, repeatable: e.g. fsync=off
// as .ci/postgres.sh has it), --profile (also a CPU profile of the profiled batches:
// .bench/hub-ingest.cpuprofile). --reports: the reports and the live view at scale instead
// (test/bench/hub/reports.ts: 附表3 of 500 outlets × 4 counters, the live page).
//
// This file is the entry (bench.ts imports it) and runs the steps in order; the steps live in
// test/bench/hub/: common.ts (the options, small helpers), terminals.ts (1), database.ts (the
// throw-away PostgreSQL and PGlite), push.ts (2, 3), profile.ts (4), sketch.ts (5), report.ts.
import { sql } from 'kysely';
import { percentile } from './common';
import { int, ms, options, round, say, sorted } from './hub/common';
import { openPGlite, openPostgres } from './hub/database';
import { profileIngest } from './hub/profile';
import { addHistory } from './hub/history';
import { countRows, push, register, standing } from './hub/push';
import { loads, machine, report, type EngineResult } from './hub/report';
import { reruns, type Rerun } from './hub/sketch';
import { reportsBench } from './hub/reports';
import { eventsIn, firstEvents, makeTerminals, templates, type Population } from './hub/terminals';

export async function hubBench(argv: string[]): Promise<void> {
  // The reports and the live view at scale (issue 18): a bench of their own.
  if (argv.includes('--reports')) return reportsBench(argv);
  const o = options(argv);
  const t00 = performance.now();
  const loadStart = loads();
  const m = machine();
  say(`hub ingest: ${o.terminals} terminals, batches of ${o.batch}, ${o.concurrency} pushers at once; ${m.cpus} × ${m.model}; load ${loadStart.join(', ')}`);

  let t0 = performance.now();
  const tpl = await templates();
  say(`templates: a real terminal's day (${tpl.setup.length} setup entries, ${tpl.commits.length} trades, a void, an attempt, a day close) in ${(ms(t0) / 1000).toFixed(1)} s`);

  const maxEvents = Math.max(...o.engines.map((e) => (e === 'PostgreSQL' ? o.events : o.pgliteEvents)));
  const pop: Population = { regulars: o.terminals * 300, seen: new Map() };
  t0 = performance.now();
  const ids = Array.from({ length: o.terminals }, (_, k) => `T${String(k + 1).padStart(3, '0')}`);
  const full = makeTerminals(tpl, ids, Math.ceil(maxEvents / o.terminals), o.batch, pop, 16016);
  // Four terminals of their own (the same regulars, not counted in pop.seen): the warm-up's and the profile's.
  const apart = (names: string[], batches: number, seed: number) => makeTerminals(tpl, names, batches * o.batch, o.batch, { regulars: pop.regulars, seen: new Map() }, seed);
  const warm = apart(['W1', 'W2', 'W3', 'W4'], 4, 7);
  const prof = apart(['P1', 'P2', 'P3', 'P4'], 5, 8);
  const mix = [...full.actions].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a} ${round((100 * n) / full.events, 1)} %`).join(', ');
  say(`made ${int(full.events)} events (${int(full.trades)} trades; ${(full.bytes / 2 ** 20).toFixed(0)} MB of JSON, ${int(full.bytes / full.events)} bytes an event) in ${(ms(t0) / 1000).toFixed(1)} s: ${mix}`);

  const results: EngineResult[] = [];
  for (const name of o.engines) {
    const sims = firstEvents(full.sims, name === 'PostgreSQL' ? o.events : o.pgliteEvents, o.batch);
    say(`${name}: opening`);
    const e = name === 'PostgreSQL' ? await openPostgres(o) : await openPGlite();
    try {
      say(`${name}: ${e.about}`);
      await register(e.db, [...sims, ...warm.sims]);
      await push(e, warm.sims, Math.min(o.concurrency, warm.sims.length), false);
      say(`${name}: warmed up (${int(warm.events)} events of 4 other terminals); pushing ${int(eventsIn(sims))} events from ${sims.length} terminals`);
      const run = await push(e, sims, o.concurrency, true);
      say(`${name}: ${int(run.events)} events in ${run.seconds.toFixed(1)} s: ${int(run.events / run.seconds)} a second`);
      const counted = await countRows(e.db, 'hub_events');
      if (e.name === 'PostgreSQL') await sql`ANALYZE`.execute(e.db);
      const history = e.name === 'PostgreSQL' && o.historyTrades > 0 ? await addHistory(e.db, ids, o.historyTrades) : undefined;
      if (history) say(`${name}: ${int(o.historyTrades)} trades of earlier days added in ${history.seconds.toFixed(0)} s`);
      const trades = await countRows(e.db, 'hub_trades');
      const st = await standing(e.db, pop, o.standing, 99);
      if (st) say(`${name}: personStanding ×${st.samples.length}: p50 ${percentile(sorted(st.samples), 50).toFixed(3)} ms, p99 ${percentile(sorted(st.samples), 99).toFixed(3)} ms (${st.found} trades found at other counters)`);
      const profile = e.name === 'PostgreSQL' || o.engines.length === 1 ? await profileIngest(e, prof, o.profile) : undefined;
      const again: Rerun[] = e.name === 'PostgreSQL' && o.rerunEvents > 0 && o.rerunRounds > 0 ? await reruns(e, sims, o) : [];
      results.push({ engine: name, about: e.about, run, standing: st, profile, reruns: again, stored: { events: counted, trades } });
    } finally {
      await e.close();
    }
  }

  report(o, m, loadStart, full, mix, results, t00);
}
