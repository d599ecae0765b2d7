// The one-row journal, measured (issue 21's last item): a prototype in a bench script, not the
// product. Four encrypted SQLite files side by side (AEGIS-256 as electron/ledger/key.ts sets it,
// WAL, synchronous=FULL, the ledger's 10,000-page backstop), written commit by commit, interleaved,
// so the machine's load falls on all of them alike:
//   (c) today's shape: the real Terminal (createTerminal, every check) and its `trades.commit`;
//   (d) the same trade's rows written directly (the rows (c) wrote, replayed in one transaction on
//       a copy of the ledger taken before the trades): today's writes without the Terminal's
//       JavaScript and reads, i.e. what a journal would take off the commit;
//   (b) the one-row journal: the same rows as ONE row of a `journal` table (its sequence, trade id,
//       receipt number and a JSON body), on another copy; the derived tables (trades, customers,
//       postings, note movements, outbox, print job, audit entry; the balances and note stock by
//       their triggers) filled later, every DERIVE_BATCH journal rows, in a transaction of its own
//       that also moves the high-water mark (`journal_mark`);
//   (b') the same journal row with its body deflated (zlib, level 1, timed with the insert): a
//       trade's rows are ~5 KB of JSON, more than a 4 KiB page, so (b) also writes overflow pages;
//   (a) the floor: a one-row INSERT on a file of its own.
// At the end, the crash: more journal rows than a batch are written and not derived, a child
// process starts deriving them and is killed (SIGKILL) in the middle of the batch, the journal file
// is reopened, the rebuild derives every entry past the mark, and the derived tables are compared
// row by row with the Terminal's own ledger (c) and with the direct writes (d).
// Not a test: figures on stderr, one JSON object on stdout.
//   npx tsx test/bench/journal.ts [--trades 1000] [--dir /tmp]
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3';
import { WAL_BACKSTOP_PAGES } from '../../electron/ledger/db';
import { createTerminal, type Terminal } from '../../electron/terminal/terminal';
import type { Result } from '../../shared/errors';
import { monthOf } from '../../shared/time';
import { openRaw, TEST_KEY } from '../helpers/key';
import { staffed, TEST_SCRYPT_N } from '../helpers/people';
import { CURRENCY_SPECS, customerOf, OUTLET, percentile, prng, type SyntheticCustomer } from './common';
import { decimalText } from './synth';
import { WalFrames } from './walFrames';

const SELF = fileURLToPath(import.meta.url);
const { values } = parseArgs({ options: { trades: { type: 'string' }, dir: { type: 'string' }, 'crash-child': { type: 'string' } } });

/** Journal rows derived per batch: the background step's transaction. */
const DERIVE_BATCH = 50;
/** Every so many trades all four files are checkpointed (PASSIVE, not timed): one WAL regime for all. */
const CHECKPOINT_EVERY = 100;
const WARMUP = 50;

/**
 * The derived tables, in the order a derive writes them (customers before the trades that name
 * them, trades before the rows that name the trade). `account_balances` and `note_stock` are not in
 * the body: the ledger's own triggers keep them from the postings and note movements.
 */
const DERIVED = ['accounts', 'customers', 'trades', 'postings', 'note_bundles', 'outbox', 'print_jobs', 'audit_log'] as const;
/** Without a rowid (migration 028): its new rows are the new trades' (by date and transaction). */
const BY_TRADE = 'note_bundles';
/** What the rebuild check compares: the derived tables and what their triggers keep. */
const COMPARED = [...DERIVED, 'account_balances', 'note_stock'] as const;

type Row = Record<string, unknown>;
/** A journal entry's body: the rows the trade writes, by table (integers as decimal strings). */
type Body = Partial<Record<(typeof DERIVED)[number], Row[]>>;

const JOURNAL_SCHEMA = `
  CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    trade_id TEXT NOT NULL,
    receipt_no INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  -- The derived tables' high-water mark: moved in the derive's own transaction, with its rows.
  CREATE TABLE journal_mark (id INTEGER PRIMARY KEY CHECK (id = 1), derived_seq INTEGER NOT NULL);
  INSERT INTO journal_mark (id, derived_seq) VALUES (1, 0);`;

// ---- the files ----


