// A busy day at an airport hall (issue 17 "Tests"): four counter processes of one outlet and the hub
// as a process (hub/main.ts, as `npm run hub` runs it; on PostgreSQL when HUB_TEST_DATABASE_URL
// names a server, else on its embedded database), each counter reaching the hub through its own
// link. The counters trade with customers from one shared pool (so the daily limit is tested across
// counters), void, reprint, change the board's rates and send notes to one another, counting in
// what the others sent (test/hub-faults/counter.ts, busy mode); meanwhile the hub is killed
// (SIGKILL) and started again, single counters are killed and started again, and links are cut and
// restored, at random. Afterwards, what the institution would check:
//   - every receipt number unique in the institution, gapless within its book, every book in the
//     hub's register and the counter's number in a book registered to it;
//   - no customer over the daily limit across counters on a day every one of whose trades was
//     quoted with the hub's answer (offline, the counter decides alone, and may not know);
//   - no original receipt spent twice: visitors change RMB back at any counter against receipts
//     issued at any other (two counters may try one receipt at once), and what stands against a
//     receipt is never more than was received on it (第三十一条);
//   - every note movement received or in transit, at both ends and at the hub alike, and the
//     institution's interoffice balancing;
//   - every ledger sound (test/helpers/invariants.ts);
//   - each counter's day closing without an over or short, and the outlet's close over the four.
// Timed by the work: the chaos runs for CHAOS_ROUNDS steps, each after a few trades.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal } from '../electron/terminal/terminal';
import { openPGliteHub, openPostgresHub, type HubDatabase } from '../hub/db/open';
import { createEnrolmentCode } from '../hub/trust';
import { HUB_RECEIPT_BASE } from '../shared/receipts';
import { bundleChildren, type Bundles } from './hub-faults/bundle';
import type { CounterConfig } from './hub-faults/counter';
import { hubLink, registerOutlet } from './helpers/hub';
import { ledgerViolations } from './helpers/invariants';
import { freePort, onLines, within as withinMs } from './helpers/processes';
import { staffed, TEST_SCRYPT_N } from './helpers/people';
import { RecordingMonitoring } from './helpers/recordingMonitoring';
import { TEST_KEY, tempDir } from './helpers/terminal';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLOCK_BASE = '2026-03-10T02:00:00.000Z';
const DAY = '2026-03-10';
const COUNTERS = ['T1', 'T2', 'T3', 'T4'] as const;
const CHAOS_ROUNDS = Number(process.env.BUSY_DAY_ROUNDS ?? 12);
const SERVER_URL = process.env.HUB_TEST_DATABASE_URL;
const HANG_MS = 120_000;
/** The outlet the counter children are set up for (test/hub-faults/counter.ts OUTLET: importing it would run the child). */
const OUTLET = { institutionCode: 'INST001', institutionName: '环球通兑换有限公司', outletCode: 'PEK-T3-01', outletName: '首都机场T3网点', borderPort: false } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

const within = <T>(p: Promise<T>, what: string, ms = HANG_MS): Promise<T> => withinMs(p, what, ms);

const children = new Set<ChildProcess>();
function killAll(): Promise<unknown> {
  return Promise.all([...children].map((c) => {
    const gone = c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    return gone;
  }));
}

