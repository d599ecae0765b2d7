// The hub's ingest benchmark (issue 16 "Performance"): `npm run bench -- --hub` (a table),
// `npm run -s bench -- --hub --json` (one JSON object on stdout; the table and the progress on
// stderr). bench.ts hands the run to hubBench() when the arguments hold --hub.
//
// 1. Events as a terminal makes them: a real Terminal (test/helpers/terminal.ts) trades, voids,
//    refuses a trade, closes its day and delivers to the monitoring system; its events
//    (electron/ledger/events.ts eventsSince) are the templates. Each simulated terminal's day is
//    made from them: the setup entries, then per trade a customer.create (a customer new to that
//    counter), the trade.commit with its trades/postings/note_movements rows, the receipt.printed
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
//    the chain's SHA-256, building the insert, and each SQL statement as the client waits for it
//    and as the server spends it (pg_stat_statements, on a cluster this run started); and the same
//    500 events inserted other ways (unnest() of arrays, without the JSONB), for the suggestions.
// Nothing here is a test: the target (≥ 20,000 events/s into PostgreSQL) is reported, not asserted.
//
// Options: --json, --terminals N (50), --events N (into PostgreSQL, 400,000), --pglite-events N
// (50,000), --batch N (500), --concurrency N (8), --engine postgres|pglite|both, --standing N
// (look-ups timed, 2,000), --sketch-events N (the re-runs of step 5, 200,000; 0: none),
// --pg-option name=value (a server setting of the throw-away cluster, repeatable: e.g. fsync=off
// as .ci/postgres.sh has it), --profile (also a CPU profile of the profiled batches:
// .bench/hub-ingest.cpuprofile).
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { chownSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openPGliteHub, openPostgresHub, type HubDatabase } from '../../hub/db/open';
import { ingest, registerTerminal } from '../../hub/ingest';
import * as lookups from '../../hub/lookups';
import { checkChain } from '../../shared/sync/chain';
import { auditEncoding, EVENT_TABLES, hubEvent, type EventRow, type EventTable, type HubEvent } from '../../shared/sync/events';
import { eventsSince } from '../../electron/ledger/events';
import { ALICE, BOB_PASSPORT, ok, openHarness, stockOutlet, trade } from '../helpers/terminal';
import { BENCH_DIR, customerOf, percentile, personKeyOf, prng, type SyntheticCustomer } from './common';

const DAY = '2026-03-10';
/** The counters' day: 08:00 to 22:00 China time. */
const OPEN_MS = Date.parse(`${DAY}T00:00:00.000Z`);
const DAY_MS = 14 * 3_600_000;
const TARGET_EVENTS_PER_S = 20_000;

const say = (line: string) => process.stderr.write(`${line}\n`);
const ms = (t0: number) => performance.now() - t0;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const int = (x: number) => Math.round(x).toLocaleString('en');
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

interface Options {
  json: boolean;
  terminals: number;
  events: number;
  pgliteEvents: number;
  batch: number;
  concurrency: number;
  engines: ('PostgreSQL' | 'PGlite')[];
  standing: number;
  sketchEvents: number;
  pgOptions: string[];
  profile: boolean;
}

