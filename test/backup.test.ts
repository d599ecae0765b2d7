// Backups and recovery (issue #7 item 5): a checked, encrypted backup that restores into a fresh
// data folder as a sound ledger; the restore's refusals (another outlet, a newer schema, a running
// terminal); rotation; a damaged ledger that answers queries and refuses writes; the clock set
// back. README "Backups and recovery".
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { backupAfterDayClose, restoreLedger, type RestoreOptions } from '../electron/ledger/backup';
import { audit } from '../electron/ledger/audit';
import { openLedger } from '../electron/ledger/db';
import { KEY_ENV, KEY_FILE, fileKeyStore, keyHex, resolveDatabaseKey } from '../electron/ledger/key';
import { loadMigrations } from '../electron/ledger/migrate';
import type { Services } from '../electron/terminal/services';
import { readOutlet } from '../electron/terminal/settings';
import { integrityCheck, ledgerViolations } from './helpers/invariants';
import { ALICE, OUTLET, RecordingMonitoring, TEST_KEY, ok, openHarness, openRaw, refused, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';
import type { AuditAction } from '../electron/ledger/auditActions';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CUSTOMER = { idType: '01', idNumber: '11010519491231002X', name: '欧阳明月' };

let open: Harness[] = [];
afterEach(() => {
  for (const h of open) h.close();
  open = [];
});
function harness(opts: Parameters<typeof openHarness>[0] = {}): Harness {
  const h = openHarness(opts);
  open.push(h);
  return h;
}
function closeNow(h: Harness): void {
  h.terminal.close();
  open = open.filter((x) => x !== h);
}

/** An outlet with three trades for CUSTOMER and a void, and its backup folder. */
async function busyOutlet(opts: Parameters<typeof openHarness>[0] = {}): Promise<Harness & { backups: string }> {
  const backups = join(tempDir('backups-'), 'backups');
  const h = harness({ ...opts, backup: { dir: backups, keep: 30, ...opts.backup } });
  await stockOutlet(h.terminal);
  for (const amount of ['100', '200', '300']) ok(await trade(h.terminal, { customer: CUSTOMER, direction: 'settlement', currency: 'USD', amount }));
  ok(await h.terminal.call('trades.void', { receiptNo: 2, reason: '录入错误 typo', tellerId: 'teller1', supervisorId: 'sup1' }));
  return Object.assign(h, { backups: opts.backup?.dir ?? backups });
}

function restoreOpts(over: Partial<RestoreOptions> & Pick<RestoreOptions, 'dataDir' | 'from'>): RestoreOptions {
  return {
    key: TEST_KEY, outlet: { institutionCode: OUTLET.institutionCode, outletCode: OUTLET.outletCode },
    migrations: loadMigrations(), now: new Date('2026-03-11T01:00:00Z'), by: 'mgr1', ...over,
  };
}

function refusalOf(f: () => unknown): Refusal {
  try {
    f();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function soundLedger(db: BetterSqlite3.Database): void {
  expect(integrityCheck(db)).toBe('ok');
  expect(ledgerViolations(db)).toEqual([]);
}

describe('a backup, and a restore into a fresh data folder', () => {
  it('restores into a fresh folder as a sound ledger that goes on with the next receipt number', async () => {
    const h = await busyOutlet();
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    expect(b.file).toMatch(/^PEK-T3-01_20260310T020000Z_v\d+\.sqlite$/);
    expect(b.schemaVersion).toBe(loadMigrations().length);
    const file = join(h.backups, b.file);

    // Encrypted with the ledger's key: no ID number or name in its bytes, unreadable without it.
    const bytes = readFileSync(file);
    for (const needle of [Buffer.from(CUSTOMER.idNumber), Buffer.from(CUSTOMER.idNumber, 'utf16le'), Buffer.from(CUSTOMER.name)]) {
      expect(bytes.includes(needle)).toBe(false);
    }
    const plain = new BetterSqlite3(file, { readonly: true });
    expect(() => plain.prepare('select count(*) from trades').get()).toThrow(/not a database/);
    plain.close();
    const keyed = openRaw(file, { readonly: true });
    expect(Number(keyed.prepare('select count(*) from trades').pluck().get())).toBe(3);
    keyed.close();

    // Business after the backup is not in it.
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));

    const fresh = tempDir('restored-');
    const r = restoreLedger(restoreOpts({ dataDir: fresh, from: file }));
    expect(r.replaced).toBeUndefined();
    expect(r.backup.outletCode).toBe(OUTLET.outletCode);

    const h2 = harness({ dir: fresh, start: '2026-03-10T03:00:00Z' });
    soundLedger(h2.terminal.ledger);
    expect(ok(await h2.terminal.call('trades.list', { date: '2026-03-10' })).map((t) => t.receiptNo).sort()).toEqual([1, 2, 3]);
    // Receipt 4 was printed after the backup: never issued again (第三十五条(三)). The restore
    // closed the book the backup was using and opened a new one.
    expect(r.numbering).toEqual({ lastReceiptNo: '3', nextReceiptNo: '200001', closedBook: undefined });
    const next = ok(await trade(h2.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
    expect([next.receiptNo, next.receiptText]).toEqual([200_001, '200001']);
    expect(ok(await trade(h2.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '60' })).receiptNo).toBe(200_002);
    soundLedger(h2.terminal.ledger);
    // The restore is in the audit trail of the restored ledger, with the numbers.
    expect(h2.terminal.ledger.prepare("select actor from audit_log where action = 'ledger.restore'").pluck().all()).toEqual(['mgr1']);
    expect(JSON.parse(h2.terminal.ledger.prepare("select detail from audit_log where action = 'ledger.restore'").pluck().get() as string)).toMatchObject({ lastReceiptNo: '3', nextReceiptNo: '200001', closedBook: null });
  });

  it('第三十五条(三) no back-fill lost or sent twice: one delivered after the backup is sent again under its serial and recorded once; one queued after it is gone with its receipt, whose number is never issued again', async () => {
    const safe = new RecordingMonitoring();
    const h = await busyOutlet({ monitoring: safe });
    // At the backup the day's back-fills are still to send.
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    const owed = (h.terminal.ledger.prepare("SELECT trade_id FROM outbox WHERE kind = 'backfill' AND state = 'pending' ORDER BY id").pluck().all() as string[]);
    expect(owed.length).toBeGreaterThan(0);
    // Then SAFE takes them, and one more trade is made and sent: the PC dies.
    ok(await h.terminal.call('queue.syncNow', {}));
    const after = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
    ok(await h.terminal.call('queue.syncNow', {}));
    const sentBefore = safe.entries.map((e) => e.serial);
    expect(sentBefore).toEqual(expect.arrayContaining([...owed, after.id]));
    closeNow(h);

    const fresh = tempDir('restored-backfills-');
    restoreLedger(restoreOpts({ dataDir: fresh, from: join(h.backups, b.file) }));
    const h2 = harness({ dir: fresh, start: '2026-03-10T03:00:00Z', monitoring: safe });
    // The restored ledger owes them again; sent under the same serial, SAFE records each once.
    expect(h2.terminal.ledger.prepare("SELECT trade_id FROM outbox WHERE kind = 'backfill' AND state = 'pending' ORDER BY id").pluck().all()).toEqual(owed);
    ok(await h2.terminal.call('queue.syncNow', {}));
    expect(ok(await h2.terminal.call('queue.status', {})).pending).toBe(0);
    const serials = safe.entries.map((e) => e.serial);
    expect(serials).toEqual(sentBefore);
    // The trade after the backup is not in the restored ledger; SAFE holds it, and its receipt
    // number (4) is never issued again: the stub is checked against SAFE's record.
    expect(h2.terminal.ledger.prepare('SELECT count(*) FROM trades WHERE id = ?').pluck().get(after.id)).toBe(0n);
    const next = ok(await trade(h2.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '60' }));
    expect(next.receiptNo).not.toBe(after.receiptNo);
    expect(next.receiptNo).toBe(200_001);
    soundLedger(h2.terminal.ledger);
  });

  it('npm run restore, on a replacement PC with its own empty ledger: the escrowed key, the old ledger and key kept', async () => {
    const h = await busyOutlet();
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    // The replacement PC: started once (its own key, its own empty ledger), with the outlet's terminal.json.
    const pc = tempDir('replacement-');
    writeFileSync(join(pc, 'terminal.json'), JSON.stringify({ outlet: OUTLET }));
    const own = resolveDatabaseKey({ store: fileKeyStore(join(pc, 'ledger.key')), databasePath: join(pc, 'ledger.sqlite'), env: {} });
    openLedger(join(pc, 'ledger.sqlite'), own.key).close();

    const env = { ...process.env, [KEY_ENV]: keyHex(TEST_KEY) };
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/restore.ts'), '--data', pc, '--from', join(h.backups, b.file), '--by', 'mgr1'], { cwd: ROOT, encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Restored');
    const files = readdirSync(pc);
    expect(files.filter((f) => /^ledger\.sqlite\.replaced-\d{8}T\d{6}Z$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('ledger.key.replaced-'))).toHaveLength(1);
    expect(readFileSync(join(pc, 'ledger.key'), 'utf8').trim()).toBe(keyHex(TEST_KEY));

    const h2 = harness({ dir: pc, start: '2026-03-10T03:00:00Z' });
    soundLedger(h2.terminal.ledger);
    expect(ok(await trade(h2.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' })).receiptNo, 'the restored ledger numbers in a new book').toBe(200_001);
  });
});

describe('the restore refuses, and changes nothing', () => {
  it('RESTORE_FILE_NOT_FOUND: a mistyped backup path is said as such, before the key, by npm run restore and by the restore itself', async () => {
    const h = await busyOutlet();
    closeNow(h);
    const before = readFileSync(h.path);
    const missing = join(h.backups, 'PEK-T3-01_20260310T150000Z_v8.sqlite');
    // No key anywhere: the path is what is wrong, and is what the manager is told.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== KEY_ENV));
    const pc = tempDir('restore-typo-');
    writeFileSync(join(pc, 'terminal.json'), JSON.stringify({ outlet: OUTLET }));
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/restore.ts'), '--data', pc, '--from', missing, '--by', 'mgr1'], { cwd: ROOT, encoding: 'utf8', env });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`没有找到备份文件 ${missing}，未恢复任何内容。请核对路径后重试`);
    expect(run.stderr).toContain(`There is no backup file ${missing}; nothing was restored. Check the path and try again`);
    expect(run.stderr).not.toContain('TERMINAL_DB_KEY');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(pc)).toEqual(['terminal.json']);
    // A folder given for the file, through the restore itself: the same, the ledger untouched.
    expect(refusalOf(() => restoreLedger(restoreOpts({ dataDir: h.dir, from: h.backups }))).code).toBe('RESTORE_FILE_NOT_FOUND');
    expect(readFileSync(h.path).equals(before)).toBe(true);
    expect(readdirSync(h.dir).filter((f) => f.includes('replaced'))).toEqual([]);
  });

  it('DATA_FILE_NOT_A_FILE: npm run restore into a data folder whose key file is a folder says so, before the key, and restores nothing', async () => {
    const h = await busyOutlet();
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    closeNow(h);
    const pc = tempDir('restore-shape-');
    writeFileSync(join(pc, 'terminal.json'), JSON.stringify({ outlet: OUTLET }));
    mkdirSync(join(pc, KEY_FILE));
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/restore.ts'), '--data', pc, '--from', join(h.backups, b.file), '--by', 'mgr1'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, [KEY_ENV]: TEST_KEY.toString('hex') } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${join(pc, KEY_FILE)} 应是一个文件，这里却是文件夹`);
    expect(run.stderr).toContain(`${join(pc, KEY_FILE)} should be a file, but here it is a folder`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(pc).sort()).toEqual([KEY_FILE, 'terminal.json']);
  });

  it("another outlet's backup (outlet code or institution), in Chinese and English", async () => {
    for (const other of [{ outletCode: 'SHA-PVG-02' }, { institutionCode: 'INST002' }]) {
      const h = await busyOutlet({ outlet: other });
      const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
      const target = await busyOutlet();
      closeNow(target);
      const before = readFileSync(target.path);
      const r = refusalOf(() => restoreLedger(restoreOpts({ dataDir: target.dir, from: join(h.backups, b.file) })));
      expect(r.code).toBe('RESTORE_OTHER_OUTLET');
      expect(r.failure.message.zh).toContain(other.outletCode ?? other.institutionCode);
      expect(r.failure.message.en).toContain('choose a backup of this outlet');
      expect(readFileSync(target.path).equals(before)).toBe(true);
      expect(readdirSync(target.dir).filter((f) => f.includes('replaced'))).toEqual([]);
      // Without terminal.json, the outlet of the ledger already there decides.
      expect(refusalOf(() => restoreLedger(restoreOpts({ dataDir: target.dir, from: join(h.backups, b.file), outlet: undefined }))).code).toBe('RESTORE_OTHER_OUTLET');
    }
  });

  it('a backup of a newer schema than this program knows', async () => {
    const h = await busyOutlet();
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    const newer = join(tempDir(), b.file);
    copyFileSync(join(h.backups, b.file), newer);
    const db = openRaw(newer);
    db.pragma(`user_version = ${loadMigrations().length + 1}`);
    db.close();
    const fresh = tempDir('restored-');
    const r = refusalOf(() => restoreLedger(restoreOpts({ dataDir: fresh, from: newer })));
    expect(r.code).toBe('RESTORE_NEWER_VERSION');
    expect(r.failure.message.en).toContain('Install the latest version');
    expect(r.failure.message.zh).toContain(String(loadMigrations().length + 1));
    expect(existsSync(join(fresh, 'ledger.sqlite'))).toBe(false);
  });

  it('while a terminal has the ledger open', async () => {
    const h = await busyOutlet();
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    const r = refusalOf(() => restoreLedger(restoreOpts({ dataDir: h.dir, from: join(h.backups, b.file) })));
    expect(r.code).toBe('RESTORE_TERMINAL_RUNNING');
    expect(readdirSync(h.dir).filter((f) => f.includes('replaced') || f.includes('restoring'))).toEqual([]);
    // The terminal goes on as before.
    expect(ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' })).receiptNo).toBe(4);
  });

  it('a backup under another key, or damaged', async () => {
    const h = await busyOutlet();
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    const fresh = tempDir('restored-');
    expect(refusalOf(() => restoreLedger(restoreOpts({ dataDir: fresh, from: join(h.backups, b.file), key: Buffer.alloc(32, 1) }))).code).toBe('LEDGER_KEY_WRONG');
    const damaged = join(tempDir(), b.file);
    copyFileSync(join(h.backups, b.file), damaged);
    scribble(damaged, pageOf(damaged, 'trades'));
    expect(refusalOf(() => restoreLedger(restoreOpts({ dataDir: fresh, from: damaged }))).code).toBe('RESTORE_BACKUP_DAMAGED');
    expect(existsSync(join(fresh, 'ledger.sqlite'))).toBe(false);
  });
});

describe('rotation and checking', () => {
  it('keeps the newest N of this outlet, and leaves other files alone', async () => {
    const h = await busyOutlet({ backup: { keep: 3 } });
    mkdirSync(h.backups, { recursive: true });
    writeFileSync(join(h.backups, 'SHA-PVG-02_20250101T000000Z_v1.sqlite'), 'another outlet');
    writeFileSync(join(h.backups, 'notes.txt'), 'the manager');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(ok(await h.terminal.call('backup.create', { actor: 'sup1' })).file);
      h.clock.advance(60_000);
    }
    const list = ok(await h.terminal.call('backup.list', {}));
    expect(list.map((b) => b.file)).toEqual(made.slice(2).reverse());
    expect(readdirSync(h.backups).sort()).toEqual([...made.slice(2), 'SHA-PVG-02_20250101T000000Z_v1.sqlite', 'notes.txt'].sort());
    // Two in the same second both stay, under distinct names.
    const a = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    const c = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    expect(a.file).not.toBe(c.file);
  });

  it('a backup that fails its check is deleted and reported (postings that do not balance)', async () => {
    const h = await busyOutlet();
    // A posting with no other side: double entry broken in the live ledger, as a bug might.
    h.terminal.ledger.prepare(
      "insert into postings (txn_id, txn_kind, account_id, currency, amount_minor, business_date, created_at) values ('lone', 'movement', 'cash:USD', 'USD', 1, '2026-03-10', '2026-03-10T02:00:00.000Z')",
    ).run();
    const r = await h.terminal.call('backup.create', { actor: 'sup1' });
    const e = refused(r, 'BACKUP_VERIFY_FAILED');
    expect(e.message.en).toContain('lone');
    expect(readdirSync(h.backups)).toEqual([]);
    expect(h.terminal.ledger.prepare("select count(*) from audit_log where action = 'backup.failed'").pluck().get()).toBe(1n);
  });

  it('backup.verify checks a kept backup: a damaged one is reported, not deleted', async () => {
    const h = await busyOutlet();
    const good = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    expect(ok(await h.terminal.call('backup.verify', { file: good.file }))).toMatchObject({ ok: true, problems: [] });
    h.clock.advance(60_000);
    const bad = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    scribble(join(h.backups, bad.file), pageOf(join(h.backups, bad.file), 'trades'));
    const v = ok(await h.terminal.call('backup.verify', { file: bad.file }));
    expect(v.ok).toBe(false);
    expect(v.problems.length).toBeGreaterThan(0);
    expect(existsSync(join(h.backups, bad.file))).toBe(true);
    refused(await h.terminal.call('backup.verify', { file: 'nope_20260101T000000Z_v1.sqlite' }), 'BACKUP_NOT_FOUND');
    refused(await h.terminal.call('backup.verify', { file: '../ledger.sqlite' }), 'INVALID_INPUT');
  });

  it('backupAfterDayClose answers what happened and never throws', async () => {
    const h = await busyOutlet();
    const db = h.terminal.ledger;
    const ctx = (dir: string) => ({ db, now: h.clock.now, outlet: () => readOutlet(db), backup: { dir, keep: 30, key: TEST_KEY } }) as unknown as Services;
    const done = backupAfterDayClose(ctx(h.backups));
    expect(done.ok).toBe(true);
    if (done.ok) expect(existsSync(join(h.backups, done.backup.file))).toBe(true);
    // A folder that cannot be made (a file is in the way).
    const blocked = join(tempDir(), 'file');
    writeFileSync(blocked, 'not a folder');
    const failed = backupAfterDayClose(ctx(join(blocked, 'backups')));
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.code).toBe('BACKUP_FAILED');
  });
});

/** The first page of a table or index's b-tree (SQLite's dbstat). */
function pageOf(path: string, name: string): { page: number; size: number } {
  const db = openRaw(path, { readonly: true });
  try {
    const page = Number(db.prepare('select min(pageno) from dbstat where name = ?').pluck().get(name));
    const size = Number(db.pragma('page_size', { simple: true }));
    return { page, size };
  } finally {
    db.close();
  }
}

/** Garbage in the middle of a page: its authentication tag no longer matches. */
function scribble(path: string, at: { page: number; size: number }): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (at.page - 1) * at.size + 512);
  } finally {
    closeSync(fd);
  }
}

