// The hub's fault campaigns (issue 16 "Faults"), with real processes: the hub (`npm run hub`,
// hub/main.ts) on its embedded database's data folder (PGlite) and on a real PostgreSQL server
// (when HUB_TEST_DATABASE_URL names one: .ci/postgres.sh), and counters that trade and push their
// events by the terminal's own loop (test/hub-faults/counter.ts: a Terminal on its own encrypted
// SQLite ledger, enrolled with the one-time code HQ made).
//   - The hub killed with SIGKILL at random moments during pushes from three counters: 50 times on
//     PostgreSQL, 15 on the embedded database by default (its every start replays its WAL in
//     WebAssembly: 2 to 5 s; HUB_FAULT_PGLITE_KILLS=50 runs the full campaign, about 3 minutes
//     more), and one start in five killed while it opens its database.
//   - A counter killed with SIGKILL during a push, 50 times: as its batch leaves, or as the hub
//     has stored it and its answer is on the way. The hub is not the one at fault here: run on
//     PostgreSQL when there is one, else on the embedded database.
//   - The link cut for 72 hours of trading (three days closed at the counter, a month turned),
//     then restored.
// After each, what a user would notice: every event of every counter is at the hub exactly once,
// each counter's sequence contiguous from 1, its chain verified (shared/sync/chain.ts) over what the
// hub holds, in order, and the very entries of the counter's audit trail; nothing lost at the
// counter (its audit trail's count and highest id are the hub's head after the counter caught
// up; every trade it told the teller was committed is at the hub, and every void; its receipt
// numbers gapless within each book the hub issued it, no number at two counters); the counter
// served customers while the hub was away; the hub never took back what it had said it held and
// never refused a counter; it logged no error. On PostgreSQL the hub's tables are also checked
// after every kill (contiguous, chained, as far as they go); on the embedded database, whose
// folder is one process's, by the hub starting again on it and by what it answers the counters.
// And one fault found by reading the loop, checked on its own: the answer to a counter's
// enrolment lost on the link (or the counter killed before it wrote hub.json).
//
// Kills are timed by the work, not by the clock: the hub is killed once it has stored one to
// three batches since it started, a counter once its 1st to 4th push has left or the hub has
// stored it. A loaded machine makes the run longer, never weaker. HUB_FAULT_KILLS sets the number
// of kills of the other campaigns (50).
//
// One file past the house's 400 lines, on purpose: the campaigns share the processes' harness and
// its state (the bundles, the template database, the children to kill at the end), and reading a
// campaign means reading what it checks. The children themselves are in test/hub-faults/.
//
// The children are bundled once (test/hub-faults/bundle.ts: the same code, loaded in under a
// second rather than two or three through tsx), and the next hub or counter is loaded while one
// works, so a restart costs the opening of its database, not the loading.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckCharacter } from '../shared/id/idDocument';
import { HUB_RECEIPT_BASE } from '../shared/receipts';
import { checkChain } from '../shared/sync/chain';
import type { HubEvent } from '../shared/sync/events';
import { openPGliteHub, openPostgresHub, type HubDatabase } from '../hub/db/open';
import { startHubServer } from '../hub/server';
import { createEnrolmentCode } from '../hub/trust';
import { bundleChildren, type Bundles } from './hub-faults/bundle';
import type { CounterConfig } from './hub-faults/counter';
import { HUB_ENGINES, registerOutlet } from './helpers/hub';
import { ledgerViolations } from './helpers/invariants';
import { freePort, onLines, within as withinMs } from './helpers/processes';
import { ok, openHarness, openRaw, tempDir, type Harness } from './helpers/terminal';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KILLS = Number(process.env.HUB_FAULT_KILLS ?? 50);
const PGLITE_HUB_KILLS = Number(process.env.HUB_FAULT_PGLITE_KILLS ?? 15);
/** One hub start in this many is killed while it starts (opening its database), before it listens. */
const START_UP_KILL_EVERY = 5;
/** The counters' day: 10:00 in China, whatever the machine's date; their time runs on from it. */
const CLOCK_BASE = '2026-03-10T02:00:00.000Z';
const OUTLET_CODE = 'PEK-T3-01';
/** Events per push after the link is back: the 72 hours take several rounds of 20 batches. */
const OFFLINE_BATCH = 10;
/** Limits that only catch a hang. */
const HANG_MS = 90_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const random = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

const within = <T>(p: Promise<T>, what: string, ms = HANG_MS): Promise<T> => withinMs(p, what, ms);

// --- The hub's two engines, as processes see them -------------------------------------------

interface Store {
  /** The hub's options that name its database. */
  args: string[];
  /** The database opened here (the embedded one only while no hub has its folder). */
  open(): Promise<HubDatabase>;
  /** A PostgreSQL server is read while a hub uses it, or just after it was killed. */
  shared: boolean;
  remove(): Promise<void>;
}

interface Engine {
  name: 'PGlite' | 'PostgreSQL';
  missing: string | undefined;
  hubKills: number;
  /** A database for one campaign, migrated, with a one-time code for each counter (made at `at`, the hub's time then). */
  store(terminals: readonly string[], at: Date): Promise<{ store: Store; codes: Map<string, string> }>;
}

async function makeCodes(db: HubDatabase, terminals: readonly string[], at: Date): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  await registerOutlet(db, OUTLET_CODE, () => at);
  for (const terminalId of terminals) codes.set(terminalId, (await createEnrolmentCode(db, { terminalId, outletCode: OUTLET_CODE }, 'hq1', () => at)).code);
  return codes;
}

