// The crash harness (issue #7 item 6): a Terminal at mixed work (back-fill and real-time trades,
// voids, cash put in, the queue sent to the monitoring-system simulator over HTTP, receipts printed
// on the virtual printer over TCP, reprints, rate changes) is killed with SIGKILL at a random
// moment, restarted, and killed again: CRASH_KILLS times (200 by default). After every kill:
//   - PRAGMA integrity_check is ok, and every ledger invariant holds (test/helpers/invariants.ts:
//     postings balance per currency, balances are the sums of postings, receipt numbers run
//     without a gap in each book, every trade has its print job and its outbox row, real-time ones their
//     reference number);
//   - everything the Terminal had answered before the kill is in the file;
//   - the monitoring system holds no trade twice;
//   - every entry the monitoring system holds has its trade in the file, or its intent (written
//     before the entry is sent: monitoring/intents.ts); every real-time trade has its intent,
//     committed with it, and no intent is committed without its trade;
//   - the audit chain verifies.
// At the end the queue is sent and the receipts printed to the last one: every reportable trade is
// in the monitoring system exactly once, every voided one that was recorded there is cancelled,
// every entry there without a trade (a kill between the entry and the ledger commit) is cancelled
// there by a delivered cancel (reason 06): no orphan at all, and the day's reconciliation lists
// nothing missing on the terminal; no receipt printed twice.
//
// Start-up: the child is bundled once with esbuild (about 0.3 s to load, against over 1 s through
// tsx; the report libraries it never uses are left out), and the next child is always loaded and
// waiting while the current one works, so a restart costs little more than opening the ledger.
// A kill is timed by the child's work, not by the wall clock: most children are killed after
// they have committed 0, 1 or 2 trades (and a random moment more), a tenth while they open. So
// the kills land during work however loaded the machine is: a busy machine makes the run longer,
// never weaker. 200 kills take one to three minutes on a quiet 2-core machine; CRASH_KILLS sets
// the number, CRASH_MAX_LIFE_MS the most a child works past its trades.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../electron/ledger/auditChain';
import { DEFAULT_MIGRATIONS_DIR, loadMigrations } from '../electron/ledger/migrate';
import { startVirtualPrinter, type VirtualPrinter } from '../electron/printer/virtualPrinter';
import { integrityCheck, ledgerViolations } from './helpers/invariants';
import { RATES, startSimulator, type Simulator } from './helpers/simulator';
import { openRaw, tempDir } from './helpers/terminal';
import type { MixedConfig } from './crash/mixed';
import { withoutReportLibraries } from './helpers/bundle';

/** The ledger's version once a life has migrated it (a kill during the first life's migrations leaves it earlier). */
const LATEST_MIGRATION = loadMigrations().length;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KILLS = Number(process.env.CRASH_KILLS ?? 200);
/** Most children are killed after committing 0..MAX_TRADES_PER_LIFE trades and up to this long more… */
const MAX_LIFE_MS = Number(process.env.CRASH_MAX_LIFE_MS ?? 300);
const MAX_TRADES_PER_LIFE = 2;
/** …unless they commit nothing for this long (the rules refusing every trade): killed anyway. */
const WAIT_FOR_TRADES_MS = 60_000;
/** The whole run's deadline, generous: a loaded machine makes it slower, not different. */
const RUN_DEADLINE_MS = 25 * 60_000;
/** …and this share of them while it opens (migrations, recovery, the spool's restart). */
const START_UP_KILLS = 0.1;
const START_UP_MS = 150;
/** The terminal's day: 10:00 in China. The simulator's clock stands an hour later, the same day. */
const CLOCK_BASE = '2026-03-10T02:00:00.000Z';
const SIM_NOW = '2026-03-10T03:00:00.000Z';


let bundle: string;
let sim: Simulator;
let printer: VirtualPrinter;