/** A connection set up as openLedger sets the Terminal's (key, WAL, FULL, foreign keys, backstop). */
function openFile(path: string): BetterSqlite3.Database {
  const db = openRaw(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
  return db;
}

// ---- the Terminal and its trades (as test/bench/bench.ts drives it) ----

class Clock {
  constructor(public t: number) {}
  now = (): Date => new Date(this.t);
}

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message.en}`);
  return r.value;
}

async function setUp(t: Terminal, month: string): Promise<Map<string, number>> {
  for (const spec of CURRENCY_SPECS) {
    const at = (f: number) => decimalText(Math.round(spec.mid * f * 10 ** spec.rateDecimals), spec.rateDecimals);
    must(await t.call('rates.set', { currency: spec.code, buyPer100: at(0.994), sellPer100: at(1.006), fee: decimalText(spec.feeFen, 2), setBy: 'sup1' }));
  }
  const table = CURRENCY_SPECS.filter((s) => s.code !== 'USD').map((s) => `${s.code},${(s.mid / 710).toFixed(8)}`).join('\n');
  must(await t.call('conversionRates.import', { month, csv: table, importedBy: 'sup1' }));
  for (const [currency, amount] of [['CNY', 20_000_000], ['USD', 500_000], ['EUR', 500_000], ['HKD', 3_000_000], ['JPY', 60_000_000]] as const) {
    must(await t.call('cash.fund', { currency, amount: String(amount), note: 'bench: till float', actor: 'mgr1' }));
  }
  const rates = must(await t.call('conversionRates.get', { month }));
  // Numbers only to size the amounts asked for; the ledger keeps the exact text.
  return new Map([['USD', 1], ...rates.rates.map((r) => [r.currency, Number(r.usdPerUnit)] as [string, number])]);
}

/** A back-fill-sized trade (≤ 500 USD), as bench.ts asks for them. */
function request(c: SyntheticCustomer, rand: () => number, usdPerUnit: Map<string, number>) {
  const spec = CURRENCY_SPECS[Math.floor(rand() * 4)]!;
  const noteMajor = spec.noteMinor / 10 ** spec.minorUnits;
  const notes = Math.max(1, Math.floor((20 + rand() * 440) / (usdPerUnit.get(spec.code)! * noteMajor)));
  return {
    customer: { idType: c.idType, idNumber: c.idNumber, country: c.country, ...(c.supplementaryId ? { supplementaryId: c.supplementaryId } : {}), name: c.name },
    direction: rand() < 0.5 ? ('settlement' as const) : ('purchase' as const),
    currency: spec.code,
    amount: decimalText(notes * spec.noteMinor, spec.minorUnits),
    side: 'foreign' as const,
    tellerId: 'teller1',
  };
}

// ---- the journal's body: the rows a trade wrote, and writing them again ----

/** Integers (bigint on the Terminal's connection) as decimal strings: JSON keeps them exact. */
const toJson = (body: Body) => JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** The rows the Terminal's commit added to each derived table (rowid past the last capture). */
function capturer(ledger: BetterSqlite3.Database) {
  const byRowid = DERIVED.filter((t) => t !== BY_TRADE);
  const marks = new Map<string, bigint>(byRowid.map((t) => [t, ledger.prepare(`select coalesce(max(rowid), 0) from ${t}`).pluck().get() as bigint]));
  const reads = new Map(byRowid.map((t) => [t, ledger.prepare(`select rowid as _rowid_, * from ${t} where rowid > ? order by rowid`)]));
  const ofTrade = ledger.prepare(`select * from ${BY_TRADE} where business_date = ? and txn_id = ?`);
  return (): Body => {
    const body: Body = {};
    for (const t of DERIVED) {
      if (t === BY_TRADE) {
        const rows = (body.trades ?? []).flatMap((tr) => ofTrade.all(tr.business_date, tr.id) as Row[]);
        if (rows.length > 0) body[t] = rows;
        continue;
      }
      const rows = reads.get(t)!.all(marks.get(t)!) as Row[];
      if (rows.length === 0) continue;
      marks.set(t, rows.at(-1)!._rowid_ as bigint);
      body[t] = rows.map(({ _rowid_, ...r }) => r);
    }
    return body;
  };
}

/**
 * Writes a body's rows into the derived tables. Integer columns (by their declared type) are read
 * back from the strings as BigInt; the audit entries keep the hash chain the commit computed.
 * Asserted here, at the derive, what the commit would no longer find in the tables: each trade's
 * postings balance per currency (the invariant of test/helpers/invariants.ts).
 */
function writer(db: BetterSqlite3.Database) {
  const integerColumns = new Map(DERIVED.map((t) => [t, new Set((db.pragma(`table_info(${t})`) as { name: string; type: string }[]).filter((c) => /INT/i.test(c.type)).map((c) => c.name))]));
  const statements = new Map<string, BetterSqlite3.Statement>();
  db.defaultSafeIntegers(true);
  return (body: Body): void => {
    for (const t of DERIVED) {
      const rows = body[t];
      if (!rows) continue;
      const ints = integerColumns.get(t)!;
      const columns = Object.keys(rows[0]!);
      const key = `${t}:${columns.join(',')}`;
      let insert = statements.get(key);
      if (!insert) {
        insert = db.prepare(`insert into ${t} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
        statements.set(key, insert);
      }
      for (const r of rows) insert.run(columns.map((c) => (ints.has(c) && typeof r[c] === 'string' ? BigInt(r[c]) : r[c])));
    }
    const sums = new Map<string, bigint>();
    for (const p of body.postings ?? []) {
      const k = `${String(p.txn_id)}:${String(p.currency)}`;
      sums.set(k, (sums.get(k) ?? 0n) + BigInt(p.amount_minor as string));
    }
    for (const [k, s] of sums) if (s !== 0n) throw new Error(`journal derive: the postings of ${k} do not balance (${s})`);
  };
}