const SERVER_URL = process.env.HUB_TEST_DATABASE_URL;
let pgliteTemplate: string | undefined;
let databases = 0;

async function onServer(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

const ENGINES: readonly Engine[] = [
  {
    name: 'PGlite',
    missing: undefined,
    hubKills: PGLITE_HUB_KILLS,
    async store(terminals, at) {
      // One embedded database made and migrated (initdb: seconds), copied for each campaign (a
      // stopped hub's folder is its backup: docs/hub.md).
      if (!pgliteTemplate) {
        pgliteTemplate = tempDir('hub-faults-template-');
        await (await openPGliteHub({ dataDir: pgliteTemplate, now: () => at })).destroy();
      }
      const dir = tempDir('hub-faults-data-');
      cpSync(pgliteTemplate, dir, { recursive: true });
      const db = await openPGliteHub({ dataDir: dir, now: () => at });
      const codes = await makeCodes(db, terminals, at).finally(() => db.destroy());
      return {
        codes,
        store: {
          args: ['--data', dir],
          open: () => openPGliteHub({ dataDir: dir, now: () => at }),
          shared: false,
          remove: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    missing: SERVER_URL ? undefined : 'HUB_TEST_DATABASE_URL is not set (.ci/run sets it: .ci/postgres.sh)',
    hubKills: KILLS,
    async store(terminals, at) {
      const name = `hub_faults_${process.pid}_${++databases}`;
      await onServer(`CREATE DATABASE ${name}`);
      const url = new URL(SERVER_URL!);
      url.pathname = `/${name}`;
      const open = () => openPostgresHub({ url: url.toString(), now: () => at });
      const db = await open();
      const codes = await makeCodes(db, terminals, at).finally(() => db.destroy());
      return { codes, store: { args: ['--database', url.toString()], open, shared: true, remove: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) } };
    },
  },
];

// --- The hub as a process ---------------------------------------------------------------------

const children = new Set<ChildProcess>();
let bundles: Bundles;

/** Every child still running killed, and gone. */
async function killChildren(): Promise<void> {
  await Promise.all([...children].map((c) => {
    const gone = c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    return gone;
  }));
}

/** After a campaign: its database and the counters' folders removed, or kept to look at when it failed. */
async function cleanUp(passed: boolean, store: Store, dirs: readonly string[]): Promise<void> {
  await killChildren();
  if (!passed) {
    console.log(`hub faults: kept to look at: ${[...store.args, ...dirs].join(' ')}`);
    return;
  }
  await store.remove();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** One hub process: loaded (`loaded`), then told to go (test/hub-faults/hub.ts). */
interface HubChild {
  process: ChildProcess;
  loaded: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once it listens. */
  listening: Promise<void>;
  output: string;
}

/**
 * `npm run hub` on one database, on one port (the counters' URL), started and killed again and
 * again; the next one loaded while one runs.
 */
class HubProcess {
  private current: HubChild | undefined;
  private spare: HubChild | undefined;
  private waiters: { terminal: string | undefined; n: number; resolve: () => void }[] = [];
  running = false;
  starts = 0;
  /** The hub's `error` lines: an INTERNAL_ERROR a counter was answered. */
  errors: string[] = [];
  /** How long the last start took from `go` to listening (a start-up kill lands within it), and all of them. */
  lastStartMs = 1_000;
  startsMs: number[] = [];

  constructor(private store: Store, readonly port: number, private clock: () => Date) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private load(): HubChild {
    const proc = spawn(process.execPath, [bundles.hub, ...this.store.args, '--port', String(this.port)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(proc);
    const child = { process: proc, output: '' } as HubChild;
    child.exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
      children.delete(proc);
      if (this.current === child) this.running = false;
      resolve({ code, signal });
    }));
    proc.stdin.on('error', () => undefined);
    proc.stderr.on('data', (c: Buffer) => (child.output += c.toString()));
    let loaded = () => undefined as void;
    let listening = () => undefined as void;
    child.loaded = new Promise((r) => (loaded = r));
    child.listening = new Promise((r) => (listening = r));
    onLines(proc.stdout, (line) => {
      child.output += `${line}\n`;
      if (line === 'loaded') loaded();
      else if (line.startsWith('hub: listening on ')) listening();
      else if (line.startsWith('{')) this.logged(JSON.parse(line) as { event: string; terminal?: string });
    });
    const early = child.exited.then(({ code, signal }) => {
      throw new Error(`the hub ended (${code ?? signal}) before it listened: ${child.output.slice(-3_000)}`);
    });
    early.catch(() => undefined);
    // Awaited where needed; a spare killed unstarted rejects them unawaited.
    child.loaded = Promise.race([child.loaded, early]);
    child.loaded.catch(() => undefined);
    child.listening = Promise.race([child.listening, early]);
    child.listening.catch(() => undefined);
    return child;
  }

  /** The loaded hub told to go: it opens its database; its time runs on from the counters' time now (--clock). */
  private async go(): Promise<HubChild> {
    const child = this.spare ?? this.load();
    this.spare = undefined;
    await within(child.loaded, 'a hub to load');
    this.current = child;
    this.starts++;
    child.process.stdin!.write(`go ${this.clock().toISOString()}\n`);
    this.spare = this.load();
    return child;
  }

  async start(): Promise<void> {
    const t0 = performance.now();
    const child = await this.go();
    await within(child.listening, 'the hub to listen');
    this.lastStartMs = performance.now() - t0;
    this.startsMs.push(this.lastStartMs);
    this.running = true;
  }

  /** Started and killed at a random moment as it opens its database: whether it had not listened yet. */
  async killWhileStarting(): Promise<boolean> {
    const child = await this.go();
    let listened = false;
    void child.listening.then(() => (listened = true), () => undefined);
    await sleep(random(0, this.lastStartMs));
    child.process.kill('SIGKILL');
    const how = await child.exited;
    expect(how.signal, `the hub ended by itself (${how.code}): ${child.output.slice(-3_000)}`).toBe('SIGKILL');
    this.waiters = [];
    return !listened;
  }

  private logged(line: { event: string; terminal?: string }): void {
    if (line.event === 'error') this.errors.push(JSON.stringify(line));
    if (line.event !== 'events') return;
    for (const w of [...this.waiters]) {
      if (w.terminal !== undefined && w.terminal !== line.terminal) continue;
      if (--w.n === 0) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves once the hub has stored `n` more batches (of `terminal`'s, or anyone's). */
  stored(n: number, terminal?: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ terminal, n, resolve }));
  }

  async kill(): Promise<void> {
    const child = this.current!;
    child.process.kill('SIGKILL');
    const how = await child.exited;
    expect(how.signal, `the hub ended by itself (${how.code}): ${child.output.slice(-3_000)}`).toBe('SIGKILL');
    this.running = false;
    this.waiters = [];
  }

  /** SIGTERM: the hub closes its database and exits 0 (the embedded folder is then free to read). */
  async stop(): Promise<void> {
    const child = this.current!;
    child.process.kill('SIGTERM');
    expect(await within(child.exited, 'the hub to stop'), child.output.slice(-3_000)).toEqual({ code: 0, signal: null });
    this.running = false;
  }

  /** The spare, never started. */
  async dispose(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    if (!spare) return;
    spare.process.kill('SIGKILL');
    await spare.exited;
  }
}

// --- The counters as processes ----------------------------------------------------------------

/** One counter across its lives: what it was told, and what the hub told it. */
class Counter {
  readonly dir = tempDir('hub-faults-counter-');
  /** Receipts the counter committed (the teller was told), by number: the trade's id. */
  readonly committed = new Map<number, string>();
  readonly voided = new Set<string>();
  /** The highest sequence the hub said it held, and any answer that said less (what a kill at the hub lost). */
  maxHeld = 0n;
  readonly takenBack: string[] = [];
  /** Refusals by the hub: none is expected. */
  readonly refused: string[] = [];
  /** Trades committed while the hub was down (the counter never waits on the hub). */
  whileHubDown = 0;
  hubDown = () => false;

  constructor(readonly id: string) {}

  get ledger(): string {
    return join(this.dir, 'ledger.sqlite');
  }

  spawn(config: Omit<CounterConfig, 'dataDir' | 'terminalId'>): Life {
    return new Life(this, { ...config, dataDir: this.dir, terminalId: this.id });
  }

  line(life: Life, line: string): void {
    const [kind, a, b] = line.split(' ');
    if (kind === 'C') {
      this.committed.set(Number(a), b!);
      if (this.hubDown()) this.whileHubDown++;
    } else if (kind === 'V') this.voided.add(b!);
    else if (kind === 'P') life.outstanding = { from: BigInt(a!), to: BigInt(b!) };
    else if (kind === 'H') {
      const held = BigInt(a!);
      if (held < this.maxHeld) this.takenBack.push(`the hub said it held ${held} after it had said ${this.maxHeld}`);
      if (held > this.maxHeld) this.maxHeld = held;
      life.heard(held);
    } else if (kind === 'E' || kind === 'U') {
      if (kind === 'E') this.refused.push(`${a} ${b}`);
      // A push that failed is not on its way any more (a look-up's failure says nothing of it).
      if (a === '/v1/events') life.outstanding = undefined;
    }
  }
}

/** One life of a counter: a child process, loaded, then told to go. */
class Life {
  readonly process: ChildProcess;
  readonly loaded: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly lines: string[] = [];
  stderr = '';
  /** A push that left and whose answer the counter had not had. */
  outstanding: { from: bigint; to: bigint } | undefined;
  /** The first held the hub told this life (where the hub stood when it started). */
  firstHeld: bigint | undefined;
  private pushCount = 0;
  private pushWaiters: { n: number; resolve: () => void }[] = [];
  private tradeWaiters: (() => void)[] = [];

  constructor(readonly counter: Counter, config: CounterConfig) {
    const proc = spawn(process.execPath, [bundles.counter, JSON.stringify(config)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(proc);
    this.process = proc;
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }));
    proc.stdin.on('error', () => undefined);
    proc.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.loaded = new Promise((resolve, reject) => {
      onLines(proc.stdout, (line) => {
        if (line === 'loaded') resolve();
        this.lines.push(line);
        counter.line(this, line);
        if (line.startsWith('P ')) {
          this.pushCount++;
          for (const w of this.pushWaiters.filter((x) => x.n <= this.pushCount)) {
            this.pushWaiters.splice(this.pushWaiters.indexOf(w), 1);
            w.resolve();
          }
        }
        if (line.startsWith('C ')) this.tradeWaiters.splice(0).forEach((w) => w());
      });
      void this.exited.then(({ code, signal }) => reject(new Error(`counter ${counter.id} ended (${code ?? signal}) before it loaded: ${this.stderr}`)));
    });
    this.loaded.catch(() => undefined);
  }

  heard(held: bigint): void {
    this.firstHeld ??= held;
    if (this.outstanding && held >= this.outstanding.from) this.outstanding = undefined;
  }

  go(): void {
    this.process.stdin!.write('go\n');
  }

  /** Resolves once `n` pushes with events have left in this life. */
  pushes(n: number): Promise<void> {
    return this.pushCount >= n ? Promise.resolve() : new Promise((resolve) => this.pushWaiters.push({ n, resolve }));
  }

  nextTrade(): Promise<void> {
    return new Promise((r) => this.tradeWaiters.push(r));
  }

  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    const how = await this.exited;
    expect(how.signal, `counter ${this.counter.id} ended by itself (${how.code}): ${this.stderr}`).toBe('SIGKILL');
  }

  /** Told to stop trading: it catches up with the hub, closes its Terminal and exits 0. What it held then. */
  async stop(): Promise<{ held: string; entries: string }> {
    this.process.stdin!.write('stop\n');
    const how = await within(this.exited, `counter ${this.counter.id} to catch up and close`);
    expect(how, this.stderr).toEqual({ code: 0, signal: null });
    const [, held, entries] = this.lines.find((l) => l.startsWith('closed '))!.split(' ');
    return { held: held!, entries: entries! };
  }
}

