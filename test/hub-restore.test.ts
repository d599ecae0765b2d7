// A PC replaced (issue 17 item 6; README "A PC replaced"), on both engines, over real HTTP: the
// counter's PC dies; HQ revokes it and gives a code for the new PC, which enrols and rebuilds the
// counter from the events the hub holds (electron/ledger/hubRestore.ts). Afterwards the ledger is
// the dead PC's as the hub last heard of it, table by table; the counter's trail goes on where the
// hub's ends (its next push is taken, not refused as a fork); it numbers in a new book, never a
// number the dead PC printed (not even the one it printed and never pushed); and what the dead PC
// owed SAFE is delivered once: a back-fill it sent without the hub hearing is sent again under the
// same serial and recorded once, one it never sent is recorded.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrintedReceiptNo } from '../shared/receipts';
import { historyAnswer, type HistoryAnswer } from '../shared/sync/protocol';
import { Refusal } from '../shared/errors';
import { createHubLink } from '../electron/hubClient/link';
import { restoreFromHub } from '../electron/ledger/hubRestore';
import { loadMigrations } from '../electron/ledger/migrate';
import { NOT_KNOWN_PRINTED_AFTER_BACKUP } from '../electron/ledger/printJobs';
import { KEY_ENV, keyHex } from '../electron/ledger/key';
import { listBooks } from '../hub/receiptBooks';
import { startHubServer } from '../hub/server';
import { HUB_ENGINES, hubPost, registerOutlet, startTestHub } from './helpers/hub';
import { ledgerViolations } from './helpers/invariants';
import { tableDigests } from './helpers/ledgerSnapshot';
import { OUTLET, TEST_KEY, ok, openHarness, openRaw, RecordingMonitoring, refusedWithoutWrites, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';
import type { Entry } from '../electron/monitoring/protocol';
import { MonitoringError, type CancelRequest, type MonitoringAdapter } from '../electron/monitoring/adapter';

const START = '2026-03-10T02:00:00Z';
let clockOf: Harness;
let hub: Awaited<ReturnType<typeof startTestHub>>;
let server: Awaited<ReturnType<typeof startHubServer>>;
const now = () => clockOf.clock.now();
const api = (path: string, body: unknown, token?: string) => hubPost(server.url, path, body, token);
let hq = '';
const cleanup: (() => unknown)[] = [];

/** The tables the events rebuild, compared whole (people without their password's hash, which never leaves a PC). */
const REBUILT = [
  'trades', 'voids', 'attempts', 'customers', 'postings', 'accounts', 'account_balances', 'note_bundles', 'note_stock', 'reserve_movements',
  'reserve_accounts', 'reserve_banks', 'basic_account', 'day_closes', 'day_balances', 'day_costs', 'handovers', 'rates', 'usd_conversion_rates',
  'policy_versions', 'calendar_years', 'outbox', 'outbox_resolutions', 'audit_log',
];
/** Each table's rows, as a sorted list (the order rows sit in a table is not part of the books). */
function digestsOf(db: import('better-sqlite3').Database): Record<string, string> {
  const text = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
  const rowsOf = (sql: string) => text((db.prepare(sql).raw().all() as unknown[]).map(text).sort());
  return {
    ...Object.fromEntries(REBUILT.map((t) => [t, rowsOf(`SELECT * FROM "${t}"`)])),
    people: rowsOf('SELECT id, name, role, password_set_at, created_at, created_by, disabled_at, disabled_by, failed_attempts, locked_at FROM people'),
  };
}

/** SAFE, shared by the dead PC and the new one: reachable or not, recording each serial once. */
class Safe extends RecordingMonitoring {
  down = false;
  /** Back-fills (by serial) and cancels (by reference number) SAFE does not take yet: the link drops them. */
  refuse = new Set<string>();
  override async backfill(entry: Entry): Promise<{ refNo: string }> {
    if (this.down || this.refuse.has(entry.serial)) throw new MonitoringError('transient', 'connection refused');
    this.sent.push(entry.serial);
    return super.backfill(entry);
  }
  override async cancel(request: CancelRequest): Promise<void> {
    if (this.down || this.refuse.has(request.refNo)) throw new MonitoringError('transient', 'connection refused');
    return super.cancel(request);
  }
  /** Every back-fill that reached SAFE, a serial once per sending. */
  sent: string[] = [];
}

let customers = 0;
async function sell(h: Harness, amount = '10'): Promise<{ id: string; receiptText: string }> {
  const customer = { idType: '04', idNumber: `P${3_000_000 + ++customers}`, country: 'USA', name: 'BOB SMITH' };
  const t = ok(await trade(h.terminal, { customer, direction: 'settlement', currency: 'USD', amount }));
  return { id: t.id, receiptText: t.receiptText };
}

async function codeFor(terminalId: string): Promise<string> {
  const made = await api('/v1/terminals/enrol-code', { terminalId, outletCode: OUTLET.outletCode, name: `${terminalId}号柜台` }, hq);
  expect(made.ok, JSON.stringify(made.error)).toBe(true);
  return made.value.code as string;
}

function counterAt(dir: string, terminalId: string, safe: MonitoringAdapter, code?: string): Harness {
  const h = openHarness({ start: now().toISOString(), dir, monitoring: safe, outlet: { terminalId }, hub: { url: server.url, ...(code ? { enrolmentCode: code } : {}), autoStart: false } });
  cleanup.push(() => h.close());
  return h;
}

/** A temporary folder, removed after the tests. */
function folder(prefix: string): string {
  const dir = tempDir(prefix);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The counter's old PC: enrolled, its first round made, its board and till stocked. */
async function oldCounter(terminalId: string, safe: MonitoringAdapter): Promise<Harness> {
  const dir = folder(`hub-restore-old-${terminalId}-`);
  const h = counterAt(dir, terminalId, safe, await codeFor(terminalId));
  await h.raw.hub!.runOnce();
  await stockOutlet(h.terminal);
  return h;
}

/** The new PC's restore, as `npm run restore -- --from-hub` makes it: enrolled with the code, the history read page by page. */
async function restore(dir: string, terminalId: string, code: string | undefined, opts: { from?: string; pageSize?: number } = {}) {
  const link = createHubLink({ url: server.url, dataDir: dir, terminalId, outletCode: OUTLET.outletCode, now });
  if (!link.enrolled()) await link.enrol(code);
  return restoreFromHub({
    dataDir: dir, key: TEST_KEY, migrations: loadMigrations(), terminalId, outlet: { institutionCode: OUTLET.institutionCode, outletCode: OUTLET.outletCode },
    history: async (after) => historyAnswer.parse(await link.post('/v1/history', { after, ...(opts.pageSize ? { limit: opts.pageSize } : {}) }, true)),
    from: opts.from, now, by: 'tech1',
  });
}

describe.each(HUB_ENGINES.filter((e) => e.missing === undefined))('on $name', (engine) => {
  beforeAll(async () => {
    clockOf = openHarness({ start: START });
    hub = await startTestHub(engine, now);
    server = hub.server;
    await registerOutlet(hub.db, OUTLET.outletCode, now);
    hq = (await api('/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
  }, 120_000);
  afterAll(async () => {
    for (const c of cleanup.splice(0)) await c();
    await hub.close();
    clockOf.close();
  });

  it('第三十五条(三) a new PC in place of a dead one is the counter again: the same books and trail, a new receipt book, SAFE owed delivered once', async () => {
    const safe = new Safe();
    const oldDir = folder('hub-restore-old-');
    const old = counterAt(oldDir, 'R1', safe, await codeFor('R1'));
    await old.raw.hub!.runOnce();
    await stockOutlet(old.terminal);
    // A day's business: back-fills sent and not, a void (its cancel owed), a handover, a correction.
    const delivered = [await sell(old), await sell(old, '300')];
    const voided = await sell(old, '40');
    ok(await old.terminal.call('queue.syncNow', {}));
    // Voided once SAFE had it: a cancel is owed.
    safe.down = true;
    ok(await old.terminal.call('trades.void', { tradeId: voided.id, reason: '客户取消 customer cancelled', tellerId: 'teller1', supervisorId: 'sup1' }));
    const owed = [await sell(old, '25'), await sell(old, '60')];
    ok(await old.terminal.call('queue.syncNow', {}));
    safe.down = false;
    // Two rounds: the second pushes what the first round's pull wrote.
    await old.raw.hub!.runOnce();
    await old.raw.hub!.runOnce();
    expect(old.raw.hub!.state().problem).toBeUndefined();
    const asPushed = digestsOf(old.raw.ledger);
    const head = String(old.raw.ledger.prepare('SELECT max(id) FROM audit_log').pluck().get());
    expect(old.raw.hub!.state().held).toBe(head);
    // SAFE gets the first owed back-fill, not the second; the PC dies before the hub hears of it.
    // Then it prints one more receipt, never pushed, and dies.
    const voidedRef = (await safe.findBySerial(voided.id))!.refNo;
    safe.refuse.add(owed[1]!.id);
    ok(await old.terminal.call('queue.syncNow', { ignoreBackoff: true }));
    expect(safe.sent).toContain(owed[0]!.id);
    expect(safe.entries.map((e) => e.serial)).not.toContain(owed[1]!.id);
    safe.refuse.clear();
    const lost = await sell(old);
    const oldNumbers = (old.raw.ledger.prepare('SELECT receipt_no FROM trades').pluck().all() as bigint[]).map(Number);
    old.close();

    expect((await api('/v1/terminals/revoke', { terminalId: 'R1' }, hq)).value).toEqual({ terminalId: 'R1', revoked: true });
    const newDir = folder('hub-restore-new-');
    // Small pages: the history comes over many requests, each applied in its own transaction.
    const result = await restore(newDir, 'R1', await codeFor('R1'), { pageSize: 7 });
    expect(result).toMatchObject({ base: 'new', replaced: undefined, held: head, trades: 5, owed: { backfill: 2, cancel: 1 } });
    expect(readdirSync(newDir).filter((f) => f.includes('restoring'))).toEqual([]);

    const restored = openRaw(join(newDir, 'ledger.sqlite'));
    // Integers read as the terminal reads them (BigInt), as the dead PC's were.
    restored.defaultSafeIntegers(true);
    try {
      const rebuilt = digestsOf(restored);
      for (const t of Object.keys(asPushed)) if (t !== 'audit_log') expect(rebuilt[t], t).toBe(asPushed[t]);
      // The trail: the dead PC's entries, then the restore's own.
      expect(String(restored.prepare('SELECT max(id) FROM audit_log WHERE id <= ?').pluck().get(BigInt(head)))).toBe(head);
      expect(restored.prepare('SELECT action FROM audit_log WHERE id > ? ORDER BY id').pluck().all(BigInt(head))).toEqual(['ledger.restore']);
      // Each receipt is there; one the dead PC may or may not have printed is not printed again by the new one.
      const jobs = restored.prepare("SELECT trade_id, state, error FROM print_jobs WHERE kind = 'receipt' ORDER BY id").all() as { trade_id: string; state: string; error: string | null }[];
      expect(jobs.map((j) => j.trade_id).sort()).toEqual([...delivered, voided, ...owed].map((t) => t.id).sort());
      for (const j of jobs) expect([j.state, j.error]).toEqual(['failed', expect.stringContaining('restored from the hub: not known to be printed')]);
    } finally {
      restored.close();
    }

    // The new PC starts: its first round pushes on from the hub's head and pulls a new book.
    const fresh = counterAt(newDir, 'R1', safe);
    expect(ledgerViolations(fresh.raw.ledger)).toEqual([]);
    await fresh.raw.hub!.runOnce();
    expect(fresh.raw.hub!.state().problem).toBeUndefined();
    expect(BigInt(fresh.raw.hub!.state().held!)).toBeGreaterThan(BigInt(head));
    const after = [await sell(fresh), await sell(fresh)];
    for (const a of after) {
      const n = parsePrintedReceiptNo(a.receiptText)!;
      expect(oldNumbers).not.toContain(n);
      expect(a.receiptText).not.toBe(lost.receiptText);
    }
    // What was owed is delivered: the back-fill SAFE had is sent again under its serial and
    // recorded once; the one it never had is recorded; the void's cancel goes.
    ok(await fresh.terminal.call('queue.syncNow', { ignoreBackoff: true }));
    expect(ok(await fresh.terminal.call('queue.status', {})).pending).toBe(0);
    // The first owed back-fill reached SAFE twice, once from each PC, and is recorded once.
    expect(safe.sent.filter((s) => s === owed[0]!.id)).toHaveLength(2);
    const recorded = safe.entries.map((e) => e.serial);
    expect(new Set(recorded).size).toBe(recorded.length);
    for (const t of [...delivered, voided, ...owed, ...after]) expect(recorded).toContain(t.id);
    // The void's cancel: once from whichever PC sent it first; SAFE answers a second as done.
    expect([...new Set(safe.cancels.map((c) => c.refNo))]).toEqual([voidedRef]);
    expect(ledgerViolations(fresh.raw.ledger)).toEqual([]);
  }, 180_000);

  it('a counter restored from its backup goes on from the hub: the business after the backup comes back, the books closed', async () => {
    const safe = new Safe();
    const oldDir = folder('hub-restore-old3-');
    const backups = folder('hub-restore-backups-');
    const old = openHarness({ start: now().toISOString(), dir: oldDir, monitoring: safe, backup: { dir: backups }, outlet: { terminalId: 'R3' }, hub: { url: server.url, enrolmentCode: await codeFor('R3'), autoStart: false } });
    cleanup.push(() => old.close());
    await old.raw.hub!.runOnce();
    await stockOutlet(old.terminal);
    const before = [await sell(old), await sell(old)];
    const backup = ok(await old.terminal.call('backup.create', { actor: 'sup1' }));
    const afterBackup = [await sell(old), await sell(old)];
    await old.raw.hub!.runOnce();
    await old.raw.hub!.runOnce();
    const asPushed = digestsOf(old.raw.ledger);
    const numbers = (old.raw.ledger.prepare('SELECT receipt_no FROM trades').pluck().all() as bigint[]).map(Number);
    old.close();

    const newDir = folder('hub-restore-new3-');
    const result = await restore(newDir, 'R3', await codeFor('R3'), { from: join(backups, backup.file) });
    expect(result).toMatchObject({ base: 'backup', trades: 4 });
    // Only what the backup did not hold came from the hub.
    const inBackup = openRawClosed(join(backups, backup.file)).prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
    expect(BigInt(result.held) - BigInt(inBackup)).toBe(BigInt(result.events));
    const restored = openRawClosed(join(newDir, 'ledger.sqlite'));
    restored.defaultSafeIntegers(true);
    const rebuilt = digestsOf(restored);
    for (const t of Object.keys(asPushed)) if (t !== 'audit_log') expect(rebuilt[t], t).toBe(asPushed[t]);
    expect((restored.prepare('SELECT id FROM trades ORDER BY receipt_no').pluck().all() as string[])).toEqual([...before, ...afterBackup].map((t) => t.id));
    // No receipt the dead PC may have printed is printed again by itself: those queued at the
    // backup and those the hub held queued (migration 030: the spool finds what is left after the
    // newest job it took).
    const jobs = restored.prepare("SELECT trade_id, state, error FROM print_jobs WHERE kind = 'receipt' ORDER BY id").all() as { trade_id: string; state: string; error: string }[];
    expect(jobs.map((j) => [j.trade_id, j.state, j.error])).toEqual([
      ...before.map((t) => [t.id, 'failed', NOT_KNOWN_PRINTED_AFTER_BACKUP]),
      ...afterBackup.map((t) => [t.id, 'failed', expect.stringContaining('restored from the hub: not known to be printed')]),
    ]);

    // Every book the dead PC held is closed, the one it numbered in and the one it held ahead.
    const held = (await listBooks(hub.db)).filter((b) => b.terminalId === 'R3').map((b) => b.code);
    expect(result.numbering.closedBooks.sort()).toEqual(held.sort());

    const fresh = counterAt(newDir, 'R3', safe);
    await fresh.raw.hub!.runOnce();
    expect(fresh.raw.hub!.state().problem).toBeUndefined();
    const next = await sell(fresh);
    expect(numbers).not.toContain(parsePrintedReceiptNo(next.receiptText));
    expect(held).not.toContain(next.receiptText.split('-')[0]);
    expect(ledgerViolations(fresh.raw.ledger)).toEqual([]);
  }, 180_000);

  it('npm run restore -- --from-hub, as a process on the new PC: enrols with terminal.json\'s code, says what it did, and the counter goes on', async () => {
    const safe = new Safe();
    const old = await oldCounter('R4', safe);
    const sold = [await sell(old), await sell(old)];
    await old.raw.hub!.runOnce();
    old.close();

    const pc = await newPcFolder('R4');
    const run = await runRestore(['--data', pc, '--from-hub', '--by', 'tech1'], { [KEY_ENV]: keyHex(TEST_KEY) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('This PC is enrolled at the hub.');
    expect(run.stdout).toMatch(/Counter R4 restored from the hub: \d+ entries \(to \d+\), 2 trades\./);
    expect(run.stdout).toContain('Owed to the monitoring system: 2 back-fills and 0 cancels');
    expect(run.stdout).toContain('check each receipt stub against the monitoring system');
    // Run again: the ledger is the counter's already; nothing new at the hub to take.
    const again = await runRestore(['--data', pc, '--from-hub'], { [KEY_ENV]: keyHex(TEST_KEY) });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds everything the hub holds of this counter \(to entry \d+\): there is nothing to restore\. Nothing was changed/);
    expect(readdirSync(pc).filter((f) => f.includes('replaced') || f.includes('restoring'))).toEqual([]);

    const fresh = counterAt(pc, 'R4', safe);
    expect((ok(await fresh.terminal.call('trades.list', { date: '2026-03-10' })) as { id: string }[]).map((t) => t.id).sort()).toEqual(sold.map((t) => t.id).sort());
    await fresh.raw.hub!.runOnce();
    expect(fresh.raw.hub!.state().problem).toBeUndefined();
  }, 180_000);

  it('a restore killed at any moment leaves the folder as it was or restored whole; run again, it finishes the same', async () => {
    const safe = new Safe();
    const old = await oldCounter('R5', safe);
    for (let i = 0; i < 30; i++) await sell(old);
    await old.raw.hub!.runOnce();
    await old.raw.hub!.runOnce();
    const asPushed = digestsOf(old.raw.ledger);
    old.close();

    const pc = await newPcFolder('R5');
    const env = { [KEY_ENV]: keyHex(TEST_KEY) };
    const ledger = join(pc, 'ledger.sqlite');
    let whole = false;
    for (let i = 0; i < 8 && !whole; i++) {
      // Killed somewhere between its start and its end (a whole run takes about two seconds here).
      const killed = await runRestore(['--data', pc, '--from-hub'], env, 200 + Math.floor(Math.random() * 1_800));
      // Either nothing is in place, or the whole counter is.
      if (existsSync(ledger)) {
        const rebuilt = readDigests(ledger);
        for (const t of Object.keys(asPushed)) if (t !== 'audit_log') expect(rebuilt[t], `${t} after a kill at run ${i + 1} (${killed.code})`).toBe(asPushed[t]);
        whole = true;
      }
    }
    if (!whole) {
      const run = await runRestore(['--data', pc, '--from-hub'], env);
      expect(run.code, run.stderr).toBe(0);
    }
    const rebuilt = readDigests(ledger);
    for (const t of Object.keys(asPushed)) if (t !== 'audit_log') expect(rebuilt[t], t).toBe(asPushed[t]);
    const db = openRaw(ledger);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'ledger.restore'").pluck().get()).toBe(1);
    db.close();
    // Run once more: nothing new at the hub, nothing changed.
    const again = await runRestore(['--data', pc, '--from-hub'], env);
    expect(again.stderr).toContain('there is nothing to restore');
  }, 300_000);

  it('refusals: nothing at the hub, nothing new, history that does not chain or that a newer program wrote; nothing in place after any', async () => {
    const safe = new Safe();
    // A counter enrolled that never pushed: nothing to restore.
    const emptyDir = folder('hub-restore-empty-');
    await expect(restore(emptyDir, 'R6', await codeFor('R6'))).rejects.toMatchObject({ code: 'RESTORE_HUB_EMPTY' });
    expect(existsSync(join(emptyDir, 'ledger.sqlite'))).toBe(false);

    const old = await oldCounter('R7', safe);
    await sell(old);
    await old.raw.hub!.runOnce();
    old.close();
    const dir = folder('hub-restore-refusals-');
    const link = createHubLink({ url: server.url, dataDir: dir, terminalId: 'R7', outletCode: OUTLET.outletCode, now });
    await link.enrol(await codeFor('R7'));
    const history = (change: (a: HistoryAnswer) => void) => async (after: string) => {
      const a = historyAnswer.parse(await link.post('/v1/history', { after }, true));
      change(a);
      return a;
    };
    const opts = { dataDir: dir, key: TEST_KEY, migrations: loadMigrations(), terminalId: 'R7', outlet: { institutionCode: OUTLET.institutionCode, outletCode: OUTLET.outletCode }, now, by: 'tech1' };
    // An entry changed on the way (or at the hub): its hash does not fit.
    const changed = await refusalOf(restoreFromHub({ ...opts, history: history((a) => { const e = a.events.find((x) => x.action === 'trade.commit'); if (e) e.detail = e.detail.replace('"usd":"10"', '"usd":"1"'); }) }));
    expect([changed.code, changed.failure.message.en]).toEqual(['RESTORE_HISTORY_BROKEN', expect.stringMatching(/^The counter's history from the hub does not hold together at entry \d+ \(hash\)\. Nothing was restored/)]);
    // A row with a column this program does not have: written by a newer one.
    const newer = await refusalOf(restoreFromHub({ ...opts, history: history((a) => { const e = a.events.find((x) => x.rows?.trades); if (e) e.rows!.trades![0]!.loyalty_points = '7'; }) }));
    expect([newer.code, newer.failure.message.en]).toEqual(['RESTORE_HISTORY_NEWER', expect.stringContaining('table trades loyalty_points')]);
    expect(readdirSync(dir).filter((f) => f.startsWith('ledger.sqlite'))).toEqual([]);
    // Whole, then once more: nothing new.
    await restoreFromHub({ ...opts, history: history(() => {}) });
    await expect(restoreFromHub({ ...opts, history: history(() => {}) })).rejects.toMatchObject({ code: 'RESTORE_HUB_NOTHING_NEW' });
    // A folder whose terminal.json names no hub: the command says what to write.
    const bare = folder('hub-restore-bare-');
    writeFileSync(join(bare, 'terminal.json'), JSON.stringify({ outlet: { ...OUTLET, terminalId: 'R8' } }));
    const run = await runRestore(['--data', bare, '--from-hub'], { [KEY_ENV]: keyHex(TEST_KEY) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not name the hub (hub.url) or the counter (outlet.terminalId)'); // RESTORE_HUB_NOT_SET
  }, 180_000);

  it('a PC not yet restored sends nothing (HUB_RESTORE_NEEDED); a ledger with trades the hub never had is not overwritten', async () => {
    const safe = new Safe();
    const old = await oldCounter('R2', safe);
    // A day's trading: the hub holds more of the counter than the new PC's ledger below.
    for (let i = 0; i < 12; i++) await sell(old);
    await old.raw.hub!.runOnce();
    old.close();

    // The new PC started before anyone restored it: before it first reaches the hub it serves no
    // one (it holds no receipt book), so nothing diverges that way.
    const newDir = folder('hub-restore-new2-');
    const code = await codeFor('R2');
    const first = counterAt(newDir, 'R2', safe, code);
    const awaiting = await refusedWithoutWrites(first, () => trade(first.terminal, { customer: { idType: '04', idNumber: 'P3999998', country: 'USA', name: 'BOB SMITH' }, direction: 'settlement', currency: 'USD', amount: '10' }), 'COUNTER_AWAITING_HUB');
    expect(awaiting.message.en).toContain('holds no receipt book');
    first.close();
    // Set up at first as a standalone terminal, it served a customer: its ledger holds a trade the
    // hub never had.
    const alone = openHarness({ start: now().toISOString(), dir: newDir, monitoring: safe, outlet: { terminalId: 'R2' } });
    await stockOutlet(alone.terminal);
    await sell(alone);
    alone.close();
    const early = counterAt(newDir, 'R2', safe, code);
    // Then it enrols, and refuses to push over the counter's history, and to serve anyone more.
    await early.raw.hub!.runOnce();
    const problem = early.raw.hub!.state().problem;
    expect(problem?.code).toBe('HUB_RESTORE_NEEDED');
    expect(problem?.message.en).toContain('npm run restore -- --data DIR --from-hub');
    const customer = { idType: '04', idNumber: 'P3999999', country: 'USA', name: 'BOB SMITH' };
    const f = await refusedWithoutWrites(early, () => trade(early.terminal, { customer, direction: 'settlement', currency: 'USD', amount: '10' }), 'COUNTER_NOT_RESTORED');
    expect(f.message.en).toContain('run npm run restore -- --data DIR --from-hub');
    const before = await hub.db.selectFrom('hub_heads').select('seq').where('terminal_id', '=', 'R2').executeTakeFirstOrThrow();
    early.close();
    const ledger = join(newDir, 'ledger.sqlite');
    const kept = `${ledger}.kept`;
    copyFileSync(ledger, kept);
    const refusal = await restore(newDir, 'R2', undefined).then(() => undefined, (e: { code?: string; failure?: { message: { zh: string; en: string } } }) => e);
    expect(refusal?.code).toBe('RESTORE_LEDGER_DIVERGED');
    expect(refusal?.failure?.message.en).toMatch(/^The ledger here holds 1 trades and its trail differs from the hub's from entry \d+: the hub's history cannot replace it\./);
    expect(refusal?.failure?.message.zh).not.toMatch(/\{\w+\}/);
    // Nothing changed: the ledger is as it was, no half-built file is left, the hub's head did not move.
    expect(tableDigests(openRawClosed(ledger))).toEqual(tableDigests(openRawClosed(kept)));
    expect(existsSync(`${ledger}.restoring`)).toBe(false);
    expect((await hub.db.selectFrom('hub_heads').select('seq').where('terminal_id', '=', 'R2').executeTakeFirstOrThrow()).seq).toBe(before.seq);
  }, 180_000);
});

/** The new PC's data folder with its terminal.json: the counter's outlet and id, the hub and a new code. */
async function newPcFolder(terminalId: string): Promise<string> {
  const pc = folder(`hub-restore-pc-${terminalId}-`);
  writeFileSync(join(pc, 'terminal.json'), JSON.stringify({ outlet: { ...OUTLET, terminalId }, hub: { url: server.url, enrolmentCode: await codeFor(terminalId) } }));
  return pc;
}

/** The refusal a restore ended in (a restore that succeeded fails the test). */
async function refusalOf(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A ledger's digests (digestsOf), the file opened for them and closed again. */
function readDigests(path: string): Record<string, string> {
  const db = openRaw(path);
  try {
    db.defaultSafeIntegers(true);
    return digestsOf(db);
  } finally {
    db.close();
  }
}

/** A ledger file read once and closed (the digests of a file at rest). */
function openRawClosed(path: string): import('better-sqlite3').Database {
  const db = openRaw(path);
  cleanup.push(() => db.close());
  return db;
}

const ROOT = join(import.meta.dirname, '..');

/** electron/restore.ts as `npm run restore` runs it, without blocking this process (the hub answers from here). */
function runRestore(args: string[], env: Record<string, string>, killAfterMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // On the hub's clock (--clock runs on from it), as browser mode's server in the e2e tests.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/restore.ts'), ...args, '--clock', now().toISOString()], { cwd: ROOT, env: { ...process.env, ...env } });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', () => clearTimeout(timer));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