describe('a damaged ledger', () => {
  it('starts for queries only: every write is refused with LEDGER_DAMAGED, saying how to restore', async () => {
    const h = await busyOutlet();
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    closeNow(h);
    scribble(h.path, pageOf(h.path, 'attempts_by_time')); // an index none of the queries below reads

    const d = harness({ dir: h.dir, backup: { dir: h.backups } });
    // Queries answer.
    expect(ok(await d.terminal.call('session.info', {})).outletCode).toBe(OUTLET.outletCode);
    expect(ok(await d.terminal.call('trades.list', { date: '2026-03-10' }))).toHaveLength(3);
    expect(ok(await d.terminal.call('cash.onHand', {})).length).toBeGreaterThan(0);
    // Writes do not, whatever they are.
    const e = refused(await d.terminal.call('trades.commit', { customer: { ...CUSTOMER }, direction: 'settlement', currency: 'USD', amount: '100', side: 'foreign', tellerId: 'teller1', quoteToken: 'x' }), 'LEDGER_DAMAGED');
    expect(e.message.zh).toContain('npm run restore');
    expect(e.message.en).toContain(`--data ${h.dir}`);
    expect(e.message.en).toContain(h.backups);
    refused(await d.terminal.call('cash.fund', { currency: 'USD', amount: '100', note: 'top-up', actor: 'sup1' }), 'LEDGER_DAMAGED');
    refused(await d.terminal.call('rates.set', { currency: 'USD', buyPer100: '711', sellPer100: '721', setBy: 'sup1' }), 'LEDGER_DAMAGED');
    refused(await d.terminal.call('backup.create', { actor: 'sup1' }), 'LEDGER_DAMAGED');
    closeNow(d);

    // The way out: the restore, then a sound terminal.
    restoreLedger(restoreOpts({ dataDir: h.dir, from: join(h.backups, b.file) }));
    const r = harness({ dir: h.dir, start: '2026-03-10T03:00:00Z' });
    soundLedger(r.terminal.ledger);
    expect(ok(await trade(r.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' })).receiptNo, 'the restored ledger numbers in a new book').toBe(200_001);
    expect(readdirSync(h.dir).filter((f) => f.startsWith('ledger.sqlite.replaced-'))).toHaveLength(1);
  });
});

describe('the clock set back', () => {
  /** An outlet stocked at 06:00 whose last business was at 07:00. */
  async function workedUntilSeven(): Promise<Harness> {
    const h = await busyOutlet({ start: '2026-03-10T06:00:00Z' });
    h.clock.set('2026-03-10T07:00:00Z');
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
    return h;
  }

  it('refuses trades (and quotes) with CLOCK_BEHIND until a supervisor confirms the time; queries still answer', async () => {
    const h = await workedUntilSeven();
    h.clock.set('2026-03-10T06:50:00Z');
    const e = refused(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }), 'CLOCK_BEHIND');
    expect(e.message.zh).toContain('2026-03-10 15:00:00'); // the last time recorded, China time
    expect(e.message.zh).toContain('2026-03-10 14:50:00');
    expect(e.message.en).toContain('a supervisor must confirm the time');
    refused(await h.terminal.call('cash.fund', { currency: 'USD', amount: '100', note: 'top-up', actor: 'sup1' }), 'CLOCK_BEHIND');
    expect(ok(await h.terminal.call('trades.list', { date: '2026-03-10' }))).toHaveLength(4);

    const c = ok(await h.terminal.call('clock.confirm', { supervisorId: 'sup1' }));
    expect(c).toMatchObject({ confirmedAt: '2026-03-10T06:50:00.000Z', previousMark: '2026-03-10T07:00:00.000Z', wasBehind: true });
    const audited = h.terminal.ledger.prepare("select actor, detail from audit_log where action = 'clock.confirm'").all() as { actor: string; detail: string }[];
    expect(audited).toHaveLength(1);
    expect(audited[0]!.actor).toBe('sup1');
    expect(JSON.parse(audited[0]!.detail)).toMatchObject({ previousMark: '2026-03-10T07:00:00.000Z' });
    expect(ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' })).receiptNo).toBe(5);
  });

  it('within 2 minutes is tolerated; a clock set right again passes without a confirmation', async () => {
    const h = await workedUntilSeven();
    h.clock.set('2026-03-10T06:58:30Z');
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
    h.clock.set('2026-03-10T06:30:00Z');
    refused(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }), 'CLOCK_BEHIND');
    h.clock.set('2026-03-10T07:01:00Z');
    // ALICE's fifth trade of the day: the teller confirms the real-time-count prompt (第三十二条(一)).
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }, { acknowledge: ['realtimeCountReached'] }));
  });

  it('a ledger from before migration 007 starts its mark at the latest time it holds', async () => {
    const dir = tempDir();
    const before = openLedger(join(dir, 'ledger.sqlite'), TEST_KEY, loadMigrations().slice(0, 6));
    before.transaction(() => audit(before, { at: '2026-03-10T09:00:00.000Z', actor: 'mgr1', action: 'test.entry' as AuditAction /* written below the API */, entity: 'test', entityId: '1' })).immediate();
    before.close();
    const h = harness({ dir, start: '2026-03-10T08:00:00Z' });
    expect(h.terminal.ledger.prepare('select last_at from clock_mark').pluck().get()).toBe('2026-03-10T09:00:00.000Z');
    refused(await h.terminal.call('cash.fund', { currency: 'USD', amount: '100', note: 'float', actor: 'sup1' }), 'CLOCK_BEHIND');
  });

  it('is caught at the next start too: the mark is kept in the ledger', async () => {
    const h = await busyOutlet({ start: '2026-03-10T06:00:00Z' });
    h.clock.advance(45 * 60_000); // business at 06:45
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
    closeNow(h);
    const again = harness({ dir: h.dir, start: '2026-03-10T06:30:00Z' });
    const e = refused(await trade(again.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }), 'CLOCK_BEHIND');
    expect(e.message.en).toContain('2026-03-10 14:45:00');
    ok(await again.terminal.call('clock.confirm', { supervisorId: 'sup1' }));
    ok(await trade(again.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
  });
});