// --- What the hub holds -----------------------------------------------------------------------

type Anchor = { seq: string; hash: string | null } | undefined;

const asEvent = (r: { seq: bigint | string; at: string; actor: string; action: string; entity: string; entity_id: string; detail: string; prev_hash: string | null; hash: string | null }): HubEvent => ({
  seq: String(r.seq), at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
});

/**
 * What the hub holds of a terminal after `after` (its events up to its head): each sequence once,
 * contiguous, chained to `after`, and nothing beyond the head. The new anchor.
 */
async function verifyHeld(db: HubDatabase, terminal: string, after: Anchor, where: string): Promise<Anchor> {
  const head = await db.selectFrom('hub_heads').select(['seq', 'hash']).where('terminal_id', '=', terminal).executeTakeFirst();
  const from = BigInt(after?.seq ?? '0');
  const rows = await db.selectFrom('hub_events').select(['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash'])
    .where('terminal_id', '=', terminal).where('seq', '>', from).orderBy('seq').execute();
  const held = BigInt(head?.seq ?? 0n);
  const seqs = rows.map((r) => BigInt(r.seq));
  const expected = Array.from({ length: Number(held - from) }, (_, k) => from + BigInt(k) + 1n);
  expect(seqs.length === expected.length && seqs.every((s, k) => s === expected[k]), `${where}: ${terminal}'s events after ${from} are ${from + 1n}..${held}, each once (${seqs.length} rows, ${describeSeqs(seqs)})`).toBe(true);
  const count = await db.selectFrom('hub_events').select(sql<string>`count(*)::text`.as('n')).where('terminal_id', '=', terminal).executeTakeFirstOrThrow();
  expect(count.n, `${where}: ${terminal}: as many events as its head`).toBe(String(held));
  const chain = checkChain(after, rows.map(asEvent));
  expect(chain, `${where}: ${terminal}'s chain`).toEqual({ ok: true, last: rows.length > 0 ? { seq: String(held), hash: head!.hash } : after });
  return rows.length > 0 ? { seq: String(held), hash: head!.hash } : after;
}