/** Derives journal entries past the mark, at most `limit`, in one transaction with the mark. */
function deriver(db: BetterSqlite3.Database) {
  const write = writer(db);
  const mark = db.prepare('select derived_seq from journal_mark where id = 1').pluck();
  const pending = db.prepare('select seq, body from journal where seq > ? order by seq limit ?');
  const move = db.prepare('update journal_mark set derived_seq = ? where id = 1');
  return db.transaction((limit: number): number => {
    const from = mark.get() as bigint;
    const rows = pending.all(from, limit) as { seq: bigint; body: string }[];
    for (const r of rows) write(JSON.parse(r.body) as Body);
    if (rows.length > 0) move.run(rows.at(-1)!.seq);
    return rows.length;
  });
}

// ---- the crash: a child process killed in the middle of a derive ----

/** The child: opens the journal file, derives half the pending entries inside an open transaction, says so, and waits to be killed. */
function crashChild(path: string): void {
  const db = openFile(path);
  // A page cache of 16 pages: the half-done batch spills its dirty pages into the WAL before any
  // commit, so the kill leaves uncommitted frames there, as a crash in a large batch would.
  db.pragma('cache_size = 16');
  // The WAL's size, not its index: spilled frames belong to no commit, and mxFrame counts commits.
  // (The parent's last connection closed: the WAL was checkpointed and removed or is empty.)
  const walBytes = () => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
  const w0 = walBytes();
  const write = writer(db);
  const from = db.prepare('select derived_seq from journal_mark where id = 1').pluck().get() as bigint;
  const rows = db.prepare('select seq, body from journal where seq > ? order by seq').all(from) as { seq: bigint; body: string }[];
  db.exec('BEGIN IMMEDIATE');
  const half = Math.floor(rows.length / 2);
  for (const r of rows.slice(0, half)) write(JSON.parse(r.body) as Body);
  db.prepare('update journal_mark set derived_seq = ? where id = 1').run(rows[half - 1]!.seq);
  process.stdout.write(`mid-batch ${half} of ${rows.length}, ${Math.round((walBytes() - w0) / (24 + 4096))} uncommitted frames in the WAL\n`);
  setInterval(() => {}, 1_000);
}

async function killMidBatch(path: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--crash-child', path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const said = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`the crash child ended by itself (${code})`)));
  });
  child.removeAllListeners('exit');
  const gone = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  return said;
}

/** Every row of the compared tables, in rowid (or key) order, as JSON lines. */
function dump(db: BetterSqlite3.Database, table: string): string[] {
  const order = table === 'note_stock' || table === 'account_balances' ? '1, 2, 3' : table === BY_TRADE ? 'business_date, txn_id, location, currency, sign' : 'rowid';
  return (db.prepare(`select * from ${table} order by ${order}`).safeIntegers(true).all() as Row[]).map((r) => toJson(r as Body));
}

function compare(a: BetterSqlite3.Database, b: BetterSqlite3.Database): string[] {
  const diffs: string[] = [];
  for (const t of COMPARED) {
    const x = dump(a, t);
    const y = dump(b, t);
    if (x.length !== y.length) diffs.push(`${t}: ${x.length} rows against ${y.length}`);
    else {
      const i = x.findIndex((r, k) => r !== y[k]);
      if (i >= 0) diffs.push(`${t}: row ${i + 1} differs:\n  ${x[i]}\n  ${y[i]}`);
    }
  }
  return diffs;
}