function options(argv: string[]): Options {
  const { values: a } = parseArgs({
    args: argv.filter((x) => x !== '--hub'),
    options: {
      json: { type: 'boolean', default: false },
      terminals: { type: 'string', default: '50' },
      events: { type: 'string', default: '400000' },
      'pglite-events': { type: 'string', default: '50000' },
      batch: { type: 'string', default: '500' },
      concurrency: { type: 'string', default: '8' },
      engine: { type: 'string', default: 'both' },
      standing: { type: 'string', default: '2000' },
      'sketch-events': { type: 'string', default: '200000' },
      'pg-option': { type: 'string', multiple: true, default: [] },
      profile: { type: 'boolean', default: false },
    },
  });
  const n = (name: string, v: string, min: number, max: number) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name}: ${v} (an integer ${min}…${max})`);
    return x;
  };
  const engine = a.engine;
  if (!['postgres', 'pglite', 'both'].includes(engine)) throw new Error(`--engine: ${engine} (postgres, pglite or both)`);
  for (const o of a['pg-option']) if (!/^[a-z_.]+=[^\s'"]+$/.test(o)) throw new Error(`--pg-option: ${o} (name=value)`);
  return {
    json: a.json,
    terminals: n('terminals', a.terminals, 1, 10_000),
    events: n('events', a.events, 1_000, 50_000_000),
    pgliteEvents: n('pglite-events', a['pglite-events'], 1_000, 50_000_000),
    batch: n('batch', a.batch, 1, 1_000),
    concurrency: n('concurrency', a.concurrency, 1, 256),
    engines: engine === 'both' ? ['PostgreSQL', 'PGlite'] : engine === 'postgres' ? ['PostgreSQL'] : ['PGlite'],
    standing: n('standing', a.standing, 0, 1_000_000),
    sketchEvents: n('sketch-events', a['sketch-events'], 0, 50_000_000),
    pgOptions: a['pg-option'],
    profile: a.profile,
  };
}

// ---- 1. the templates: a real terminal's events ----

interface Templates {
  /** The entries before the first trade (policy, outlet, people, sign-ins, rates, the till's float). */
  setup: HubEvent[];
  commits: HubEvent[];
  customer: HubEvent;
  void: HubEvent;
  attempt: HubEvent;
  dayClose: HubEvent;
  delivered: HubEvent;
}

async function templates(): Promise<Templates> {
  const h = openHarness({ start: `${DAY}T02:00:00Z` });
  try {
    const t = h.terminal;
    await stockOutlet(t);
    const HK = { idType: '06', idNumber: 'H12345678', country: 'HKG', name: '陈大文' };
    ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '300' }));
    ok(await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '500' }));
    ok(await trade(t, { customer: BOB_PASSPORT, direction: 'purchase', currency: 'EUR', amount: '50' }));
    ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'JPY', amount: '20000' }));
    ok(await trade(t, { customer: HK, direction: 'settlement', currency: 'HKD', amount: '1000' }));
    const voided = ok(await trade(t, { customer: HK, direction: 'settlement', currency: 'EUR', amount: '100' }));
    ok(await t.call('trades.void', { tradeId: voided.id, reason: '客户改变主意 customer changed their mind', supervisorId: 'sup1' }));
    const over = await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '6000' });
    if (over.ok) throw new Error('the template day: a trade over the daily limit was taken');
    const prep = ok(await t.call('dayClose.prepare', { date: DAY }));
    ok(await t.call('dayClose.close', { date: DAY, counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })), actor: 'teller1' }));
    ok(await t.call('queue.syncNow', {}));
    const events: HubEvent[] = [];
    for (let after = 0n; ;) {
      const batch = eventsSince(h.raw.ledger, after);
      if (batch.length === 0) break;
      events.push(...batch);
      after = BigInt(batch.at(-1)!.seq);
    }
    const find = (action: string) => {
      const e = events.find((x) => x.action === action && x.rows !== undefined);
      if (!e) throw new Error(`the template day has no ${action} with rows`);
      return e;
    };
    const firstCustomer = events.findIndex((e) => e.action === 'customer.create');
    return {
      setup: events.slice(0, firstCustomer),
      commits: events.filter((e) => e.action === 'trade.commit' && e.entityId !== voided.id),
      customer: find('customer.create'),
      void: find('trade.void'),
      attempt: find('trade.attempt'),
      dayClose: find('dayClose.close'),
      delivered: find('monitoring.delivered'),
    };
  } finally {
    h.close();
  }
}

// ---- 2. the simulated terminals ----

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function ulidAt(msTime: number, rand: () => number): string {
  let s = '';
  for (let i = 9, t = msTime; i >= 0; i--, t = Math.floor(t / 32)) s = CROCKFORD[t % 32]! + s;
  for (let i = 0; i < 16; i++) s += CROCKFORD[Math.floor(rand() * 32)]!;
  return s;
}

/** The row with the given fields replaced, only those it has (a template's columns are the ledger's). */
function patched(row: EventRow, set: Record<string, string | null>): EventRow {
  const out: EventRow = { ...row };
  for (const [k, v] of Object.entries(set)) if (Object.hasOwn(out, k)) out[k] = v;
  return out;
}

function patchedDetail(detail: string, set: Record<string, string>): string {
  return JSON.stringify({ ...(JSON.parse(detail) as Record<string, unknown>), ...set });
}

interface Sim {
  id: string;
  outletCode: string;
  /** Request bodies (a JSON list of events), in order, and how many events each carries. */
  bodies: string[];
  counts: number[];
  /** The last sequence of each batch: what the hub must answer it holds. */
  lastSeqs: string[];
}

interface Population {
  /** Customers of the institution who come back, to any counter (customerOf index). */
  regulars: number;
  /** How many trades a regular made at which terminals (the standing look-ups ask for them). */
  seen: Map<number, Set<string>>;
}

interface Made {
  sims: Sim[];
  events: number;
  bytes: number;
  trades: number;
  actions: Map<string, number>;
}

/**
 * Terminals `ids`, each with about `perTerminal` events: one busy day's trail. Deterministic for
 * a seed. Each terminal's chain starts at its own genesis, as a ledger's does.
 */
function makeTerminals(tpl: Templates, ids: string[], perTerminal: number, batch: number, pop: Population, seed: number): Made {
  const rand = prng(seed);
  const made: Made = { sims: [], events: 0, bytes: 0, trades: 0, actions: new Map() };
  // About 3.5 events a trade (the trade, its receipt, its delivery, a new customer half the time).
  const tradesPerTerminal = Math.max(1, Math.floor((perTerminal - tpl.setup.length - 1) / 3.5));
  for (const [k, id] of ids.entries()) {
    const outletCode = `11${String(100_000 + Math.floor(k / 2)).padStart(7, '0')}`;
    const events: HubEvent[] = [];
    let prev = createHash('sha256').update(`genesis:${id}`).digest('hex');
    const push = (e: Omit<HubEvent, 'seq' | 'prevHash' | 'hash'>) => {
      const seq = String(events.length + 1);
      const hash = createHash('sha256').update(auditEncoding(prev, { ...e, seq }), 'utf8').digest('hex');
      const ev: HubEvent = { seq, at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId, detail: e.detail, prevHash: prev, hash, ...(e.rows ? { rows: e.rows } : {}) };
      events.push(ev);
      made.actions.set(e.action, (made.actions.get(e.action) ?? 0) + 1);
      prev = hash;
    };
    const copy = (e: HubEvent) => push({ at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId, detail: e.detail, ...(e.rows ? { rows: e.rows } : {}) });
    for (const e of tpl.setup) copy(e);
    const known = new Set<number>();
    let posting = 1_000;
    let note = 1_000;
    let outbox = 0;
    let printJob = 0;
    let receipt = 0;
    let last: { tradeId: string; receiptNo: string; rows: Partial<Record<EventTable, EventRow[]>> } | undefined;
    const numbered = (rows: EventRow[] | undefined, txn: string, at: string, next: () => number) =>
      (rows ?? []).map((r) => patched(r, { id: String(next()), txn_id: txn, business_date: DAY, created_at: at }));
    const customerFields = (c: SyntheticCustomer) => ({
      person_key: personKeyOf(c), id_type: c.idType, id_number: c.idNumber, country: c.country, supplementary_id: c.supplementaryId ?? null, residency: c.residency,
    });
    for (let i = 0; i < tradesPerTerminal; i++) {
      const tMs = OPEN_MS + Math.floor((i * DAY_MS) / tradesPerTerminal);
      const at = new Date(tMs).toISOString();
      // 40 % regulars of the institution (they come to any counter), 60 % walk-ins seen once.
      const regular = rand() < 0.4;
      const idx = regular ? Math.floor(rand() * pop.regulars) : 100_000_000 + k * 1_000_000 + i;
      const c = customerOf(idx);
      const customerId = ulidAt(tMs, rand);
      if (!known.has(idx)) {
        known.add(idx);
        push({
          at, actor: 'teller1', action: 'customer.create', entity: 'customer', entityId: customerId, detail: '{}',
          rows: { customers: tpl.customer.rows!.customers!.map((r) => patched(r, { id: customerId, ...customerFields(c), name: c.name, created_at: at, updated_at: at })) },
        });
      }
      if (regular) {
        const at2 = pop.seen.get(idx) ?? new Set<string>();
        at2.add(id);
        pop.seen.set(idx, at2);
      }
      if (rand() < 0.01) {
        // A trade refused (over the daily limit), recorded as an attempt.
        const attemptId = ulidAt(tMs, rand);
        push({
          at, actor: 'teller1', action: 'trade.attempt', entity: 'attempt', entityId: attemptId, detail: tpl.attempt.detail,
          rows: { attempts: tpl.attempt.rows!.attempts!.map((r) => patched(r, { id: attemptId, created_at: at, business_date: DAY, ...customerFields(c), customer_name: c.name })) },
        });
      }
      const t = tpl.commits[Math.floor(rand() * tpl.commits.length)]!;
      const tradeId = ulidAt(tMs, rand);
      const receiptNo = String(++receipt);
      const rows = {
        trades: t.rows!.trades!.map((r) => patched(r, {
          id: tradeId, receipt_no: receiptNo, outlet_code: outletCode, terminal_id: id, business_date: DAY, created_at: at, customer_id: customerId,
          ...customerFields(c), customer_name: c.name, teller_id: 'teller1',
        })),
        postings: numbered(t.rows!.postings, tradeId, at, () => ++posting),
        note_movements: numbered(t.rows!.note_movements, tradeId, at, () => ++note),
      };
      push({ at, actor: 'teller1', action: 'trade.commit', entity: 'trade', entityId: tradeId, detail: patchedDetail(t.detail, { receiptNo }), rows });
      made.trades++;
      last = { tradeId, receiptNo, rows };
      push({ at, actor: 'printer', action: 'receipt.printed', entity: 'print_job', entityId: String(++printJob), detail: JSON.stringify({ tradeId, kind: 'receipt', copy: 0 }) });
      // Delivered to the monitoring system (a back-fill) a few seconds later.
      const ob = tpl.delivered.rows!.outbox![0]!;
      const refNo = `${rows.trades[0]!.trade_type ?? 'JH'}${DAY.replaceAll('-', '')}${String(receipt).padStart(10, '0')}`;
      const payload = JSON.stringify({ ...(JSON.parse(ob.payload ?? '{}') as Record<string, unknown>), serial: tradeId, idType: c.idType, idNumber: c.idNumber, country: c.country, name: c.name, tradeTime: at });
      push({
        at, actor: 'sync', action: 'monitoring.delivered', entity: 'outbox', entityId: String(++outbox), detail: JSON.stringify({ kind: 'backfill', tradeId, refNo }),
        rows: { outbox: [patched(ob, { id: String(outbox), trade_id: tradeId, payload, ref_no: refNo, created_at: at, updated_at: at, next_attempt_at: at })] },
      });
      if (rand() < 0.007) {
        // The customer changed their mind: the trade just made is voided.
        const voidId = ulidAt(tMs, rand);
        const v = tpl.void.rows!;
        push({
          at, actor: 'teller1', action: 'trade.void', entity: 'trade', entityId: last.tradeId, detail: patchedDetail(tpl.void.detail, { receiptNo: last.receiptNo }),
          rows: {
            voids: v.voids!.map((r) => patched(r, { id: voidId, trade_id: last!.tradeId, receipt_no: last!.receiptNo, business_date: DAY, created_at: at })),
            postings: numbered(last.rows.postings, voidId, at, () => ++posting).map((p) => ({ ...p, txn_kind: 'void', amount_minor: String(-BigInt(p.amount_minor ?? '0')) })),
            note_movements: numbered(last.rows.note_movements, voidId, at, () => ++note).map((n) => ({ ...n, count: String(-BigInt(n.count ?? '0')) })),
          },
        });
      }
    }
    const closeAt = new Date(OPEN_MS + DAY_MS + 3_600_000).toISOString();
    const dc = tpl.dayClose;
    push({ at: closeAt, actor: dc.actor, action: dc.action, entity: dc.entity, entityId: dc.entityId, detail: dc.detail, rows: dc.rows! });
    const sim: Sim = { id, outletCode, bodies: [], counts: [], lastSeqs: [] };
    for (let i = 0; i < events.length; i += batch) {
      const slice = events.slice(i, i + batch);
      const body = JSON.stringify(slice);
      sim.bodies.push(body);
      sim.counts.push(slice.length);
      sim.lastSeqs.push(slice.at(-1)!.seq);
      made.bytes += Buffer.byteLength(body);
    }
    made.events += events.length;
    made.sims.push(sim);
  }
  return made;
}

// ---- 3. the engines ----

interface Engine {
  name: 'PostgreSQL' | 'PGlite';
  db: HubDatabase;
  /** What it is (version, settings). */
  about: string;
  /** CPU seconds of the server's processes so far (a cluster this run started), else undefined. */
  serverCpu(): number | undefined;
  /** pg_stat_statements, where this run could enable it. */
  statements: boolean;
  /** A connection of its own to the bench database (PostgreSQL), for the profile's raw statements. */
  url: string | undefined;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const PG_BIN = (() => {
  try {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`)).sort((a, b) => Number(a) - Number(b));
    return versions.length ? `/usr/lib/postgresql/${versions.at(-1)}/bin` : undefined;
  } catch {
    return undefined;
  }
})();