function describeSeqs(seqs: bigint[]): string {
  if (seqs.length === 0) return 'none';
  const dupes = seqs.filter((s, i) => i > 0 && s === seqs[i - 1]);
  return `${seqs[0]}..${seqs.at(-1)}${dupes.length > 0 ? `, twice: ${dupes.slice(0, 5).join(', ')}` : ''}`;
}

/**
 * Everything at the hub of a counter that caught up: its whole trail once, in order, chained from
 * seq 1, entry for entry the counter's own audit trail; every trade it committed and every void.
 */
async function checkCounterAtHub(db: HubDatabase, c: { id: string; ledger: string; committed: Map<number, string>; voided: Set<string> }): Promise<{ events: number; trades: number }> {
  const where = `${c.id} at the end`;
  await verifyHeld(db, c.id, undefined, where);
  const rows = await db.selectFrom('hub_events').select(['seq', 'hash']).where('terminal_id', '=', c.id).orderBy('seq').execute();
  const ledger = openRaw(c.ledger, { readonly: true });
  try {
    const trail = ledger.prepare('SELECT id, hash FROM audit_log ORDER BY id').raw().all() as [number, string | null][];
    const { n, max } = ledger.prepare('SELECT count(*) AS n, max(id) AS max FROM audit_log').get() as { n: number; max: number };
    const head = await db.selectFrom('hub_heads').select('seq').where('terminal_id', '=', c.id).executeTakeFirstOrThrow();
    // Nothing lost at the counter: its trail is the hub's, to the last entry.
    expect([n, max], `${where}: the counter's audit trail (count, highest id) against the hub's head`).toEqual([Number(head.seq), Number(head.seq)]);
    const differ = trail.findIndex(([id, hash], k) => rows[k] === undefined || Number(rows[k].seq) !== id || rows[k].hash !== hash);
    expect(differ, `${where}: the hub's events are the counter's audit entries (first difference at entry ${differ + 1})`).toBe(-1);

    const hubTrades = new Map((await db.selectFrom('hub_trades').select(['trade_id', 'receipt_no', 'voided']).where('terminal_id', '=', c.id).execute()).map((t) => [t.trade_id, t]));
    const missing = [...c.committed].filter(([receipt, id]) => String(hubTrades.get(id)?.receipt_no) !== String(receipt)).map(([receipt]) => receipt);
    expect(missing, `${where}: receipts the teller was told were committed, not at the hub`).toEqual([]);
    const notVoided = [...c.voided].filter((id) => hubTrades.get(id)?.voided !== true);
    expect(notVoided, `${where}: voids made at the counter, not at the hub`).toEqual([]);
    expect(hubTrades.size, `${where}: the hub's trades are the counter's`).toBe(Number(ledger.prepare('SELECT count(*) FROM trades').pluck().get()));
    return { events: n, trades: hubTrades.size };
  } finally {
    ledger.close();
  }
}