beforeAll(async () => {
  // Inside node_modules, so that the bundle's `better-sqlite3` (native, not bundled) resolves.
  const outDir = join(ROOT, 'node_modules', '.cache', 'crash-harness');
  mkdirSync(outDir, { recursive: true });
  bundle = join(outDir, `mixed-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, 'test', 'crash', 'mixed.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    plugins: [withoutReportLibraries('crash harness')],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  sim = await startSimulator({ now: SIM_NOW, fixture: { persons: [], conversionRates: RATES } });
  printer = await startVirtualPrinter();
});

afterAll(async () => {
  await printer?.close();
  await sim?.stop();
  if (bundle) rmSync(bundle, { force: true });
});

/** What the children were told was done: each must be in the ledger after any kill. */
interface Answered {
  receipts: Map<number, string>;
  voids: Set<number>;
  movements: Set<string>;
  rates: Set<string>;
  reprints: Set<number>;
}

interface Child {
  process: ChildProcess;
  /** Trades the child has answered (`C` lines) so far. */
  trades: number;
  /** Resolves when the child has answered this many trades. */
  tradesReach(n: number): Promise<void>;
  loaded: Promise<void>;
  opened: boolean;
  /** Resolves when the child says its Terminal is open. */
  open: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  lines: string[];
  stderr: string;
}

function spawnChild(config: MixedConfig): Child {
  const proc = spawn(process.execPath, [bundle, JSON.stringify(config)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let opened = () => undefined as void;
  const waiting: { n: number; resolve: () => void }[] = [];
  const child: Child = {
    process: proc, trades: 0, loaded: Promise.resolve(), opened: false, open: new Promise((r) => (opened = r)),
    exited: Promise.resolve({ code: null, signal: null }), lines: [], stderr: '',
    tradesReach: (n) => (child.trades >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }))),
  };
  child.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  child.loaded = new Promise((resolve, reject) => {
    let buffer = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === 'loaded') resolve();
        else if (line === 'open') {
          child.opened = true;
          opened();
        }
        else {
          child.lines.push(line);
          if (line.startsWith('C ')) {
            child.trades++;
            for (const w of waiting.filter((x) => x.n <= child.trades)) w.resolve();
          }
        }
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => (child.stderr += chunk.toString()));
    void child.exited.then(({ code, signal }) => reject(new Error(`child ended (${code ?? signal}) before it loaded: ${child.stderr}`)));
  });
  // The spare may be killed before it loaded (at the end): that is not an error of its own.
  child.loaded.catch(() => undefined);
  // A stdin closed by a kill must not throw here.
  proc.stdin!.on('error', () => undefined);
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function record(answered: Answered, lines: string[]): void {
  for (const line of lines) {
    const [kind, a, b] = line.split(' ');
    if (kind === 'C') answered.receipts.set(Number(a), b!);
    else if (kind === 'V') answered.voids.add(Number(a));
    else if (kind === 'F') answered.movements.add(a!);
    else if (kind === 'R') answered.rates.add(a!);
    else if (kind === 'P') answered.reprints.add(Number(a));
  }
}

/** Everything checked after a kill, straight from the file (the next child has not opened it). */
async function checkAfterKill(path: string, answered: Answered, kill: number): Promise<{ entries: number }> {
  const db = openRaw(path);
  try {
    db.defaultSafeIntegers(true);
    const where = `after kill ${kill}`;
    expect(integrityCheck(db), where).toBe('ok');
    // Killed at start-up while the first life migrated the new ledger: no table yet, or the ledger
    // at an earlier version (each migration commits on its own: ledger/migrate.ts), and nothing can
    // have been answered. The next life migrates on from there.
    if (db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() === 0n || Number(db.pragma('user_version', { simple: true })) < LATEST_MIGRATION) {
      expect([answered.receipts.size, answered.voids.size, answered.movements.size, answered.rates.size, answered.reprints.size], `${where}: answered before the ledger was made`).toEqual([0, 0, 0, 0, 0]);
      return { entries: 0 };
    }
    expect(ledgerViolations(db), where).toEqual([]);
    const set = (sql: string) => new Set((db.prepare(sql).pluck().all() as unknown[]).map(String));
    const trades = new Map((db.prepare('SELECT receipt_no, id FROM trades').raw().all() as [bigint, string][]).map(([n, id]) => [Number(n), id]));
    for (const [n, id] of answered.receipts) expect(trades.get(n), `${where}: receipt ${n} was answered`).toBe(id);
    const voids = set('SELECT receipt_no FROM voids');
    for (const n of answered.voids) expect(voids.has(String(n)), `${where}: void of ${n} was answered`).toBe(true);
    const movements = set('SELECT id FROM reserve_movements');
    for (const id of answered.movements) expect(movements.has(id), `${where}: movement ${id} was answered`).toBe(true);
    const rates = set('SELECT id FROM rates');
    for (const id of answered.rates) expect(rates.has(id), `${where}: rate ${id} was answered`).toBe(true);
    const jobs = set("SELECT id FROM print_jobs WHERE kind = 'reprint'");
    for (const id of answered.reprints) expect(jobs.has(String(id)), `${where}: reprint ${id} was answered`).toBe(true);
    // Every entry a real-time trade was committed with, and every delivered back-fill or cancel,
    // is in the monitoring system once: a resend after a kill is recognised, never doubled.
    const stats = await sim.stats();
    const twice = Object.entries(stats.bySerial).filter(([, n]) => n > 1);
    expect(twice, `${where}: entered twice`).toEqual([]);
    for (const id of set("SELECT trade_id FROM outbox WHERE state = 'delivered' AND kind <> 'cancel' UNION SELECT id FROM trades WHERE reporting_path = 'realtime'")) {
      expect(stats.bySerial[id], `${where}: trade ${id} is delivered but not in the monitoring system`).toBe(1);
    }
    // The intent is committed before the entry leaves: whatever SAFE holds, the file knows of.
    const tradeIds = set('SELECT id FROM trades');
    const intents = set('SELECT trade_id FROM realtime_intents');
    for (const serial of Object.keys(stats.bySerial)) {
      if (!tradeIds.has(serial)) expect(intents.has(serial), `${where}: SAFE holds ${serial}, the file has neither its trade nor its intent`).toBe(true);
    }
    // A real-time trade and its committed intent are written together, or neither.
    expect(db.prepare(
      "SELECT t.id FROM trades t WHERE t.channel = '42' AND NOT EXISTS (SELECT 1 FROM realtime_intents i WHERE i.trade_id = t.id AND i.state = 'committed' AND i.ref_no = t.ref_no)",
    ).pluck().all(), `${where}: real-time trades without their committed intent`).toEqual([]);
    expect(db.prepare(
      "SELECT trade_id FROM realtime_intents i WHERE state = 'committed' AND NOT EXISTS (SELECT 1 FROM trades t WHERE t.id = i.trade_id)",
    ).pluck().all(), `${where}: intents committed without their trade`).toEqual([]);
    const chain = verifyAuditChain(db);
    expect(chain.firstBroken, where).toBeUndefined();
    return { entries: chain.entries };
  } finally {
    db.close();
  }
}

describe('crash harness', () => {
  it(`a terminal at mixed work survives ${KILLS} SIGKILLs: ledger, queue, receipts and audit chain intact`, async () => {
    const dir = tempDir('crash-harness-');
    const path = join(dir, 'ledger.sqlite');
    const started = Date.now();
    const config = (mode: MixedConfig['mode']): MixedConfig => ({
      databasePath: path,
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      monitoringUrl: sim.url,
      printerPort: printer.port,
      clockBase: CLOCK_BASE,
      clockStart: started,
      mode,
    });
    const answered: Answered = { receipts: new Map(), voids: new Set(), movements: new Set(), rates: new Set(), reprints: new Set() };
    let killedBeforeOpen = 0;
    let livesWithTrades = 0;
    const timing = { loading: 0, checking: 0 };
    let entries = 0;
    let spare = spawnChild(config('work'));
    let kill = 0;
    try {
      // KILLS kills, and as many more as it takes for a quarter of them to have landed after a
      // trade (the children's work decides when they die, so this is met on any machine).
      while (kill < KILLS || livesWithTrades <= KILLS / 4) {
        kill++;
        expect(Date.now() - started, `deadline: ${kill - 1} kills, ${livesWithTrades} after a trade`).toBeLessThan(RUN_DEADLINE_MS);
        const child = spare;
        let t = performance.now();
        await child.loaded;
        timing.loading += performance.now() - t;
        child.process.stdin!.write('go\n');
        // The next one loads while this one works.
        spare = spawnChild(config('work'));
        if (Math.random() < START_UP_KILLS) await sleep(Math.random() * START_UP_MS);
        else {
          await Promise.race([child.open, child.exited]);
          const trades = Math.floor(Math.random() * (MAX_TRADES_PER_LIFE + 1));
          await Promise.race([child.tradesReach(trades), child.exited, sleep(WAIT_FOR_TRADES_MS)]);
          await sleep(Math.random() * MAX_LIFE_MS);
        }
        child.process.kill('SIGKILL');
        const how = await child.exited;
        expect(how.signal, `child ended by itself (${how.code}): ${child.stderr}`).toBe('SIGKILL');
        if (!child.opened) killedBeforeOpen++;
        record(answered, child.lines);
        if (child.lines.some((l) => l.startsWith('C '))) livesWithTrades++;
        t = performance.now();
        entries = (await checkAfterKill(path, answered, kill)).entries;
        timing.checking += performance.now() - t;
      }
    } finally {
      spare.process.kill('SIGKILL');
      await spare.exited;
    }

    // Last: a child that sends the whole queue and prints every pending receipt, then closes.
    const drain = spawnChild(config('drain'));
    await drain.loaded;
    drain.process.stdin!.write('go\n');
    const how = await drain.exited;
    expect(how, drain.stderr).toEqual({ code: 0, signal: null });
    const drained = drain.lines.find((l) => l.startsWith('drained '));
    expect(JSON.parse(drained!.slice('drained '.length))).toEqual({ pending: 0, needsAttention: 0 });
    // The day's reconciliation: nothing at SAFE the terminal has no trade for, nothing left to cancel.
    const reconciled = drain.lines.find((l) => l.startsWith('reconciled '));
    expect(JSON.parse(reconciled!.slice('reconciled '.length))).toEqual({ missingOnTerminal: 0, cancelDue: 0 });
    record(answered, drain.lines);
    await checkAfterKill(path, answered, kill + 1);

    const db = openRaw(path, { readonly: true });
    try {
      const stats = await sim.stats();
      const count = (sql: string) => Number(db.prepare(sql).pluck().get());
      // Every reportable trade is in the monitoring system exactly once, but a back-fill voided
      // before it went out, which is never entered at all (or, voided while it was on its way,
      // entered and then cancelled: it has a cancel).
      const reportable = db.prepare("SELECT id FROM trades WHERE reporting_path <> 'exempt'").pluck().all() as string[];
      const neverSent = new Set(db.prepare(
        "SELECT trade_id FROM outbox o WHERE kind = 'backfill' AND state = 'not_needed' AND NOT EXISTS (SELECT 1 FROM outbox c WHERE c.trade_id = o.trade_id AND c.kind = 'cancel')",
      ).pluck().all() as string[]);
      // Voided after its sending began (a failed try, or cut short by a kill): the cancel looks the
      // record up by serial, so the monitoring system holds it once or never.
      const maybeSent = new Set(db.prepare(
        "SELECT o.trade_id FROM outbox o WHERE kind = 'backfill' AND state = 'not_needed' AND EXISTS (SELECT 1 FROM outbox c WHERE c.trade_id = o.trade_id AND c.kind = 'cancel' AND json_extract(c.payload, '$.refNo') IS NULL)",
      ).pluck().all() as string[]);
      for (const id of reportable) {
        if (maybeSent.has(id)) {
          expect([undefined, 1], `trade ${id} (voided while its back-fill may have been on its way)`).toContain(stats.bySerial[id]);
          continue;
        }
        const why = neverSent.has(id)
          ? `trade ${id} was voided before its back-fill was delivered, yet the monitoring system holds it, uncancelled (the back-fill was on its way when the trade was voided, and the terminal died before the answer)`
          : `trade ${id}`;
        expect(stats.bySerial[id], why).toBe(neverSent.has(id) ? undefined : 1);
      }
      // Entries the terminal has no trade for: real-time entries made just before a kill, whose
      // trade was never committed. Each is cancelled at SAFE (reason 06, 系统记账失败) by a
      // delivered cancel recorded on its intent: no orphan is left.
      const known = new Set(reportable);
      const untraded = Object.keys(stats.bySerial).filter((s) => !known.has(s));
      const intent = db.prepare('SELECT state, ref_no FROM realtime_intents WHERE trade_id = ? AND state <> \'not_at_safe\'');
      const orphans: string[] = [];
      for (const serial of untraded) {
        const i = intent.get(serial) as { state: string; ref_no: string | null } | undefined;
        const records = (await sim.api<{ records: { serial: string; refNo: string; status: string }[] }>('records', { serial })).data!.records.filter((r) => r.serial === serial);
        const withdrawn = i?.state === 'cancelled' && records.length === 1 && records[0]!.status === 'cancelled' && records[0]!.refNo === i.ref_no;
        if (!withdrawn) orphans.push(`${serial}: intent ${JSON.stringify(i)}, SAFE ${JSON.stringify(records)}`);
      }
      expect(orphans, 'entries at SAFE with neither a trade nor a delivered cancel').toEqual([]);
      expect(count("SELECT count(*) FROM realtime_intents WHERE state IN ('open', 'cancelling')")).toBe(0);
      // Every voided trade that was recorded there is cancelled there: one delivered cancel each;
      // and every entry without a trade, by its intent's cancel.
      expect(count("SELECT count(*) FROM outbox WHERE state IN ('pending', 'needs_attention')")).toBe(0);
      const intentsCancelled = count("SELECT count(*) FROM realtime_intents WHERE state = 'cancelled'");
      expect(intentsCancelled).toBe(untraded.length);
      expect(stats.cancelled).toBe(count("SELECT count(DISTINCT trade_id) FROM outbox WHERE kind = 'cancel' AND state = 'delivered' AND ref_no IS NOT NULL") + intentsCancelled);
      // No receipt printed twice: a job is done once; one caught mid-print is marked failed (the
      // teller reprints a copy if the paper shows nothing) and may or may not have come out.
      const done = count("SELECT count(*) FROM print_jobs WHERE state = 'done'");
      const interrupted = count("SELECT count(*) FROM print_jobs WHERE state = 'failed' AND error LIKE '%interrupted%'");
      expect(count("SELECT count(*) FROM print_jobs WHERE state IN ('pending', 'printing')")).toBe(0);
      expect(printer.jobs().length).toBeGreaterThanOrEqual(done);
      expect(printer.jobs().length).toBeLessThanOrEqual(done + interrupted);

      const trades = count('SELECT count(*) FROM trades');
      console.log(
        `crash harness: ${kill} kills (${killedBeforeOpen} before the ledger was open, ${livesWithTrades} after a trade) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `${trades} trades, ${count('SELECT count(*) FROM voids')} voids, ${count('SELECT count(*) FROM reserve_movements')} reserve movements, ` +
          `${done} receipts printed, ${interrupted} interrupted, ${untraded.length} real-time entries left without their trade by a kill and cancelled at SAFE ` +
          `(${count("SELECT count(*) FROM realtime_intents WHERE state = 'not_at_safe'")} more never reached it), ${orphans.length} orphans, ${entries} audit entries; waited ${(timing.loading / 1000).toFixed(1)} s for children to load, ${(timing.checking / 1000).toFixed(1)} s checking`,
      );
      // The kills landed while work was going on, not only at start-up.
      expect(answered.receipts.size).toBeGreaterThan(KILLS / 2);
      expect(livesWithTrades).toBeGreaterThan(KILLS / 4);
      expect(kill).toBeGreaterThanOrEqual(KILLS);
    } finally {
      db.close();
    }
    // Kept when something failed, to look at.
    rmSync(dir, { recursive: true, force: true });
  }, RUN_DEADLINE_MS + 5 * 60_000);
});