/** initdb and the server refuse to run as root: as root they run as the package's `postgres` user (.ci/postgres.sh). */
function asPostgres(cmd: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  return execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Cluster {
  url: string;
  dir: string;
  stop(): void;
  cpu(): number;
}

/** A throw-away cluster: initdb in a temporary folder, the server on a free loopback port, stopped and removed after. */
async function startCluster(pgOptions: string[]): Promise<Cluster> {
  if (!PG_BIN) throw new Error('no /usr/lib/postgresql/*/bin (apt-get install postgresql), and neither HUB_BENCH_DATABASE_URL nor HUB_DATABASE_URL is set');
  const dir = mkdtempSync(join(os.tmpdir(), 'hub-bench-pg-'));
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try {
        asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-m', 'fast', 'stop']);
      } catch {
        // already stopped
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres(`${PG_BIN}/initdb`, ['-D', data, '-A', 'trust', '-U', 'hub', '-E', 'UTF8', '--no-locale']);
    const settings = ['listen_addresses=127.0.0.1', 'shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_planning=on', ...pgOptions].map((s) => `-c ${s}`).join(' ');
    asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} ${settings}`, 'start']);
    started = true;
  } catch (e) {
    stop();
    throw e;
  }
  // Stopped however the run ends (an error, ^C).
  process.once('exit', stop);
  process.once('SIGINT', () => process.exit(130));
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return {
    url: `postgres://hub@127.0.0.1:${port}/postgres`,
    dir,
    stop,
    // The server's CPU: its live processes, and those it has reaped (the postmaster's cutime/cstime).
    cpu() {
      let ticks = 0;
      for (const p of readdirSync('/proc')) {
        if (!/^\d+$/.test(p)) continue;
        let stat: string;
        try {
          stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        } catch {
          continue;
        }
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const pid = Number(p);
        if (pid !== postmaster && Number(f[1]) !== postmaster) continue;
        ticks += Number(f[11]) + Number(f[12]) + (pid === postmaster ? Number(f[13]) + Number(f[14]) : 0);
      }
      return ticks / tick;
    },
  };
}

async function onServer<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const now = () => new Date();