/**
 * 第三十五条(三) across the institution: every counter's ledger gapless within each of its books
 * (the invariant), every hub number of it in a book the register says is that counter's, with the
 * same range, and no number at two counters. Answers how many hub numbers were checked.
 */
async function checkReceiptBooks(db: HubDatabase, counters: readonly { id: string; ledger: string }[]): Promise<number> {
  const register = new Map((await db.selectFrom('hub_receipt_books').select(['code', 'terminal_id', 'first_no', 'last_no']).execute()).map((b) => [b.code, b]));
  const issuedAt = new Map<bigint, string>();
  for (const c of counters) {
    const ledger = openRaw(c.ledger, { readonly: true });
    try {
      ledger.defaultSafeIntegers(true);
      expect(ledgerViolations(ledger).filter((v) => v.includes('receipt')), `${c.id}: receipt numbers in its books`).toEqual([]);
      for (const b of ledger.prepare('SELECT code, terminal_id, first_no, last_no FROM receipt_books').all() as { code: string; terminal_id: string; first_no: bigint; last_no: bigint }[]) {
        const held = register.get(b.code);
        expect(held && [held.terminal_id, String(held.first_no), String(held.last_no)], `${c.id}: book ${b.code} as the register has it`).toEqual([b.terminal_id, String(b.first_no), String(b.last_no)]);
      }
      for (const n of ledger.prepare(`SELECT receipt_no FROM trades WHERE receipt_no > ${HUB_RECEIPT_BASE}`).pluck().all() as bigint[]) {
        const book = [...register.values()].find((b) => n >= b.first_no && n <= b.last_no);
        expect(book?.terminal_id, `${c.id}: receipt ${n} in one of its books`).toBe(c.id);
        expect(issuedAt.get(n), `receipt ${n} issued twice`).toBeUndefined();
        issuedAt.set(n, c.id);
      }
    } finally {
      ledger.close();
    }
  }
  return issuedAt.size;
}

// --- The campaigns ----------------------------------------------------------------------------

beforeAll(async () => {
  bundles = await bundleChildren();
}, 120_000);

afterAll(async () => {
  await killChildren();
  bundles?.remove();
  if (pgliteTemplate) rmSync(pgliteTemplate, { recursive: true, force: true });
});

/** A counter's set-up: its loop pushes every `intervalMs`, its teller trades every `paceMs` or so. */
const counterConfig = (hub: HubProcess, code: string, clockStart: number, pace: { intervalMs: number; paceMs: number }): Omit<CounterConfig, 'dataDir' | 'terminalId'> => ({
  hubUrl: hub.url, enrolmentCode: code, clockBase: CLOCK_BASE, clockStart, ...pace,
});
/**
 * Three counters at a steady pace while the hub restarts: enough to push at every start, not so
 * much that they starve the hub's start on two cores (the embedded database's start is CPU-bound).
 */
const THREE_COUNTERS = { intervalMs: 100, paceMs: 150 };
/** One counter, pushing as soon as it has something. */
const ONE_COUNTER = { intervalMs: 20, paceMs: 25 };