describe('a busy day: four counter processes of one outlet and the hub, killed and cut at random', () => {
  let bundles: Bundles;
  let hubArgs: string[];
  let openHub: () => Promise<HubDatabase>;
  let removeStore: () => Promise<void>;
  const dirs: string[] = [];
  const started = Date.now();
  const clock = () => new Date(Date.parse(CLOCK_BASE) + (Date.now() - started));

  beforeAll(async () => {
    bundles = await bundleChildren();
    if (SERVER_URL) {
      const name = `busy_day_${process.pid}`;
      const admin = async (q: string) => {
        const c = new pg.Client({ connectionString: SERVER_URL });
        await c.connect();
        await c.query(q).finally(() => c.end());
      };
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(SERVER_URL);
      url.pathname = `/${name}`;
      hubArgs = ['--database', url.toString()];
      openHub = () => openPostgresHub({ url: url.toString(), now: clock });
      removeStore = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else {
      const dir = tempDir('busy-day-hub-');
      hubArgs = ['--data', dir];
      openHub = () => openPGliteHub({ dataDir: dir, now: clock });
      removeStore = async () => rmSync(dir, { recursive: true, force: true });
    }
  }, HANG_MS);
  afterAll(async () => {
    await killAll();
    await removeStore?.();
    bundles?.remove();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('receipts unique and gapless in their books, no customer over the limit online, no original receipt spent twice, every note received or in transit, every ledger sound, the outlet\'s close balancing', async () => {
    // The outlet, its four counters and their one-time codes, made while no hub runs (the embedded database is one process's).
    const codes = new Map<string, string>();
    {
      const db = await openHub();
      await registerOutlet(db, OUTLET.outletCode, clock);
      for (const id of COUNTERS) codes.set(id, (await createEnrolmentCode(db, { terminalId: id, outletCode: OUTLET.outletCode, name: `${id.slice(1)}号柜台` }, 'hq1', clock)).code);
      await db.destroy();
    }
    const hubPort = await freePort();
    let hub: ChildProcess | undefined;
    const startHub = async () => {
      const proc = spawn(process.execPath, [bundles.hub, ...hubArgs, '--port', String(hubPort)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      children.add(proc);
      proc.once('exit', () => children.delete(proc));
      let output = '';
      proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const listening = new Promise<void>((resolve, reject) => {
        onLines(proc.stdout, (line) => {
          if (line === 'loaded') proc.stdin.write(`go ${clock().toISOString()}\n`);
          if (line.startsWith('hub: listening on ')) resolve();
        });
        proc.once('exit', (code, signal) => reject(new Error(`the hub ended (${code ?? signal}) before it listened: ${output.slice(-2_000)}`)));
      });
      await within(listening, 'the hub to listen');
      hub = proc;
    };
    const killHub = async () => {
      const h = hub!;
      hub = undefined;
      const gone = new Promise((r) => h.once('exit', r));
      h.kill('SIGKILL');
      await gone;
    };
    await startHub();

    interface Counter { id: string; dir: string; link: Awaited<ReturnType<typeof hubLink>>; proc?: ChildProcess; lines: string[]; lives: number; closed?: Promise<string> }
    const counters: Counter[] = [];
    // The visitors' receipts, as the counters issue them: any counter changes RMB back against them.
    const shared = tempDir('busy-day-visitors-');
    dirs.push(shared);
    const visitorReceipts = join(shared, 'receipts.txt');
    for (const id of COUNTERS) {
      const dir = tempDir(`busy-day-${id}-`);
      dirs.push(dir);
      counters.push({ id, dir, link: await hubLink(`http://127.0.0.1:${hubPort}`), lines: [], lives: 0 });
    }
    const startCounter = async (c: Counter) => {
      const config: CounterConfig = {
        dataDir: c.dir, terminalId: c.id, hubUrl: c.link.url, enrolmentCode: codes.get(c.id)!, clockBase: CLOCK_BASE, clockStart: started,
        intervalMs: 150, paceMs: 100, busy: { peers: COUNTERS.filter((x) => x !== c.id), customers: 300, visitorReceipts },
      };
      const proc = spawn(process.execPath, [bundles.counter, JSON.stringify(config)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      children.add(proc);
      c.proc = proc;
      c.lives++;
      let err = '';
      proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
      let closed = (_: string) => undefined as void;
      c.closed = new Promise((r) => (closed = r));
      const open = new Promise<void>((resolve, reject) => {
        onLines(proc.stdout, (line) => {
          if (line === 'loaded') proc.stdin.write('go\n');
          else if (line === 'open') resolve();
          else if (line.startsWith('closed ')) closed(line);
          else c.lines.push(line);
        });
        proc.once('exit', (code, signal) => {
          children.delete(proc);
          if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`counter ${c.id} ended (${code ?? signal}): ${err.slice(-3_000)}`));
        });
      });
      proc.once('exit', (code, signal) => {
        if (code !== 0 && signal !== 'SIGKILL') failures.push(`counter ${c.id} ended (${code ?? signal}): ${err.slice(-3_000)}`);
      });
      await within(open, `counter ${c.id} to open`);
    };
    const failures: string[] = [];
    const killCounter = async (c: Counter) => {
      const p = c.proc!;
      const gone = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await gone;
    };
    for (const c of counters) await startCounter(c);

    // The day: a few trades between each step of chaos.
    const trades = () => counters.reduce((n, c) => n + c.lines.filter((l) => l.startsWith('C ')).length, 0);
    const chaos = { hubKills: 0, counterKills: 0, cuts: 0 };
    for (let round = 0; round < CHAOS_ROUNDS; round++) {
      const target = trades() + 8;
      await within((async () => { while (trades() < target && failures.length === 0) await sleep(50); })(), 'the counters to trade').catch((e: Error) => {
        throw new Error(`${e.message} (${trades()} trades so far; last lines: ${counters.map((c) => `${c.id}: ${c.lines.slice(-3).join(' | ')}`).join('; ')})`);
      });
      expect(failures).toEqual([]);
      const what = round % 3;
      if (what === 0) {
        await killHub();
        chaos.hubKills++;
        await sleep(300 + Math.random() * 1_500);
        await startHub();
      } else if (what === 1) {
        const c = pick(counters);
        await killCounter(c);
        chaos.counterKills++;
        await startCounter(c);
      } else {
        const c = pick(counters);
        c.link.cut(true);
        chaos.cuts++;
        await sleep(500 + Math.random() * 2_000);
        c.link.cut(false);
      }
    }
    // The day ends: the links back, trading stops, each counter's loop catches up.
    for (const c of counters) {
      c.link.cut(false);
      c.proc!.stdin!.write('stop\n');
    }
    await within(Promise.all(counters.map((c) => c.closed!)), 'the counters to catch up and close');
    expect(failures).toEqual([]);
    expect(chaos.hubKills + chaos.counterKills + chaos.cuts).toBe(CHAOS_ROUNDS);

    // One more round each, now that every count has reached the hub: the senders clear what was counted.
    const opened = counters.map((c) => staffed(createTerminal({
      databasePath: join(c.dir, 'ledger.sqlite'), databaseKey: TEST_KEY, outlet: { ...OUTLET, terminalId: c.id }, clock,
      monitoring: new RecordingMonitoring(), hub: { url: c.link.url, enrolmentCode: codes.get(c.id)!, autoStart: false }, sync: { autoStart: false },
      log: () => {}, idleSignOutMs: 86_400_000, scryptN: TEST_SCRYPT_N,
    })));
    try {
      for (let i = 0; i < 2; i++) for (const t of opened) await t.hub!.runOnce();
      const ledgers = opened.map((t) => t.ledger);

      // Every ledger sound: double entry, notes, receipts gapless in each book, transit and interoffice against the rows.
      ledgers.forEach((l, i) => expect(ledgerViolations(l), COUNTERS[i]).toEqual([]));

      // Every receipt number unique in the institution, each in a book the hub registered to its counter.
      const hubDb = await openHubWhileRunning();
      try {
        const books = await hubDb.selectFrom('hub_receipt_books').select(['code', 'terminal_id', 'first_no', 'last_no']).execute();
        const numbers: bigint[] = [];
        ledgers.forEach((l, i) => {
          for (const n of l.prepare('SELECT receipt_no FROM trades').pluck().all() as bigint[]) {
            numbers.push(n);
            if (n > BigInt(HUB_RECEIPT_BASE)) expect(books.some((b) => b.terminal_id === COUNTERS[i] && n >= BigInt(b.first_no) && n <= BigInt(b.last_no)), `receipt ${n} of ${COUNTERS[i]} in its registered book`).toBe(true);
          }
          for (const b of l.prepare('SELECT code FROM receipt_books').pluck().all() as string[]) expect(books.map((x) => x.code), `book ${b} in the register`).toContain(b);
        });
        expect(new Set(numbers).size).toBe(numbers.length);
        expect(numbers.length).toBeGreaterThan(CHAOS_ROUNDS * 8 * 0.9);

        // No customer over the limit across counters on a day all of whose trades were quoted online.
        const online = new Set(counters.flatMap((c) => c.lines.filter((l) => l.startsWith('Q ') && l.endsWith(' online')).map((l) => l.split(' ')[1]!)));
        const days = new Map<string, { usd: number[]; allOnline: boolean; total: string[] }>();
        for (const l of ledgers) {
          for (const t of l.prepare("SELECT t.id, t.person_key, t.business_date, t.usd_equivalent FROM trades t LEFT JOIN voids v ON v.trade_id = t.id WHERE v.id IS NULL").all() as { id: string; person_key: string; business_date: string; usd_equivalent: string }[]) {
            const key = `${t.person_key}|${t.business_date}`;
            const d = days.get(key) ?? { usd: [], allOnline: true, total: [] };
            d.total.push(t.usd_equivalent);
            d.allOnline &&= online.has(t.id);
            days.set(key, d);
          }
        }
        const { Decimal } = await import('../shared/money/money');
        let checked = 0;
        for (const [key, d] of days) {
          if (!d.allOnline) continue;
          checked++;
          const sum = d.total.reduce((s, x) => s.plus(x), new Decimal(0));
          expect(sum.lte(5000), `${key}: USD ${sum.toFixed()} across counters`).toBe(true);
        }
        expect(checked, 'person-days quoted online throughout').toBeGreaterThan(0);

        // No original receipt spent twice (第三十一条): across the counters, what the reconversions that
        // stand changed back against a receipt is never more than the RMB the visitor received on it.
        const backs = counters.reduce((n, c) => n + c.lines.filter((l) => l.startsWith('B ')).length, 0);
        expect(backs, 'visitors changed RMB back').toBeGreaterThan(0);
        const received = new Map<bigint, bigint>();
        const changedBack = new Map<bigint, bigint>();
        for (const l of ledgers) {
          // A settlement voided afterwards still bounds what was changed back against it before.
          for (const t of l.prepare("SELECT t.receipt_no, t.kind, t.original_receipt_no, t.rmb_minor, t.fee_minor, v.id AS void_id FROM trades t LEFT JOIN voids v ON v.trade_id = t.id WHERE t.kind IN ('settlement', 'reconversion')").all() as { receipt_no: bigint; kind: string; original_receipt_no: bigint | null; rmb_minor: bigint; fee_minor: bigint; void_id: string | null }[]) {
            if (t.kind === 'settlement') received.set(t.receipt_no, t.rmb_minor - t.fee_minor);
            else if (t.void_id === null) changedBack.set(t.original_receipt_no!, (changedBack.get(t.original_receipt_no!) ?? 0n) + t.rmb_minor + t.fee_minor);
          }
        }
        expect(changedBack.size).toBeGreaterThan(0);
        for (const [receiptNo, back] of changedBack) {
          expect(back <= (received.get(receiptNo) ?? 0n), `receipt ${receiptNo}: ${back} fen changed back of ${received.get(receiptNo)} received`).toBe(true);
        }

        // Every note movement received or in transit, the same at both ends and at the hub; the interoffice balancing.
        const sent = counters.flatMap((c) => c.lines.filter((l) => l.startsWith('S ')).map((l) => l.split(' ')[1]!));
        expect(sent.length, 'notes were sent').toBeGreaterThan(0);
        const atHub = new Map((await hubDb.selectFrom('hub_cash_transfers').select(['id', 'to_terminal', 'from_terminal', 'received_at', 'amount_minor']).execute()).map((t) => [t.id, t]));
        const rowsOf = (i: number) => new Map((ledgers[i]!.prepare('SELECT id, received_at, cleared_at, amount_minor FROM cash_transfers').all() as { id: string; received_at: string | null; cleared_at: string | null; amount_minor: bigint }[]).map((r) => [r.id, r]));
        const rows = COUNTERS.map((_, i) => rowsOf(i));
        let inTransit = 0n;
        for (const id of sent) {
          const h = atHub.get(id);
          expect(h, `transfer ${id} at the hub`).toBeDefined();
          const from = rows[COUNTERS.indexOf(h!.from_terminal as never)]!.get(id);
          const to = rows[COUNTERS.indexOf(h!.to_terminal as never)]!.get(id);
          expect(from, `transfer ${id} at its sender`).toBeDefined();
          if (h!.received_at !== null) {
            expect(to?.received_at, `transfer ${id} counted at its receiver`).not.toBeNull();
            expect(from!.cleared_at, `transfer ${id} cleared at its sender once the hub told it`).not.toBeNull();
          } else {
            expect(to?.received_at ?? null, `transfer ${id} in transit at the hub, not counted at its receiver`).toBeNull();
            inTransit += BigInt(h!.amount_minor);
          }
        }
        const sum = (kind: string) => ledgers.reduce((s, l) => s + ((l.prepare('SELECT coalesce(sum(balance_minor), 0) FROM account_balances WHERE kind = ?').pluck().get(kind) as bigint)), 0n);
        expect(sum('interoffice'), 'what counters owe one another sums to zero').toBe(0n);
        expect(sum('in_transit'), 'notes in transit, the hub\'s figure').toBe(inTransit);

        // Each counter closes its day without an over or short; the outlet's close over the four.
        for (const t of opened) {
          const prep = await t.call('dayClose.prepare', { date: DAY });
          if (!prep.ok) throw new Error(prep.error.message.en);
          const closed = await t.call('dayClose.close', {
            date: DAY, counts: prep.value.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })),
            resolutions: prep.value.reconciliation.items.map((x) => ({ key: x.key, resolution: 'checked' })), actor: 'sup1',
          });
          if (!closed.ok) throw new Error(closed.error.message.en);
          expect(closed.value.differences.filter((d) => d.difference !== '0' || d.mixDiffers), 'no over or short, no note mix differing').toEqual([]);
          expect(closed.value.differences.length).toBeGreaterThan(0);
          await t.hub!.runOnce();
        }
        const outlet = await opened[0]!.call('dayClose.outletClose', { date: DAY, actor: 'sup1' });
        if (!outlet.ok) throw new Error(outlet.error.message.en);
        expect(outlet.value.counters.every((c) => c.closedAt !== null)).toBe(true);
        expect((await hubDb.selectFrom('hub_outlet_days').select('business_date').execute()).length).toBe(1);
        console.log(`busy day: ${numbers.length} receipts, ${backs} reconversions, ${sent.length} transfers, ${checked} person-days checked online; hub killed ${chaos.hubKills}×, counters ${chaos.counterKills}×, links cut ${chaos.cuts}×`);
      } finally {
        await hubDb.destroy();
      }
    } finally {
      for (const t of opened) t.close();
      for (const c of counters) await c.link.close();
    }

    /** The hub's database, read beside the running hub (PostgreSQL), or with the hub stopped (the embedded one). */
    async function openHubWhileRunning(): Promise<HubDatabase> {
      if (!SERVER_URL) {
        // The embedded database is one process's: the hub answers the counters' last rounds first.
        await killHub();
        const db = await openHub();
        // …and the outlet's close needs a hub: one in this process, on the same database.
        const { startHubServer } = await import('../hub/server');
        const server = await startHubServer({ db, now: clock, host: '127.0.0.1', port: hubPort, log: () => {} });
        const destroy = db.destroy.bind(db);
        return Object.assign(db, { destroy: async () => { await server.close(); await destroy(); } });
      }
      return openHub();
    }
  }, 600_000);
});