async function openPostgres(o: Options): Promise<Engine> {
  const given = process.env.HUB_BENCH_DATABASE_URL ?? process.env.HUB_DATABASE_URL;
  const cluster = given ? undefined : await startCluster(o.pgOptions);
  if (cluster) say(`postgres: a throw-away cluster on ${new URL(cluster.url).host} (${cluster.dir})`);
  const server = given ?? cluster!.url;
  // A database of its own on that server, dropped after: never the hub's own.
  const name = `hub_bench_${process.pid}`;
  try {
    await onServer(server, (c) => c.query(`CREATE DATABASE ${name}`));
  } catch (e) {
    cluster?.stop();
    throw e;
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openPostgresHub({ url: url.toString(), now });
  let statements = false;
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(db);
    await sql`SELECT pg_stat_statements_reset()`.execute(db);
    statements = true;
  } catch {
    // Not loaded on that server: the profile gives the client's times only.
  }
  const setting = async (n: string) => (await sql<{ v: string }>`SELECT current_setting(${n}) AS v`.execute(db)).rows[0]?.v ?? '?';
  const version = await setting('server_version');
  const about = `PostgreSQL ${version} (${cluster ? 'a throw-away cluster on this machine, started by the bench' : `the server of ${given!.startsWith('postgres') ? 'HUB_(BENCH_)DATABASE_URL' : 'the URL'}`}); fsync=${await setting('fsync')}, synchronous_commit=${await setting('synchronous_commit')}, shared_buffers=${await setting('shared_buffers')}; pool: openPostgresHub's (max 4)`;
  return {
    name: 'PostgreSQL', db, about, statements, url: url.toString(),
    serverCpu: () => cluster?.cpu(),
    async close() {
      await db.destroy();
      try {
        await onServer(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
      } finally {
        cluster?.stop();
      }
    },
  };
}

async function openPGlite(): Promise<Engine> {
  const dir = mkdtempSync(join(os.tmpdir(), 'hub-bench-pglite-'));
  const db = await openPGliteHub({ dataDir: join(dir, 'hub-data'), now });
  return {
    name: 'PGlite', db, about: 'PGlite (embedded, WebAssembly, in this process: `npm run hub`\'s default), a data folder on disk', statements: false, url: undefined,
    serverCpu: () => undefined,
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- 4. the push ----

interface PushRun {
  events: number;
  batches: number;
  seconds: number;
  latencies: number[];
  /** Events ingested in each whole second of the run. */
  perSecond: number[];
  nodeCpu: number;
  serverCpu: number | undefined;
  parseMs: number;
}

type Ingest = (db: HubDatabase, terminalId: string, batch: unknown, now: () => Date) => Promise<{ held: string; stored: number }>;

async function push(e: Engine, sims: Sim[], concurrency: number, progress: boolean, ingestFn: Ingest = ingest): Promise<PushRun> {
  const idle = sims.filter((s) => s.bodies.length > 0).map((s) => ({ s, next: 0 }));
  const total = sims.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0);
  const latencies: number[] = [];
  const done: [number, number][] = [];
  let events = 0;
  let parseMs = 0;
  const cpu0 = process.cpuUsage();
  const server0 = e.serverCpu();
  const t0 = performance.now();
  let shown = t0;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const pusher = async () => {
    for (;;) {
      // No terminal idle: wait for one in flight to come back, unless none is (the end).
      while (idle.length === 0) {
        if (inFlight === 0) return;
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      const slot = idle.shift()!;
      inFlight++;
      const { s } = slot;
      const i = slot.next++;
      const b0 = performance.now();
      // What the server does with a request's body, then the ingest (hub/server.ts).
      const batch = JSON.parse(s.bodies[i]!) as unknown;
      parseMs += ms(b0);
      const r = await ingestFn(e.db, s.id, batch, now);
      const b1 = performance.now();
      latencies.push(b1 - b0);
      if (r.stored !== s.counts[i] || r.held !== s.lastSeqs[i]) throw new Error(`${s.id} batch ${i + 1}: the hub answered ${JSON.stringify(r)}, expected ${s.counts[i]} stored, held ${s.lastSeqs[i]}`);
      events += r.stored;
      done.push([b1 - t0, r.stored]);
      inFlight--;
      if (slot.next < s.bodies.length) idle.push(slot);
      for (const wake of waiting.splice(0)) wake();
      if (progress && b1 - shown > 5_000) {
        shown = b1;
        say(`  ${e.name}: ${int(events)} of ${int(total)} events, ${int(events / ((b1 - t0) / 1000))} a second so far`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, pusher));
  const seconds = ms(t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = e.serverCpu();
  const perSecond = Array.from({ length: Math.floor(seconds) }, () => 0);
  for (const [at, n] of done) {
    const s = Math.floor(at / 1000);
    if (s < perSecond.length) perSecond[s]! += n;
  }
  return {
    events, batches: latencies.length, seconds, latencies, perSecond, parseMs,
    nodeCpu: (cpu.user + cpu.system) / 1e6, serverCpu: server0 !== undefined && server1 !== undefined ? server1 - server0 : undefined,
  };
}

async function register(db: HubDatabase, sims: Sim[]): Promise<void> {
  for (const s of sims) await registerTerminal(db, { id: s.id, outletCode: s.outletCode }, now);
}

/**
 * NOT the hub's ingest: a sketch of the profile's suggestions, to put a number on them (it holds
 * no fork check, no partition making, no refusal codes: the bench's batches need none). The same
 * validation (zod), the same chain rule with node:crypto's SHA-256 instead of @noble/hashes, the
 * head locked the same way; the batch's events and its trades each inserted as ONE JSON parameter
 * taken apart by the server (json_to_recordset) instead of a VALUES list of 13 parameters a row.
 */
const sketchKeys = new WeakMap<HubDatabase, Buffer>();
const ingestSketch = (rowsType: 'jsonb' | 'json', validate: 'zod' | 'by hand'): Ingest => async (db, terminalId, batch, at) => {
  const events = (batch as unknown[]).map((x) => {
    if (validate === 'zod') return hubEvent.parse(x);
    if (!checkedByHand(x)) throw new Error('sketch: an event the hand-written check refuses');
    return x as HubEvent;
  });
  let key = sketchKeys.get(db);
  if (!key) {
    key = Buffer.from((await db.selectFrom('hub_settings').select('customer_key').executeTakeFirstOrThrow()).customer_key, 'hex');
    sketchKeys.set(db, key);
  }
  const hmac = key;
  return db.transaction().execute(async (tx) => {
    const head = await tx.selectFrom('hub_heads').select(['seq', 'hash']).where('terminal_id', '=', terminalId).forUpdate().executeTakeFirstOrThrow();
    let prev = head.hash;
    let seq = BigInt(head.seq);
    for (const e of events) {
      if (BigInt(e.seq) !== seq + 1n || (prev !== null && e.prevHash !== prev)) throw new Error(`sketch: ${terminalId} ${e.seq} does not follow on`);
      if (e.hash !== null && createHash('sha256').update(auditEncoding(e.prevHash ?? '', e), 'utf8').digest('hex') !== e.hash) throw new Error(`sketch: ${terminalId} ${e.seq} hash`);
      prev = e.hash;
      seq++;
    }
    const received = at();
    const inserted = await sql<{ n: string }>`WITH ins AS (
      INSERT INTO hub_events (terminal_id, seq, month, at, actor, action, entity, entity_id, detail, prev_hash, hash, rows, received_at)
      SELECT ${terminalId}, e.seq, (substr(e.at, 1, 7) || '-01')::date, e.at, e.actor, e.action, e.entity, e."entityId", e.detail, e."prevHash", e.hash, e.rows, ${received}::timestamptz
      FROM json_to_recordset(${JSON.stringify(events)}::json) AS e(seq bigint, at text, actor text, action text, entity text, "entityId" text, detail text, "prevHash" text, hash text, rows ${sql.raw(rowsType)})
      ON CONFLICT (terminal_id, seq, month) DO NOTHING RETURNING 1)
      SELECT count(*)::text AS n FROM ins`.execute(tx);
    const trades = events.filter((e) => e.action === 'trade.commit').flatMap((e) => e.rows?.trades ?? []).map((t) => ({
      trade_id: t.id, receipt_no: t.receipt_no, business_date: t.business_date, person_key: t.person_key, direction: t.direction, kind: t.kind, usd: t.usd_equivalent,
      rmb_minor: t.rmb_minor, fee_minor: t.fee_minor, original_receipt_no: t.original_receipt_no ?? null,
      customer_key: createHmac('sha256', hmac).update(`${t.id_type}:${t.id_number}:${t.country}`, 'utf8').digest('hex'),
    }));
    if (trades.length > 0) {
      await sql`INSERT INTO hub_trades (terminal_id, trade_id, receipt_no, business_date, customer_key, person_key, direction, kind, usd, rmb_minor, fee_minor, original_receipt_no)
        SELECT ${terminalId}, t.trade_id, t.receipt_no, t.business_date, t.customer_key, t.person_key, t.direction, t.kind, t.usd, t.rmb_minor, t.fee_minor, t.original_receipt_no
        FROM json_to_recordset(${JSON.stringify(trades)}::json) AS t(trade_id text, receipt_no bigint, business_date date, customer_key text, person_key text, direction text, kind text, usd text, rmb_minor bigint, fee_minor bigint, original_receipt_no bigint)
        ON CONFLICT (terminal_id, trade_id) DO NOTHING`.execute(tx);
    }
    const voided = events.filter((e) => e.action === 'trade.void').map((e) => e.entityId);
    if (voided.length > 0) await tx.updateTable('hub_trades').set({ voided: true }).where('terminal_id', '=', terminalId).where('trade_id', 'in', voided).execute();
    const last = events.at(-1)!;
    await tx.updateTable('hub_heads').set({ seq: BigInt(last.seq), hash: last.hash, updated_at: received }).where('terminal_id', '=', terminalId).execute();
    return { held: last.seq, stored: Number(inserted.rows[0]?.n ?? 0) };
  });
};

// ---- 5. the standing look-up ----

type Standing = (db: HubDatabase, q: { idType: string; idNumber: string; country: string; date: string; exceptTerminal: string }) => Promise<{ trades: unknown[] }>;

async function standing(db: HubDatabase, pop: Population, n: number, seed: number): Promise<{ samples: number[]; found: number } | undefined> {
  const fn = (lookups as Record<string, unknown>).personStanding as Standing | undefined;
  if (typeof fn !== 'function' || n === 0) return undefined;
  const rand = prng(seed);
  const people = [...pop.seen].filter(([, at]) => at.size >= 2);
  if (people.length === 0) return undefined;
  const ask = () => {
    const [idx, at] = people[Math.floor(rand() * people.length)]!;
    const c = customerOf(idx);
    const terminals = [...at];
    return { idType: c.idType, idNumber: c.idNumber, country: c.country, date: DAY, exceptTerminal: terminals[Math.floor(rand() * terminals.length)]! };
  };
  for (let i = 0; i < 100; i++) await fn(db, ask());
  const samples: number[] = [];
  let found = 0;
  for (let i = 0; i < n; i++) {
    const q = ask();
    const t0 = performance.now();
    const r = await fn(db, q);
    samples.push(ms(t0));
    found += r.trades.length;
  }
  return { samples, found };
}

// ---- 6. where the time goes ----

interface StatementTime {
  calls: number;
  clientMs: number;
  serverMs: number | undefined;
}

interface Profile {
  batches: number;
  events: number;
  ingestMs: number;
  /** Per batch, in ms: the pieces measured on their own. */
  parts: Record<string, number>;
  statements: Map<string, StatementTime>;
  /** Median and least time of each way, in ms. */
  alternatives: Record<string, { p50: number; min: number }>;
  cpuByModule: [string, number][] | undefined;
}

function statementKind(text: string): string {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s.startsWith('begin')) return 'begin';
  if (s.startsWith('commit')) return 'commit';
  if (s.includes('pg_advisory_xact_lock') || s.startsWith('create table')) return 'partition made';
  if (s.includes('from "hub_heads"')) return 'head locked (select … for update)';
  if (s.startsWith('select') && s.includes('from "hub_events"')) return 'events held read (fork check)';
  if (s.startsWith('insert into "hub_events"')) return 'insert hub_events';
  if (s.includes('from "hub_settings"')) return 'institution key read';
  if (s.startsWith('insert into "hub_trades"')) return 'insert hub_trades';
  if (s.startsWith('update "hub_trades"')) return 'update hub_trades (voids)';
  if (s.startsWith('update "hub_heads"')) return 'update hub_heads';
  return s.slice(0, 40);
}

/** Every statement pg sends, timed as its caller waits for it (installed for the profile only). */
function timeStatements(into: Map<string, StatementTime>): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const first = a[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
    const t0 = performance.now();
    const r = original.apply(this, a);
    if (r instanceof Promise) {
      r.then(() => {
        const k = statementKind(text);
        const st = into.get(k) ?? { calls: 0, clientMs: 0, serverMs: undefined };
        st.calls++;
        st.clientMs += ms(t0);
        into.set(k, st);
      }, () => {});
    }
    return r;
  };
  return () => {
    proto.query = original;
  };
}

const TABLES = new Set<string>(EVENT_TABLES);
const EVENT_KEYS = new Set(['seq', 'at', 'actor', 'action', 'entity', 'entityId', 'detail', 'prevHash', 'hash', 'rows']);
const SEQ = /^[1-9]\d{0,18}$/;

/** shared/sync/events.ts hubEvent's rules written out as plain code: what zod costs beside them. */
function checkedByHand(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const e = x as Record<string, unknown>;
  for (const k in e) if (!EVENT_KEYS.has(k)) return false;
  if (typeof e.seq !== 'string' || !SEQ.test(e.seq)) return false;
  for (const k of ['at', 'actor', 'action', 'entity', 'entityId', 'detail']) if (typeof e[k] !== 'string') return false;
  for (const k of ['prevHash', 'hash']) if (e[k] !== null && typeof e[k] !== 'string') return false;
  if (e.rows === undefined) return true;
  if (typeof e.rows !== 'object' || e.rows === null || Array.isArray(e.rows)) return false;
  for (const [table, list] of Object.entries(e.rows)) {
    if (!TABLES.has(table) || !Array.isArray(list)) return false;
    for (const row of list as unknown[]) {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) return false;
      for (const k in row) {
        const v = (row as Record<string, unknown>)[k];
        if (v !== null && typeof v !== 'string') return false;
      }
    }
  }
  return true;
}

/** The median time of fn over the batches, in ms. */
function perBatch<T>(items: readonly T[], fn: (x: T) => void, rounds = 3): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const x of items) {
      const t0 = performance.now();
      fn(x);
      times.push(ms(t0));
    }
  }
  return percentile(sorted(times), 50);
}