for (const engine of ENGINES) {
  describe.skipIf(engine.missing !== undefined)(`the hub on ${engine.name}`, () => {
    it(`killed ${engine.hubKills} times during pushes from three counters: every event held once, in order and chained; nothing lost at the counters, which traded on`, async () => {
      const started = Date.now();
      const clock = () => new Date(Date.parse(CLOCK_BASE) + (Date.now() - started));
      const counters = ['HK1', 'HK2', 'HK3'].map((id) => new Counter(id));
      const { store, codes } = await engine.store(counters.map((c) => c.id), clock());
      const hub = new HubProcess(store, await freePort(), clock);
      const reader = store.shared ? await store.open() : undefined;
      let passed = false;
      try {
        await hub.start();
        for (const c of counters) c.hubDown = () => !hub.running;
        const lives = counters.map((c) => c.spawn(counterConfig(hub, codes.get(c.id)!, started, THREE_COUNTERS)));
        await within(Promise.all(lives.map((l) => l.loaded)), 'the counters to load');
        lives.forEach((l) => l.go());
        const anchors = new Map<string, Anchor>();
        let startUpKills = 0;
        for (let kill = 1; kill <= engine.hubKills; kill++) {
          if (!hub.running) {
            if (kill % START_UP_KILL_EVERY === 0 && (await hub.killWhileStarting())) startUpKills++;
            await hub.start();
          }
          // Pushes under way: the hub has stored one to three batches since it started, then a random moment more.
          await within(hub.stored(1 + Math.floor(Math.random() * 3)), `kill ${kill}: the counters' pushes to reach the hub`);
          await sleep(random(0, 40));
          await hub.kill();
          for (const l of lives) expect(l.process.exitCode, `counter ${l.counter.id} died: ${l.stderr}`).toBeNull();
          // On PostgreSQL, read at once, the hub dead: each trail contiguous and chained as far as it goes.
          if (reader) for (const c of counters) anchors.set(c.id, await verifyHeld(reader, c.id, anchors.get(c.id), `after kill ${kill}`));
        }
        await hub.start();
        // The teller stops; each counter's loop catches up with its ledger, and it closes.
        const closed = await Promise.all(lives.map((l) => l.stop()));
        for (const [i, c] of counters.entries()) expect(closed[i]!.held, `${c.id} caught up`).toBe(closed[i]!.entries);
        if (!store.shared) await hub.stop();
        const db = reader ?? (await store.open());
        const totals = { events: 0, trades: 0 };
        try {
          for (const c of counters) {
            const t = await checkCounterAtHub(db, c);
            totals.events += t.events;
            totals.trades += t.trades;
          }
          expect(await checkReceiptBooks(db, counters), 'trades numbered in books from the hub').toBeGreaterThan(0);
        } finally {
          if (!reader) await db.destroy();
        }
        for (const c of counters) {
          expect(c.takenBack, `${c.id}: what the hub said it held, after a kill`).toEqual([]);
          expect(c.refused, `${c.id}: the hub's refusals`).toEqual([]);
        }
        expect(hub.errors, 'the hub logged errors').toEqual([]);
        // The counters served customers while the hub was down.
        const whileDown = counters.reduce((n, c) => n + c.whileHubDown, 0);
        expect(whileDown).toBeGreaterThan(0);
        console.log(`hub faults (${engine.name}): the hub killed ${engine.hubKills} times during pushes and ${startUpKills} times while it started (${hub.starts} starts, ${(hub.startsMs.reduce((a, b) => a + b, 0) / hub.startsMs.length / 1000).toFixed(1)} s each to listen) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${totals.events} events and ${totals.trades} trades of three counters held once; ${whileDown} trades committed while the hub was down`);
        if (store.shared) await hub.stop();
        passed = true;
      } finally {
        await reader?.destroy();
        await cleanUp(passed, store, counters.map((c) => c.dir));
      }
    }, 900_000);

    // The hub's engine is not under fault here: once, on the server when there is one.
    it.skipIf(engine.name === 'PGlite' && SERVER_URL !== undefined)(`a counter killed ${KILLS} times during a push: every event held once, in order and chained; nothing lost at the counter`, async () => {
      const started = Date.now();
      const clock = () => new Date(Date.parse(CLOCK_BASE) + (Date.now() - started));
      const counter = new Counter('TK1');
      const { store, codes } = await engine.store([counter.id], clock());
      const hub = new HubProcess(store, await freePort(), clock);
      let passed = false;
      try {
        await hub.start();
        const config = counterConfig(hub, codes.get(counter.id)!, started, ONE_COUNTER);
        let spare = counter.spawn(config);
        const landed = { leaving: 0, stored: 0, outstanding: 0, storedUnheard: 0 };
        let previous: { outstanding: { from: bigint; to: bigint } | undefined } | undefined;
        const classify = (life: Life) => {
          // Where the hub stood when the next life asked: had it stored the push the last one died waiting for?
          if (previous?.outstanding && life.firstHeld !== undefined && life.firstHeld >= previous.outstanding.to) landed.storedUnheard++;
        };
        for (let kill = 1; kill <= KILLS; kill++) {
          const life = spare;
          await within(life.loaded, 'a counter to load');
          // The life's first push carries what the last one died sending, and what came since; a
          // later one the trades of this life. Killed as its 1st to 4th push leaves (and up to
          // 30 ms more), or as the hub has stored it.
          const trigger = Math.random() < 0.5 ? 'leaving' : 'stored';
          const nth = 1 + Math.floor(Math.random() * 4);
          const moment = trigger === 'leaving' ? life.pushes(nth).then(() => sleep(random(0, 30))) : hub.stored(nth, counter.id);
          life.go();
          spare = counter.spawn(config);
          await within(moment, `kill ${kill}: a push of the counter`);
          await life.kill();
          landed[trigger]++;
          if (life.outstanding) landed.outstanding++;
          if (previous) classify(life);
          previous = { outstanding: life.outstanding };
        }
        // The last life trades a little, then the teller stops and it catches up.
        const last = spare;
        await within(last.loaded, 'the last counter to load');
        const traded = last.nextTrade();
        last.go();
        await within(traded, 'the last counter to trade');
        classify(last);
        const closed = await last.stop();
        expect(closed.held, 'the counter caught up').toBe(closed.entries);
        if (!store.shared) await hub.stop();
        const db = await store.open();
        let totals: { events: number; trades: number };
        try {
          totals = await checkCounterAtHub(db, counter);
          await checkReceiptBooks(db, [counter]);
        } finally {
          await db.destroy();
        }
        expect(counter.takenBack, 'what the hub said it held, after a counter was killed').toEqual([]);
        expect(counter.refused, 'the hub\'s refusals').toEqual([]);
        expect(hub.errors, 'the hub logged errors').toEqual([]);
        // The kills landed during pushes: most with the push on its way or its answer not yet taken
        // in, and among those some the hub had stored all the same (sent again by the next life).
        expect(landed.outstanding).toBeGreaterThan(KILLS / 2);
        expect(landed.storedUnheard).toBeGreaterThan(0);
        console.log(`hub faults (${engine.name}): a counter killed ${KILLS} times during a push (${landed.leaving} as it left, ${landed.stored} once the hub had stored it; ${landed.outstanding} with the answer not yet taken in, ${landed.storedUnheard} of them stored by the hub all the same) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${totals.events} events and ${totals.trades} trades held once`);
        if (store.shared) await hub.stop();
        passed = true;
      } finally {
        await cleanUp(passed, store, [counter.dir]);
      }
    }, 900_000);

    it('the link cut for 72 hours of trading, three days closed at the counter and a month turned, then restored: everything arrives once and in order', async () => {
      const START = '2026-03-30T01:00:00.000Z'; // 09:00 in China, Monday 30 March
      const terminalId = 'OFF1';
      const { store, codes } = await engine.store([terminalId], new Date(START));
      let h: Harness | undefined;
      let hub: HubProcess | undefined;
      let passed = false;
      try {
        const port = await freePort();
        h = openHarness({ start: START, outlet: { terminalId }, hub: { url: `http://127.0.0.1:${port}`, enrolmentCode: codes.get(terminalId)!, autoStart: false, batch: OFFLINE_BATCH } });
        const harness = h;
        const t = harness.terminal;
        hub = new HubProcess(store, port, harness.clock.now);
        await hub.start();
        // The morning's rates (a rate is good for 24 hours).
        const setRates = async () => {
          for (const [currency, buy, sell] of [['USD', '710.00', '720.00'], ['EUR', '770.00', '790.00'], ['JPY', '4.7000', '4.9000']] as const) ok(await t.call('rates.set', { currency, buyPer100: buy, sellPer100: sell, setBy: 'sup1' }));
        };
        await setRates();
        for (const month of ['2026-03', '2026-04']) ok(await t.call('conversionRates.import', { month, csv: 'currency,usd_per_unit\nEUR,1.25\nJPY,0.0068\n', importedBy: 'sup1' }));
        for (const [currency, amount] of [['CNY', '5000000'], ['USD', '500000'], ['EUR', '500000'], ['JPY', '90000000']] as const) ok(await t.call('cash.fund', { currency, amount, note: '开业备付金 opening reserves', actor: 'mgr1' }));
        const entries = () => String(harness.raw.ledger.prepare('SELECT max(id) FROM audit_log').pluck().get());
        // Enrolled, and caught up (a round's pull may write an entry the next round pushes).
        let before = await harness.raw.hub!.runOnce();
        for (let i = 0; i < 5 && before.held !== entries(); i++) before = await harness.raw.hub!.runOnce();
        expect(before).toMatchObject({ enrolled: true, held: entries(), problem: undefined });

        // The link is cut: nothing answers at the hub's address.
        await hub.stop();
        const committed = new Map<number, string>();
        const voided = new Set<string>();
        const quotes: string[] = [];
        let n = 0;
        // Below 500 USD each: back-filled to SAFE later (RecordingMonitoring keeps no records to reconcile real-time ones with).
        const notes = { USD: 1, EUR: 5, JPY: 1000 } as const;
        const tradeNow = async () => {
          const k = n++;
          const currency = (['USD', 'EUR', 'JPY'] as const)[k % 3]!;
          const request = { customer: customer(k), direction: k % 2 === 0 ? ('settlement' as const) : ('purchase' as const), currency, amount: String((1 + (k % 60)) * notes[currency]), side: 'foreign' as const, tellerId: 'teller1' };
          const quote = ok(await t.call('trades.quote', request));
          quotes.push(quote.institution.hub);
          const done = ok(await t.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: quote.prompts.map((p) => p.code), supervisorId: 'sup1' }));
          committed.set(done.receiptNo, done.id);
          if (k % 11 === 10) {
            ok(await t.call('trades.void', { tradeId: done.id, reason: '客户取消', tellerId: 'teller1', supervisorId: 'sup1' }));
            voided.add(done.id);
          }
        };
        // Three days, 09:00 to 18:00 in China, a customer every ten minutes; the loop tries the hub every hour.
        for (const day of ['2026-03-30', '2026-03-31', '2026-04-01']) {
          harness.clock.set(`${day}T01:00:00.000Z`);
          await setRates();
          for (let minute = 0; minute < 9 * 60; minute += 10) {
            harness.clock.advance(10 * 60_000);
            await tradeNow();
            if (minute % 60 === 0) {
              const round = await harness.raw.hub!.runOnce();
              expect(round, `${day} +${minute} min: the counter knows the hub is away, and holds on to its trail`).toMatchObject({ held: before.held, problem: { code: 'HUB_UNREACHABLE' } });
            }
          }
          const prep = ok(await t.call('dayClose.prepare', { date: day }));
          ok(await t.call('dayClose.close', { date: day, counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })), actor: 'teller1' }));
        }
        // The fourth morning, 72 hours after the cut.
        harness.clock.set('2026-04-02T01:00:00.000Z');
        await setRates();
        for (let i = 0; i < 3; i++) {
          harness.clock.advance(5 * 60_000);
          await tradeNow();
        }
        expect(new Set(quotes), 'every quote said the hub was away, and was made').toEqual(new Set(['offline']));
        // Numbered offline in the books its first pull brought (a book ahead: it never stops), without a gap.
        const numbers = [...committed.keys()];
        expect(numbers[0], 'in a book from the hub').toBe(HUB_RECEIPT_BASE + 1);
        expect(numbers, 'every one committed, one after another').toEqual(numbers.map((_, k) => numbers[0]! + k));

        // The link is back (the hub's time is the counter's: --clock).
        await hub.start();
        let rounds = 0;
        let state = await harness.raw.hub!.runOnce();
        while (state.problem === undefined && state.held !== entries() && rounds < 100) {
          rounds++;
          state = await harness.raw.hub!.runOnce();
        }
        expect(state, 'caught up').toMatchObject({ held: entries(), problem: undefined });
        expect(Number(entries()) - Number(before.held), `the 72 hours took more than a round (20 batches of ${OFFLINE_BATCH})`).toBeGreaterThan(20 * OFFLINE_BATCH);
        // A quote now asks the hub again.
        harness.clock.advance(5 * 60_000);
        await tradeNow();
        expect(quotes.at(-1)).toBe('online');
        expect((await harness.raw.hub!.runOnce()).held).toBe(entries());
        await hub.stop();

        const db = await store.open();
        try {
          await checkCounterAtHub(db, { id: terminalId, ledger: harness.path, committed, voided });
          await checkReceiptBooks(db, [{ id: terminalId, ledger: harness.path }]);
          // The trail spans March and April: each event in its own month's partition.
          const months = await sql<{ month: string; n: string }>`SELECT to_char(month, 'YYYY-MM') AS month, count(*)::text AS n FROM hub_events WHERE terminal_id = ${terminalId} GROUP BY 1 ORDER BY 1`.execute(db);
          const ledger = openRaw(harness.path, { readonly: true });
          try {
            const own = ledger.prepare('SELECT substr(at, 1, 7) AS month, count(*) AS n FROM audit_log GROUP BY 1 ORDER BY 1').all() as { month: string; n: number }[];
            expect(months.rows.map((r) => [r.month, Number(r.n)])).toEqual(own.map((r) => [r.month, r.n]));
          } finally {
            ledger.close();
          }
          expect(months.rows.map((r) => r.month)).toEqual(expect.arrayContaining(['2026-03', '2026-04']));
        } finally {
          await db.destroy();
        }
        expect(hub.errors, 'the hub logged errors').toEqual([]);
        passed = true;
      } finally {
        h?.close();
        await cleanUp(passed, store, []);
      }
    }, 300_000);
  });
}