// ---- the run ----

async function main(): Promise<void> {
  const TRADES = Number(values.trades ?? 1000);
  const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'journal-bench-'));
  const paths = { terminal: join(dir, 'terminal.sqlite'), direct: join(dir, 'direct.sqlite'), journal: join(dir, 'journal.sqlite'), packed: join(dir, 'packed.sqlite'), floor: join(dir, 'floor.sqlite') };
  const say = (s: string) => process.stderr.write(`${s}\n`);

  // The Terminal on a fresh ledger, the board and the till set; its ledger copied for (d) and (b).
  const clock = new Clock(Date.parse('2026-03-10T01:00:00Z'));
  const open = () => staffed(createTerminal({
    databasePath: paths.terminal, databaseKey: TEST_KEY, outlet: OUTLET, clock: clock.now, sync: { autoStart: false },
    log: (m, e) => say(`${m}: ${String(e)}`), scryptN: TEST_SCRYPT_N, idleSignOutMs: 365 * 86_400_000,
  }));
  const t = open();
  const usdPerUnit = await setUp(t, monthOf('2026-03-10'));
  // The copies while the Terminal is open (its sign-ins are in them too), its WAL folded in first.
  t.ledger.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(paths.terminal, paths.direct);
  copyFileSync(paths.terminal, paths.journal);
  const direct = openFile(paths.direct);
  const journal = openFile(paths.journal);
  journal.exec(JOURNAL_SCHEMA);
  // (b') the same journal row with its body deflated (a blob): under a page, no overflow pages.
  const packed = openFile(paths.packed);
  packed.exec(JOURNAL_SCHEMA.replace('body TEXT', 'body BLOB'));
  const floor = openFile(paths.floor);
  floor.exec('create table t (id integer primary key, at text not null, v integer not null)');
  for (const db of [direct, journal, packed, floor, t.ledger]) db.pragma('wal_checkpoint(TRUNCATE)');
  const wal = { terminal: new WalFrames(paths.terminal), direct: new WalFrames(paths.direct), journal: new WalFrames(paths.journal), packed: new WalFrames(paths.packed), floor: new WalFrames(paths.floor) };

  const capture = capturer(t.ledger);
  const writeDirect = writer(direct);
  const derive = deriver(journal);
  const floorInsert = floor.prepare('insert into t (at, v) values (?, ?)');
  const journalInsert = journal.prepare('insert into journal (seq, trade_id, receipt_no, body) values (?, ?, ?, ?)');
  const packedInsert = packed.prepare('insert into journal (seq, trade_id, receipt_no, body) values (?, ?, ?, ?)');
  const directTxn = direct.transaction((body: Body) => writeDirect(body));

  type Series = { ms: number[]; frames: number[]; cpu: number[] };
  const series = () => ({ ms: [], frames: [], cpu: [] }) as Series;
  const s = { terminal: series(), direct: series(), journal: series(), packed: series(), floor: series(), derive: series() };
  const bodyBytes: number[] = [];
  const packedBytes: number[] = [];
  const leanBytes: number[] = [];
  const rand = prng(21);
  const seen: number[] = [];
  let nextCustomer = 1_400_000_000;
  let seq = 0;
  let skipped = 0;
  // Past the last full batch: the entries the crash leaves underived (more than a batch's half).
  const total = WARMUP + TRADES + Math.floor(DERIVE_BATCH * 0.74);
  for (let i = 0; seq < total; i++) {
    // Seven in ten customers have been here before (bench.ts's mix).
    const idx = seen.length > 0 && rand() < 0.7 ? seen[Math.floor(rand() * seen.length)]! : nextCustomer++;
    const req = request(customerOf(idx), rand, usdPerUnit);
    const quote = must(await t.call('trades.quote', req));
    if (quote.refusal || quote.reportingPath !== 'backfill') {
      skipped++;
      continue;
    }
    if (!seen.includes(idx)) seen.push(idx);
    const timed = seq >= WARMUP && seq < WARMUP + TRADES;
    // CPU time (this process, user + system) beside the wall time: on a loaded machine the wall
    // time is mostly waiting (the fsync, the scheduler); the CPU a commit takes moves much less.
    let c0 = process.cpuUsage();
    const record = (x: Series, ms: number, frames: number) => {
      const c = process.cpuUsage(c0);
      if (timed) {
        x.ms.push(ms);
        x.frames.push(frames);
        x.cpu.push((c.user + c.system) / 1000);
      }
    };
    // (c) today's shape: the Terminal's commit call.
    let f0 = wal.terminal.now();
    c0 = process.cpuUsage();
    let t0 = performance.now();
    const trade = must(await t.call('trades.commit', { ...req, quoteToken: quote.quoteToken, acknowledgedPrompts: quote.prompts.map((p) => p.code), ...(quote.prompts.some((p) => p.level === 'supervisor') ? { supervisorId: 'sup1' } : {}) }));
    record(s.terminal, performance.now() - t0, wal.terminal.since(f0));
    const body = capture();
    const text = toJson(body);
    if (timed) {
      bodyBytes.push(Buffer.byteLength(text));
      // A lean body (not written): what the trade decided, without what a derive could compute
      // again (the postings, the SAFE entry in the outbox row, the print job, the audit entry).
      leanBytes.push(Buffer.byteLength(toJson({ accounts: body.accounts, customers: body.customers, trades: body.trades, note_bundles: body.note_bundles })));
    }
    seq++;
    // (a), (b), (d) in turn, the order rotated so that none is always first after the Terminal's.
    const steps = [
      () => {
        f0 = wal.floor.now();
        c0 = process.cpuUsage();
        t0 = performance.now();
        floorInsert.run(clock.now().toISOString(), seq);
        record(s.floor, performance.now() - t0, wal.floor.since(f0));
      },
      () => {
        f0 = wal.journal.now();
        c0 = process.cpuUsage();
        t0 = performance.now();
        journalInsert.run(seq, trade.id, BigInt(trade.receiptNo), text);
        record(s.journal, performance.now() - t0, wal.journal.since(f0));
      },
      () => {
        f0 = wal.packed.now();
        c0 = process.cpuUsage();
        t0 = performance.now();
        // The deflate is on the commit path, so it is timed.
        const blob = deflateRawSync(text, { level: 1 });
        packedInsert.run(seq, trade.id, BigInt(trade.receiptNo), blob);
        record(s.packed, performance.now() - t0, wal.packed.since(f0));
        if (timed) packedBytes.push(blob.length);
      },
      () => {
        f0 = wal.direct.now();
        c0 = process.cpuUsage();
        t0 = performance.now();
        directTxn(body);
        record(s.direct, performance.now() - t0, wal.direct.since(f0));
      },
    ];
    for (let k = 0; k < steps.length; k++) steps[(i + k) % steps.length]!();
    // The background step: a batch of DERIVE_BATCH journal rows in its own transaction.
    if (seq % DERIVE_BATCH === 0) {
      f0 = wal.journal.now();
      c0 = process.cpuUsage();
      t0 = performance.now();
      const n = derive(DERIVE_BATCH);
      const ms = performance.now() - t0;
      if (n !== DERIVE_BATCH) throw new Error(`derived ${n} of ${DERIVE_BATCH}`);
      if (seq > WARMUP && seq <= WARMUP + TRADES) {
        s.derive.ms.push(ms);
        s.derive.frames.push(wal.journal.since(f0));
        const c = process.cpuUsage(c0);
        s.derive.cpu.push((c.user + c.system) / 1000);
      }
    }
    if (seq % CHECKPOINT_EVERY === 0) for (const db of [direct, journal, packed, floor, t.ledger]) db.pragma('wal_checkpoint(PASSIVE)');
    clock.t += 16_600;
  }
  const load = os.loadavg()[0]!;
  say(`${total} trades committed (${skipped} quotes skipped: not a back-fill); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);

  // The crash: the last entries are in the journal only; a child derives half of them and is killed.
  const mark = () => Number(journal.prepare('select derived_seq from journal_mark').pluck().get());
  const before = { mark: mark(), trades: Number(journal.prepare('select count(*) from trades').pluck().get()) };
  journal.close();
  wal.journal.close();
  const said = await killMidBatch(paths.journal);
  const reopened = openFile(paths.journal);
  const after = { mark: Number(reopened.prepare('select derived_seq from journal_mark').pluck().get()), trades: Number(reopened.prepare('select count(*) from trades').pluck().get()) };
  const r0 = performance.now();
  const rebuilt = deriver(reopened)(1_000_000);
  const rebuildMs = performance.now() - r0;
  const versusTerminal = compare(reopened, t.ledger);
  const versusDirect = compare(reopened, direct);
  say(`crash: the child said "${said}" and was killed; reopened: mark ${after.mark} (before ${before.mark}), ${after.trades} trades derived (before ${before.trades}); rebuilt ${rebuilt} entries in ${rebuildMs.toFixed(1)} ms`);
  say(`derived tables against the Terminal's ledger: ${versusTerminal.length === 0 ? 'equal' : versusTerminal.join('\n')}`);
  say(`derived tables against the direct writes: ${versusDirect.length === 0 ? 'equal' : versusDirect.join('\n')}`);
  const rows = Object.fromEntries(COMPARED.map((tb) => [tb, Number(reopened.prepare(`select count(*) from ${tb}`).pluck().get())]));

  t.close();
  for (const db of [direct, packed, floor, reopened]) db.close();
  for (const w of [wal.terminal, wal.direct, wal.packed, wal.floor]) w.close();

  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const p = (xs: number[], q: number) => percentile(sorted(xs), q);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const floorP50 = p(s.floor.ms, 50);
  const result: Record<string, unknown> = { trades: TRADES, load_1min: r3(load), body_bytes_mean: Math.round(mean(bodyBytes)), packed_body_bytes_mean: Math.round(mean(packedBytes)), lean_body_bytes_mean: Math.round(mean(leanBytes)), lean_body_bytes_max: Math.max(...leanBytes) };
  for (const [name, x] of [['floor', s.floor], ['journal', s.journal], ['journal_deflated', s.packed], ['direct', s.direct], ['terminal_commit', s.terminal]] as const) {
    result[`${name}_p50_ms`] = r3(p(x.ms, 50));
    result[`${name}_p99_ms`] = r3(p(x.ms, 99));
    result[`${name}_ratio`] = r3(p(x.ms, 50) / floorP50);
    result[`${name}_frames`] = Math.round(mean(x.frames) * 10) / 10;
    result[`${name}_cpu_p50_ms`] = r3(p(x.cpu, 50));
  }
  result.derive_batch_p50_ms = r3(p(s.derive.ms, 50));
  result.derive_batch_p99_ms = r3(p(s.derive.ms, 99));
  result.derive_per_trade_ms = r3(mean(s.derive.ms) / DERIVE_BATCH);
  result.derive_cpu_per_trade_ms = r3(mean(s.derive.cpu) / DERIVE_BATCH);
  result.derive_frames_per_trade = Math.round((mean(s.derive.frames) / DERIVE_BATCH) * 10) / 10;
  // What the Terminal's commit would cost with a journal: its own work (checks, reads, JavaScript),
  // less the direct writes' storage, plus the journal row's.
  result.terminal_with_journal_p50_ms_estimate = r3(p(s.terminal.ms, 50) - p(s.direct.ms, 50) + p(s.journal.ms, 50));
  result.rebuild_entries = rebuilt;
  result.rebuild_ms = r3(rebuildMs);
  result.rebuild_equal = versusTerminal.length === 0 && versusDirect.length === 0;
  for (const [name, x] of [['floor', s.floor], ['journal', s.journal], ['journal deflated', s.packed], ['direct', s.direct], ['terminal commit', s.terminal]] as const) {
    say(`${name.padEnd(16)} p50 ${p(x.ms, 50).toFixed(3)} ms, p99 ${p(x.ms, 99).toFixed(3)} ms, ×${(p(x.ms, 50) / floorP50).toFixed(2)} the floor; CPU p50 ${p(x.cpu, 50).toFixed(3)} ms; WAL frames ${mean(x.frames).toFixed(1)} a commit`);
  }
  say(`derive, a batch of ${DERIVE_BATCH}: p50 ${p(s.derive.ms, 50).toFixed(2)} ms, p99 ${p(s.derive.ms, 99).toFixed(2)} ms; per trade ${(mean(s.derive.ms) / DERIVE_BATCH).toFixed(3)} ms (CPU ${(mean(s.derive.cpu) / DERIVE_BATCH).toFixed(3)} ms) and ${(mean(s.derive.frames) / DERIVE_BATCH).toFixed(1)} frames`);
  say(`journal body: ${Math.round(mean(bodyBytes))} bytes of JSON a trade, ${Math.round(mean(packedBytes))} deflated; a lean body ${Math.round(mean(leanBytes))} (max ${Math.max(...leanBytes)}); rows at the end: ${JSON.stringify(rows)}`);
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!result.rebuild_equal) process.exitCode = 1;
}

if (values['crash-child'] !== undefined) crashChild(values['crash-child']);
else {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (e: unknown) => {
      process.stderr.write(`journal bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