/**
 * The profile's self time by where the code lives: a package, a folder of this repository, Node's
 * own modules; a native function (JSON, Buffer, a socket write) counts for the code that called it.
 */
function summariseCpu(profile: { nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[]; samples?: number[]; timeDeltas?: number[] }): [string, number][] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const root = process.cwd();
  const place = (url: string) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1]!;
    if (url.includes(root)) return url.slice(url.indexOf(root) + root.length + 1).split('/').slice(0, 2).join('/');
    return url.startsWith('node:') ? 'node' : url;
  };
  // Native code and Node's own modules count for the first caller outside them (a Buffer's
  // byteLength for pg-protocol, a JSON.parse for whoever parsed).
  const outside = (url: string) => url !== '' && !url.startsWith('node:');
  const kindOf = (id: number): string => {
    const n = byId.get(id)!;
    if (outside(n.callFrame.url)) return place(n.callFrame.url);
    if (n.callFrame.url === '' && n.callFrame.functionName.startsWith('(')) return n.callFrame.functionName;
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
      const u = byId.get(up)!;
      if (outside(u.callFrame.url)) return place(u.callFrame.url);
    }
    return n.callFrame.url === '' ? `(native ${n.callFrame.functionName})` : 'node (its own: sockets, timers)';
  };
  const totals = new Map<string, number>();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    const k = kindOf(samples[i]!);
    totals.set(k, (totals.get(k) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  }
  return [...totals].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
}