describe('a counter whose enrolment answer is lost on the link', () => {
  it('is enrolled at its next round all the same: the hub took its key with the code, and the code is not asked for twice', async () => {
    const engine = HUB_ENGINES[0]!;
    const clock = { now: () => new Date(CLOCK_BASE) };
    const hubDb = await engine.open(() => clock.now());
    const server = await startHubServer({ db: hubDb.db, now: () => clock.now(), host: '127.0.0.1', port: 0, log: () => {} });
    // The link: passes everything, or (while `cut`) lets a request reach the hub and loses its answer.
    let cut = false;
    const upstream = new URL(server.url);
    const link = createServer((client) => {
      const hub = connect(Number(upstream.port), upstream.hostname);
      client.pipe(hub);
      hub.on('data', (d: Buffer) => {
        if (cut) {
          client.destroy();
          hub.destroy();
        } else client.write(d);
      });
      hub.on('end', () => client.end());
      client.on('error', () => hub.destroy());
      hub.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => link.listen(0, '127.0.0.1', r));
    const terminalId = 'EN1';
    await registerOutlet(hubDb.db, OUTLET_CODE, () => clock.now());
    const { code } = await createEnrolmentCode(hubDb.db, { terminalId, outletCode: OUTLET_CODE }, 'hq1', () => clock.now());
    const h = openHarness({ start: CLOCK_BASE, outlet: { terminalId }, hub: { url: `http://127.0.0.1:${(link.address() as AddressInfo).port}`, enrolmentCode: code, autoStart: false } });
    clock.now = h.clock.now;
    try {
      cut = true;
      const first = await h.raw.hub!.runOnce();
      expect(first, 'the answer was lost: the counter could not know').toMatchObject({ enrolled: false, problem: { code: 'HUB_UNREACHABLE' } });
      const taken = await hubDb.db.selectFrom('hub_terminals').select(['public_key']).where('id', '=', terminalId).executeTakeFirst();
      expect(taken?.public_key, 'the hub took the counter\'s key with the code').toEqual(expect.any(String));
      // The link is back. The counter still has its key (hub-key.pem) and the code in terminal.json.
      cut = false;
      h.clock.advance(60_000);
      const entries = () => String(h.raw.ledger.prepare('SELECT max(id) FROM audit_log').pluck().get());
      let next = await h.raw.hub!.runOnce();
      for (let i = 0; i < 3 && next.problem === undefined && next.held !== entries(); i++) next = await h.raw.hub!.runOnce();
      // PRODUCT BUG (electron/hubClient/push.ts enrolOnce, hub/trust.ts enrol): enrolment is not
      // idempotent. The hub marked the code used and stored the key; the counter, never told,
      // sends the same code again and is refused HUB_ENROLMENT_CODE_INVALID at every round from
      // then on: its events never reach the hub until HQ makes a new code and someone edits
      // terminal.json. The same happens when the counter is killed between the hub's answer and
      // writing hub.json. Expected: enrolled, and its trail pushed.
      expect(next, 'enrolled and caught up once the link is back').toMatchObject({ enrolled: true, held: entries(), problem: undefined });
    } finally {
      h.close();
      await new Promise((r) => link.close(r));
      await server.close();
      await hubDb.close();
    }
  }, 120_000);
});

/** The day's customers: resident ID cards with their check character, none near the daily limit. */
function customer(n: number) {
  const first17 = `1101051970${String(1 + (n % 12)).padStart(2, '0')}${String(10 + (n % 18))}${String(100 + (n % 900)).padStart(3, '0')}`;
  return { idType: '01', idNumber: first17 + mod11_2CheckCharacter(first17), name: `客户${n}` };
}