async function profileIngest(e: Engine, made: Made, o: Options, writeProfile: boolean): Promise<Profile> {
  const sims = made.sims;
  await register(e.db, sims);
  const bodies = sims.flatMap((s) => s.bodies);
  const parsed = bodies.map((b) => JSON.parse(b) as HubEvent[]);
  const parts: Record<string, number> = {};
  // The pieces of an ingest on their own, on these batches (no database).
  parts['JSON.parse of the body'] = perBatch(bodies, (b) => {
    JSON.parse(b);
  });
  parts['zod: hubEvent.safeParse of each event'] = perBatch(parsed, (b) => {
    for (const x of b) hubEvent.safeParse(x);
  });
  parts['the same checks written out by hand (no zod)'] = perBatch(parsed, (b) => {
    for (const x of b) if (!checkedByHand(x)) throw new Error('the hand-written check refused an event zod takes');
  });
  parts['chain: checkChain (@noble/hashes SHA-256)'] = perBatch(parsed, (b) => {
    const after = b[0]!.seq === '1' ? undefined : { seq: String(BigInt(b[0]!.seq) - 1n), hash: b[0]!.prevHash };
    if (!checkChain(after, b).ok) throw new Error('the profile\'s chain does not check');
  });
  parts['the same hashes by node:crypto'] = perBatch(parsed, (b) => {
    for (const x of b) createHash('sha256').update(auditEncoding(x.prevHash!, x), 'utf8').digest('hex');
  });
  parts['JSON.stringify of the rows'] = perBatch(parsed, (b) => {
    for (const x of b) if (x.rows) JSON.stringify(x.rows);
  });
  const at = now();
  const valuesOf = (id: string, b: HubEvent[], withRows = true) => b.map((x) => ({
    terminal_id: id, seq: BigInt(x.seq), month: `${x.at.slice(0, 7)}-01`, at: x.at, actor: x.actor, action: x.action, entity: x.entity, entity_id: x.entityId,
    detail: x.detail, prev_hash: x.prevHash, hash: x.hash, rows: withRows && x.rows !== undefined ? JSON.stringify(x.rows) : null, received_at: at,
  }));
  const insertOf = (id: string, b: HubEvent[], withRows = true) => e.db.insertInto('hub_events').values(valuesOf(id, b, withRows)).onConflict((oc) => oc.columns(['terminal_id', 'seq', 'month']).doNothing());
  parts['Kysely: build + compile the hub_events insert'] = perBatch(parsed, (b) => insertOf('x', b).compile());
  const hmacKey = createHash('sha256').update('k').digest();
  parts['HMAC of each trade\'s customer (lookups.ts)'] = perBatch(parsed, (b) => {
    for (const x of b) for (const t of x.rows?.trades ?? []) createHmac('sha256', hmacKey).update(`${t.id_type}:${t.id_number}:${t.country}`, 'utf8').digest('hex');
  });

  // The real ingest, one batch at a time (each terminal's in order), every statement timed.
  const statements = new Map<string, StatementTime>();
  if (e.statements) await sql`SELECT pg_stat_statements_reset()`.execute(e.db);
  const session = writeProfile || e.name === 'PostgreSQL' ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    // Coarse unless the profile is asked for: the sampling costs the ingest it watches.
    await session.post('Profiler.setSamplingInterval', { interval: writeProfile ? 100 : 1000 });
    await session.post('Profiler.start');
  }
  const restore = e.name === 'PostgreSQL' ? timeStatements(statements) : () => {};
  const times: number[] = [];
  let events = 0;
  try {
    const order: [Sim, number][] = [];
    for (let i = 0; i < Math.max(...sims.map((s) => s.bodies.length)); i++) for (const s of sims) if (i < s.bodies.length) order.push([s, i]);
    for (const [s, i] of order) {
      const t0 = performance.now();
      const r = await ingest(e.db, s.id, JSON.parse(s.bodies[i]!), now);
      times.push(ms(t0));
      events += r.stored;
    }
  } finally {
    restore();
  }
  let cpuByModule: [string, number][] | undefined;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    cpuByModule = summariseCpu(profile);
    if (writeProfile) {
      mkdirSync(BENCH_DIR, { recursive: true });
      writeFileSync(join(BENCH_DIR, 'hub-ingest.cpuprofile'), JSON.stringify(profile));
      say(`CPU profile of the profiled batches: ${join(BENCH_DIR, 'hub-ingest.cpuprofile')}`);
    }
  }
  if (e.statements) {
    const rows = (await sql<{ query: string; calls: string; total: number }>`SELECT query, calls::text AS calls, total_exec_time + total_plan_time AS total FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(e.db)).rows;
    for (const r of rows) {
      const st = statements.get(statementKind(r.query));
      if (st) st.serverMs = (st.serverMs ?? 0) + r.total;
    }
  }

  // The same batches' hub_events insert made other ways, each in a transaction rolled back (the
  // terminal registered, nothing held), timed as the client waits for it.
  const alternatives: Record<string, { p50: number; min: number }> = {};
  if (e.url) {
    const client = new pg.Client({ connectionString: e.url });
    await client.connect();
    try {
      // Each try under a terminal of its own, made in the transaction: a key inserted and rolled
      // back leaves a dead index entry that the next insert of that key would have to check.
      let tries = 0;
      const cols = ['terminal_id', 'seq', 'month', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash', 'rows', 'received_at'] as const;
      const types = ['text', 'bigint', 'date', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'timestamptz'];
      const unnest = `INSERT INTO hub_events (${cols.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) ON CONFLICT (terminal_id, seq, month) DO NOTHING`;
      // The batch as one parameter (JSON text), taken apart by the server.
      const recordset = (table: string, rowsType: string) => `INSERT INTO ${table} (${cols.join(', ')})
        SELECT $1, e.seq, (substr(e.at, 1, 7) || '-01')::date, e.at, e.actor, e.action, e.entity, e."entityId", e.detail, e."prevHash", e.hash, e.rows, $3
        FROM json_to_recordset($2::json) AS e(seq bigint, at text, actor text, action text, entity text, "entityId" text, detail text, "prevHash" text, hash text, rows ${rowsType})
        ON CONFLICT (terminal_id, seq, month) DO NOTHING`;
      const values = async (b: HubEvent[], scratch: string, withRows = true) => {
        const c = insertOf(scratch, b, withRows).compile();
        await client.query(c.sql, c.parameters as unknown[]);
      };
      // Plain tables shaped like a month's partition (its columns and key), rows of each type,
      // with the foreign key to hub_terminals as hub_events has it, and one without.
      const plainTables = [['jsonb_fk', 'jsonb', true], ['jsonb', 'jsonb', false], ['json_fk', 'json', true], ['text_fk', 'text', true]] as const;
      for (const [name, type, fk] of plainTables) {
        await client.query(`CREATE TABLE bench_${name} (LIKE hub_events INCLUDING DEFAULTS)`);
        await client.query(`ALTER TABLE bench_${name} ALTER COLUMN rows TYPE ${type}, ADD PRIMARY KEY (terminal_id, seq, month)${fk ? ', ADD FOREIGN KEY (terminal_id) REFERENCES hub_terminals (id)' : ''}`);
      }
      const onPlain = async (name: string, b: HubEvent[], scratch: string) => {
        const c = insertOf(scratch, b).compile();
        await client.query(c.sql.replace('insert into "hub_events"', `insert into "bench_${name}"`), c.parameters as unknown[]);
      };
      const ways: [string, (b: HubEvent[], scratch: string) => Promise<void>][] = [
        ['hub_events: VALUES, as ingest (Kysely: build, compile, send, run)', (b, scratch) => values(b, scratch)],
        ['hub_events: VALUES, without the rows (NULL)', (b, scratch) => values(b, scratch, false)],
        ['hub_events: VALUES, rows compressed by lz4 (not pglz)', async (b, scratch) => {
          await client.query("SET LOCAL default_toast_compression = 'lz4'");
          await values(b, scratch);
        }],
        ['hub_events: unnest() of 13 arrays (no Kysely)', async (b, scratch) => {
          const v = valuesOf(scratch, b);
          await client.query(unnest, cols.map((c) => v.map((r) => (typeof r[c] === 'bigint' ? String(r[c]) : r[c]))));
        }],
        ['hub_events: json_to_recordset() of the batch, one parameter', async (b, scratch) => {
          await client.query(recordset('hub_events', 'jsonb'), [scratch, JSON.stringify(b), at]);
        }],
        ['plain table, FK: VALUES, rows JSONB', (b, scratch) => onPlain('jsonb_fk', b, scratch)],
        ['plain table, no FK: VALUES, rows JSONB', (b, scratch) => onPlain('jsonb', b, scratch)],
        ['plain table, FK: VALUES, rows JSON', (b, scratch) => onPlain('json_fk', b, scratch)],
        ['plain table, FK: VALUES, rows TEXT', (b, scratch) => onPlain('text_fk', b, scratch)],
        ['plain table, FK: json_to_recordset(), rows JSON', async (b, scratch) => {
          await client.query(recordset('bench_json_fk', 'json'), [scratch, JSON.stringify(b), at]);
        }],
      ];
      // Interleaved (each batch every way in turn), so that a drift of the machine is in all of them; the first round warms.
      const times = new Map<string, number[]>(ways.map(([label]) => [label, []]));
      for (let r = 0; r < 3; r++) {
        for (const b of parsed) {
          for (const [label, run] of ways) {
            await client.query('BEGIN');
            const scratch = `bench-scratch-${++tries}`;
            await client.query('INSERT INTO hub_terminals (id, outlet_code, created_at) VALUES ($1, $2, now())', [scratch, '110000000']);
            const t0 = performance.now();
            await run(b, scratch);
            if (r > 0) times.get(label)!.push(ms(t0));
            await client.query('ROLLBACK');
          }
        }
      }
      for (const [label, t] of times) alternatives[label] = { p50: round(percentile(sorted(t), 50), 2), min: round(Math.min(...t), 2) };
      for (const [name] of plainTables) await client.query(`DROP TABLE bench_${name}`);
    } finally {
      await client.end();
    }
  }
  return { batches: times.length, events, ingestMs: percentile(sorted(times), 50), parts, statements, alternatives, cpuByModule };
}

// ---- 7. the report ----

function machine(): { cpus: number; model: string; memoryGiB: number; node: string; os: string } {
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version, os: `${os.platform()} ${os.release()}` };
}

const loads = () => os.loadavg().map((l) => round(l, 2));

interface EngineResult {
  engine: string;
  about: string;
  run: PushRun;
  standing: { samples: number[]; found: number } | undefined;
  profile: Profile | undefined;
  reruns: Rerun[];
  stored: { events: string; trades: string };
}

interface Rerun {
  label: string;
  run: PushRun;
}

function summary(r: EngineResult) {
  const lat = sorted(r.run.latencies);
  const ps = r.run.perSecond;
  const half = Math.floor(ps.length / 2);
  const rate = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const st = r.standing ? sorted(r.standing.samples) : undefined;
  return {
    engine: r.engine,
    events: r.run.events,
    seconds: round(r.run.seconds, 2),
    events_per_s: round(r.run.events / r.run.seconds, 0),
    batches_per_s: round(r.run.batches / r.run.seconds, 1),
    batch_p50_ms: round(percentile(lat, 50), 2),
    batch_p99_ms: round(percentile(lat, 99), 2),
    batch_max_ms: round(percentile(lat, 100), 2),
    per_second_min: ps.length ? Math.min(...ps) : null,
    per_second_max: ps.length ? Math.max(...ps) : null,
    first_half_per_s: round(rate(ps.slice(0, half)) ?? 0, 0),
    second_half_per_s: round(rate(ps.slice(half)) ?? 0, 0),
    node_cpu_s: round(r.run.nodeCpu, 1),
    server_cpu_s: r.run.serverCpu === undefined ? null : round(r.run.serverCpu, 1),
    body_parse_ms: round(r.run.parseMs, 0),
    standing_p50_ms: st ? round(percentile(st, 50), 3) : null,
    standing_p99_ms: st ? round(percentile(st, 99), 3) : null,
  };
}

function rerunOf(r: EngineResult, run: PushRun) {
  const s = summary({ ...r, run, standing: undefined });
  return { events: s.events, seconds: s.seconds, events_per_s: s.events_per_s, batches_per_s: s.batches_per_s, batch_p50_ms: s.batch_p50_ms, batch_p99_ms: s.batch_p99_ms, node_cpu_s: s.node_cpu_s, server_cpu_s: s.server_cpu_s };
}

export async function hubBench(argv: string[]): Promise<void> {
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
  const warm = makeTerminals(tpl, ['W1', 'W2', 'W3', 'W4'], 4 * o.batch, o.batch, { regulars: pop.regulars, seen: new Map() }, 7);
  const prof = makeTerminals(tpl, ['P1', 'P2', 'P3', 'P4'], 5 * o.batch, o.batch, { regulars: pop.regulars, seen: new Map() }, 8);
  const mix = [...full.actions].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a} ${round((100 * n) / full.events, 1)} %`).join(', ');
  say(`made ${int(full.events)} events (${int(full.trades)} trades; ${(full.bytes / 2 ** 20).toFixed(0)} MB of JSON, ${int(full.bytes / full.events)} bytes an event) in ${(ms(t0) / 1000).toFixed(1)} s: ${mix}`);

  const results: EngineResult[] = [];
  for (const name of o.engines) {
    const want = name === 'PostgreSQL' ? o.events : o.pgliteEvents;
    // The first `want` events' worth: whole terminals' batches, every terminal taking part.
    const batches = Math.max(1, Math.ceil(want / o.batch / o.terminals));
    const sims = full.sims.map((s) => ({ ...s, bodies: s.bodies.slice(0, batches), counts: s.counts.slice(0, batches), lastSeqs: s.lastSeqs.slice(0, batches) }));
    say(`${name}: opening`);
    const e = name === 'PostgreSQL' ? await openPostgres(o) : await openPGlite();
    try {
      say(`${name}: ${e.about}`);
      await register(e.db, [...sims, ...warm.sims]);
      await push(e, warm.sims, Math.min(o.concurrency, warm.sims.length), false);
      say(`${name}: warmed up (${int(warm.events)} events of 4 other terminals); pushing ${int(sims.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0))} events from ${sims.length} terminals`);
      const run = await push(e, sims, o.concurrency, true);
      say(`${name}: ${int(run.events)} events in ${run.seconds.toFixed(1)} s: ${int(run.events / run.seconds)} a second`);
      const counted = await e.db.selectFrom('hub_events').select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow();
      const trades = await e.db.selectFrom('hub_trades').select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow();
      if (e.name === 'PostgreSQL') await sql`ANALYZE`.execute(e.db);
      const st = await standing(e.db, pop, o.standing, 99);
      if (st) say(`${name}: personStanding ×${st.samples.length}: p50 ${percentile(sorted(st.samples), 50).toFixed(3)} ms, p99 ${percentile(sorted(st.samples), 99).toFixed(3)} ms (${st.found} trades found at other counters)`);
      const profile = e.name === 'PostgreSQL' || o.engines.length === 1 ? await profileIngest(e, prof, o, o.profile) : undefined;
      const reruns: Rerun[] = [];
      if (e.name === 'PostgreSQL' && o.sketchEvents > 0) {
        // The same terminals' first events again, from emptied tables, each way in turn: the hub's
        // ingest again (how much a run varies here: before and between the others), and the
        // suggestions sketched (ingestSketch), adding one at a time; the rows stored as JSON
        // instead of JSONB last (the column is changed in this throw-away database).
        const per = Math.max(1, Math.ceil(o.sketchEvents / o.batch / o.terminals));
        const again = sims.map((x) => ({ ...x, bodies: x.bodies.slice(0, per), counts: x.counts.slice(0, per), lastSeqs: x.lastSeqs.slice(0, per) }));
        const ways: [string, Ingest, 'jsonb' | 'json'][] = [
          ['the hub\'s ingest, again', ingest, 'jsonb'],
          ['sketch: node:crypto SHA-256; events and trades each inserted as one JSON parameter (json_to_recordset)', ingestSketch('jsonb', 'zod'), 'jsonb'],
          ['sketch, and the events checked by plain code instead of zod', ingestSketch('jsonb', 'by hand'), 'jsonb'],
          ['the hub\'s ingest, once more (the machine may have changed meanwhile)', ingest, 'jsonb'],
          ['sketch, checked by plain code, and hub_events.rows JSON instead of JSONB', ingestSketch('json', 'by hand'), 'json'],
        ];
        for (const [label, fn, rowsType] of ways) {
          await sql`TRUNCATE hub_events, hub_trades`.execute(e.db);
          await sql`UPDATE hub_heads SET seq = 0, hash = NULL`.execute(e.db);
          if (rowsType === 'json') await sql`ALTER TABLE hub_events ALTER COLUMN rows TYPE json`.execute(e.db);
          await sql`VACUUM ANALYZE hub_heads`.execute(e.db);
          await sql`CHECKPOINT`.execute(e.db);
          say(`${name}: ${label}: ${int(again.reduce((n, x) => n + x.counts.reduce((a, b) => a + b, 0), 0))} events of the same ${again.length} terminals, from emptied tables`);
          const r = await push(e, again, o.concurrency, true, fn);
          const held = await e.db.selectFrom('hub_events').select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow();
          if (Number(held.n) !== r.events) throw new Error(`${label}: ${held.n} events held, ${r.events} pushed`);
          say(`${name}: ${label}: ${int(r.events)} events in ${r.seconds.toFixed(1)} s: ${int(r.events / r.seconds)} a second`);
          reruns.push({ label, run: r });
        }
      }
      results.push({ engine: name, about: e.about, run, standing: st, profile, reruns, stored: { events: counted.n, trades: trades.n } });
    } finally {
      await e.close();
    }
  }

  const loadEnd = loads();
  const sums = results.map(summary);
  const pgRes = sums.find((s) => s.engine === 'PostgreSQL');
  const pgliteRes = sums.find((s) => s.engine === 'PGlite');
  const hasStanding = typeof (lookups as Record<string, unknown>).personStanding === 'function';
  const result = {
    machine: { ...m, load_start: loadStart, load_end: loadEnd },
    terminals: o.terminals,
    batch: o.batch,
    concurrency: o.concurrency,
    bytes_per_event: Math.round(full.bytes / full.events),
    trades_share: round(full.trades / full.events, 3),
    events_per_s: pgRes?.events_per_s ?? null,
    target_events_per_s: TARGET_EVENTS_PER_S,
    pglite_events_per_s: pgliteRes?.events_per_s ?? null,
    reruns: results.flatMap((r) => r.reruns.map((x) => ({ engine: r.engine, label: x.label, ...rerunOf(r, x.run) }))),
    engines: sums,
    standing: hasStanding ? 'hub/lookups.ts personStanding' : null,
    profile: results.filter((r) => r.profile).map((r) => ({
      engine: r.engine,
      batch_ms: round(r.profile!.ingestMs, 2),
      parts_ms: Object.fromEntries(Object.entries(r.profile!.parts).map(([k, v]) => [k, round(v, 2)])),
      statements_ms_per_batch: Object.fromEntries([...r.profile!.statements].map(([k, v]) => [k, { client: round(v.clientMs / r.profile!.batches, 2), server: v.serverMs === undefined ? null : round(v.serverMs / r.profile!.batches, 2), calls: v.calls }])),
      alternatives_ms: r.profile!.alternatives,
      node_cpu_ms_by_module: r.profile!.cpuByModule ? Object.fromEntries(r.profile!.cpuByModule.slice(0, 14).map(([k, v]) => [k, round(v, 0)])) : null,
    })),
  };

  const lines: string[] = [
    `cpu: ${m.cpus} × ${m.model}; memory ${m.memoryGiB} GiB; node ${m.node}; ${m.os}`,
    `load average (1, 5, 15 min) at the start ${loadStart.join(', ')}, at the end ${loadEnd.join(', ')}`,
    `${o.terminals} simulated terminals (a busy day each), batches of ${o.batch} events, ${o.concurrency} pushers at once (a terminal's batches one after the other); ${int(full.bytes / full.events)} bytes of JSON an event; ${mix}`,
    '',
  ];
  for (const [i, s] of sums.entries()) {
    const r = results[i]!;
    lines.push(`${s.engine}: ${r.about}`);
    const target = s.engine === 'PostgreSQL' ? `${s.events_per_s >= TARGET_EVENTS_PER_S ? 'ok' : 'MISSED'} (target ≥ ${int(TARGET_EVENTS_PER_S)})` : '';
    lines.push(`  events_per_s      ${String(s.events_per_s).padStart(10)}  ${target}  ${int(s.events)} events in ${s.seconds} s; stored ${int(Number(r.stored.events))} events (warm-up included), ${int(Number(r.stored.trades))} trades indexed`);
    lines.push(`  sustained         ${''.padStart(10)}  each whole second ${int(s.per_second_min ?? 0)} … ${int(s.per_second_max ?? 0)}; first half ${int(s.first_half_per_s)}/s, second half ${int(s.second_half_per_s)}/s`);
    lines.push(`  batches_per_s     ${String(s.batches_per_s).padStart(10)}`);
    lines.push(`  batch_p50_ms      ${String(s.batch_p50_ms).padStart(10)}  (body parsed + ingest, as the pusher waits: includes waiting for one of the pool's connections)`);
    lines.push(`  batch_p99_ms      ${String(s.batch_p99_ms).padStart(10)}  max ${s.batch_max_ms}`);
    lines.push(`  cpu               ${''.padStart(10)}  this process ${s.node_cpu_s} s${s.server_cpu_s !== null ? `, the server ${s.server_cpu_s} s` : ''} in ${s.seconds} s of run (${m.cpus} cores: ${round(m.cpus * s.seconds, 1)} core-seconds); the bodies' JSON.parse ${s.body_parse_ms} ms of it`);
    lines.push(s.standing_p50_ms !== null
      ? `  standing_p50_ms   ${String(s.standing_p50_ms).padStart(10)}  personStanding today, ${r.standing!.samples.length} look-ups of customers who traded at 2+ counters, after the ingest; p99 ${s.standing_p99_ms} ms`
      : `  standing          ${'n/a'.padStart(10)}  ${hasStanding ? 'not measured (--standing 0)' : 'hub/ has no personStanding yet'}`);
    lines.push('');
  }
  for (const p of result.profile) {
    const r = results.find((x) => x.engine === p.engine)!.profile!;
    lines.push(`where an ingest's time goes (${p.engine}; ${r.batches} batches of ${o.batch} of 4 fresh terminals, one at a time; median ${p.batch_ms} ms a batch, ${int((o.batch / p.batch_ms) * 1000)} events/s for one pusher):`);
    for (const [k, v] of Object.entries(p.parts_ms)) lines.push(`  ${k.padEnd(48)} ${String(v).padStart(8)} ms`);
    if (Object.keys(p.statements_ms_per_batch).length) lines.push(`  statements (ms a batch, as the client waits / as the server ran them${r.statements.size && [...r.statements.values()].some((v) => v.serverMs !== undefined) ? ': pg_stat_statements, execution and planning' : ' (not known: no pg_stat_statements there)'}):`);
    for (const [k, v] of Object.entries(p.statements_ms_per_batch)) lines.push(`    ${k.padEnd(46)} ${String(v.client).padStart(8)} / ${v.server === null ? '—' : String(v.server)}  (${v.calls} calls)`);
    if (Object.keys(p.alternatives_ms).length) {
      lines.push('  the hub_events insert of one batch, other ways (ms: median, least; each in a transaction rolled back, interleaved):');
      for (const [k, v] of Object.entries(p.alternatives_ms)) lines.push(`    ${k.padEnd(66)} ${String(v.p50).padStart(7)} ${String(v.min).padStart(7)}`);
    }
    if (p.node_cpu_ms_by_module) lines.push(`  this process's CPU while profiling, by module (ms): ${Object.entries(p.node_cpu_ms_by_module).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    lines.push('');
  }
  if (result.reruns.length > 0) {
    lines.push(`the same terminals' first ${int(result.reruns[0]!.events)} events again, from emptied tables, each way in turn (ingestSketch is in this file, NOT the hub's ingest: the same zod, chain rule and head lock, no fork check, no partition making):`);
    for (const k of result.reruns) {
      lines.push(`  ${String(k.events_per_s).padStart(6)} events/s  ${k.label}`);
      lines.push(`  ${''.padStart(6)}            batch p50 ${k.batch_p50_ms} ms, p99 ${k.batch_p99_ms} ms; this process ${k.node_cpu_s} s of CPU${k.server_cpu_s !== null ? `, the server ${k.server_cpu_s} s` : ''} in ${k.seconds} s`);
    }
    lines.push('');
  }
  lines.push(`total ${(ms(t00) / 1000).toFixed(0)} s`);
  const table = lines.join('\n');
  if (o.json) {
    process.stderr.write(`${table}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(`${table}\n`);
  }
}
