// Backups of the ledger, and the offline restore (README "Backups and recovery").
//
// A backup is a complete copy of the ledger written with VACUUM INTO: SQLite3 Multiple Ciphers
// writes it with the ledger's own cipher and key, so a backup is as unreadable without the key as
// the ledger (the online backup API refuses an encrypted source with a plain destination, and
// better-sqlite3 cannot key its destination). A backup is written under a temporary name, checked
// (integrity_check, and postings that balance in every currency), and only then given its name;
// one that fails the check is deleted and reported. The oldest beyond `keep` are removed.
//
// Names: <outlet code>_<UTC time>_v<schema version>.sqlite, e.g. PEK-T3-01_20260310T150000Z_v8.sqlite.
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Refusal, failure, type Failure } from '../../shared/errors';
import type { OutletTable } from './schema';
import { audit } from './audit';
import { CHECK_CACHE_KIB, openLedger } from './db';
import { unlock } from './key';
import { schemaVersion, type Migration } from './migrate';
import type { Database } from './sql';

export const DEFAULT_KEEP = 30;
export const LEDGER_FILE = 'ledger.sqlite';

/**
 * What taking or checking a backup needs of the terminal: the ledger, the clock, the outlet and
 * the settings. Narrow on purpose: the ledger layer does not know the Terminal (terminal/context.ts
 * satisfies this).
 */
export interface BackupContext {
  db: Database;
  now: () => Date;
  outlet: () => Pick<OutletTable, 'outlet_code' | 'institution_code'>;
  backup: BackupSettings;
}

export interface BackupSettings {
  dir: string;
  /** How many of this outlet's backups are kept; the oldest beyond are removed. */
  keep: number;
  /** The ledger's key: backups are opened with it to be checked. */
  key: Buffer;
  nativeBinding?: string | undefined;
}

export interface BackupInfo {
  file: string;
  createdAt: string;
  outletCode: string;
  schemaVersion: number;
  bytes: number;
}

// ---- names ----

const NAME = /^(.+)_(\d{8}T\d{6}Z)(?:-(\d+))?(?:_a(\d+)-([0-9a-f]{12}))?_v(\d+)\.sqlite$/;

/** Outlet codes are the institution's own: anything but letters, digits and '-' becomes '-'. */
function safeCode(outletCode: string): string {
  return outletCode.replace(/[^A-Za-z0-9-]/g, '-');
}

function stampOf(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * A day close's backup also names the audit chain's head that close verified and printed
 * (`_a<id>-<first 12 hex of its hash>`): the backup, the slip and the chain can be held together.
 */
export function backupName(outletCode: string, at: Date, version: number, n = 1, head?: { id: number; hash: string }): string {
  return `${safeCode(outletCode)}_${stampOf(at)}${n > 1 ? `-${n}` : ''}${head ? `_a${head.id}-${head.hash.slice(0, 12)}` : ''}_v${version}.sqlite`;
}

interface ParsedName {
  outlet: string;
  createdAt: string;
  n: number;
  schemaVersion: number;
}

function parseName(file: string): ParsedName | undefined {
  const m = NAME.exec(file);
  if (!m) return undefined;
  const s = m[2]!;
  const createdAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.000Z`;
  return { outlet: m[1]!, createdAt, n: Number(m[3] ?? 1), schemaVersion: Number(m[6]) };
}

/** This outlet's backups in `dir`, newest first. */
export function listBackups(dir: string, outletCode: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  const code = safeCode(outletCode);
  return readdirSync(dir)
    .map((file) => ({ file, parsed: parseName(file) }))
    .filter((f): f is { file: string; parsed: ParsedName } => f.parsed?.outlet === code)
    .sort((a, b) => b.parsed.createdAt.localeCompare(a.parsed.createdAt) || b.parsed.n - a.parsed.n)
    .map(({ file, parsed }) => ({ file, createdAt: parsed.createdAt, outletCode, schemaVersion: parsed.schemaVersion, bytes: statSync(join(dir, file)).size }));
}

/** Removes this outlet's backups beyond the newest `keep`; returns the names removed. */
export function rotateBackups(dir: string, outletCode: string, keep: number): string[] {
  const old = listBackups(dir, outletCode).slice(Math.max(1, keep));
  for (const b of old) rmSync(join(dir, b.file), { force: true });
  return old.map((b) => b.file);
}

// ---- checks (what the tests' invariants check, in production code) ----

/**
 * Double entry: every ledger transaction's postings sum to zero in each currency, and every
 * balance is the sum of its account's postings. Reads every posting: for backups and restores.
 */
export function ledgerBalanceProblems(db: Database, limit = 5): string[] {
  const problems: string[] = [];
  const unbalanced = db
    .prepare('select txn_id, currency, sum(amount_minor) s from postings group by txn_id, currency having s <> 0 limit ?')
    .safeIntegers(true)
    .all(limit) as { txn_id: string; currency: string; s: bigint }[];
  for (const r of unbalanced) problems.push(`postings of ${r.txn_id} sum to ${r.s} in ${r.currency}`);
  const drifted = db
    .prepare(
      'select b.account_id, b.balance_minor, (select coalesce(sum(p.amount_minor), 0) from postings p where p.account_id = b.account_id) s ' +
        'from account_balances b where b.balance_minor <> s limit ?',
    )
    .safeIntegers(true)
    .all(limit) as { account_id: string; balance_minor: bigint; s: bigint }[];
  for (const r of drifted) problems.push(`balance of ${r.account_id} is ${r.balance_minor}, its postings sum to ${r.s}`);
  return problems;
}

export interface BackupIdentity {
  institutionCode: string;
  outletCode: string;
  schemaVersion: number;
}

function openBackup(path: string, key: Buffer, nativeBinding?: string): Database {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    unlock(db, key, path);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function identityOf(db: Database): BackupIdentity {
  const outlet = db.prepare('select institution_code, outlet_code from outlet where id = 1').get() as { institution_code: string; outlet_code: string } | undefined;
  return { institutionCode: outlet?.institution_code ?? '', outletCode: outlet?.outlet_code ?? '', schemaVersion: schemaVersion(db) };
}

/**
 * Opens a backup with the key and checks it: integrity_check (every page, every index against its
 * table), the outlet it belongs to, and double entry. Empty `problems` when it is sound.
 * A wrong key is thrown (LEDGER_KEY_WRONG), not counted as a problem of the file.
 */
export function verifyBackupFile(path: string, key: Buffer, nativeBinding?: string): { identity: BackupIdentity | undefined; problems: string[] } {
  const db = openBackup(path, key, nativeBinding);
  try {
    // integrity_check matches every index to its table: with the default 16 MB cache it decrypts
    // pages over and over (75 ms a MB on a 260 MB ledger here; 23 with 64 MB).
    db.pragma(`cache_size = ${CHECK_CACHE_KIB}`);
    const integrity = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (integrity.length > 0) return { identity: undefined, problems: integrity.slice(0, 5) };
    const identity = identityOf(db);
    const problems = identity.outletCode === '' ? ['it holds no outlet'] : [];
    return { identity, problems: [...problems, ...ledgerBalanceProblems(db)] };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (e instanceof Refusal || !code?.startsWith('SQLITE_')) throw e;
    return { identity: undefined, problems: [`${code}: ${(e as Error).message}`] };
  } finally {
    db.close();
  }
}

// ---- making a backup ----

function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // Windows cannot open a folder to fsync it; NTFS journals the rename itself.
  }
  try {
    fsyncSync(fd);
  } catch {
    // as above: a folder on Windows
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes, checks and names one backup, then rotates. Runs on the ledger's own connection and
 * blocks it while it copies (VACUUM INTO reads one consistent snapshot): about 1 s per 80 MB here.
 * It cannot run inside a transaction: call it after the day close's transaction has committed.
 */
export function createBackup(db: Database, settings: BackupSettings, outletCode: string, at: Date, head?: { id: number; hash: string }): BackupInfo {
  const { dir } = settings;
  try {
    mkdirSync(dir, { recursive: true });
    // What a crash in an earlier backup left.
    for (const f of readdirSync(dir)) if (f.endsWith('.partial')) rmSync(join(dir, f), { force: true });
  } catch (e) {
    throw new Refusal('BACKUP_FAILED', { reason: (e as Error).message, dir });
  }
  const version = schemaVersion(db);
  let n = 1;
  while (existsSync(join(dir, backupName(outletCode, at, version, n, head)))) n += 1;
  const file = backupName(outletCode, at, version, n, head);
  const partial = join(dir, `${file}.partial`);
  try {
    db.prepare('VACUUM INTO ?').run(partial);
  } catch (e) {
    rmSync(partial, { force: true });
    throw new Refusal('BACKUP_FAILED', { reason: (e as Error).message, dir });
  }
  let problems: string[];
  try {
    problems = verifyBackupFile(partial, settings.key, settings.nativeBinding).problems;
  } catch (e) {
    problems = [e instanceof Refusal ? e.code : (e as Error).message];
  }
  if (problems.length > 0) {
    rmSync(partial, { force: true });
    throw new Refusal('BACKUP_VERIFY_FAILED', { file, problem: problems.join('; ') });
  }
  fsyncPath(partial);
  renameSync(partial, join(dir, file));
  fsyncPath(dir);
  rotateBackups(dir, outletCode, settings.keep);
  return { file, createdAt: at.toISOString(), outletCode, schemaVersion: version, bytes: statSync(join(dir, file)).size };
}

/** backup.create: a backup now, audited (who, which file; or why it failed). */
export function backupNow(ctx: BackupContext, actor: string, head?: { id: number; hash: string }): BackupInfo {
  const at = ctx.now();
  const outlet = ctx.outlet();
  try {
    const info = createBackup(ctx.db, ctx.backup, outlet.outlet_code, at, head);
    ctx.db.transaction(() => {
      audit(ctx.db, { at: at.toISOString(), actor, action: 'backup.create', entity: 'backup', entityId: info.file, detail: { bytes: info.bytes, schemaVersion: info.schemaVersion } });
    }).immediate();
    return info;
  } catch (e) {
    if (e instanceof Refusal && !ctx.db.inTransaction) {
      const r = e;
      ctx.db.transaction(() => {
        audit(ctx.db, { at: at.toISOString(), actor, action: 'backup.failed', entity: 'backup', entityId: r.failure.details?.file ?? ctx.backup.dir, detail: { code: r.code, ...r.failure.details } });
      }).immediate();
    }
    throw e;
  }
}

/**
 * The backup after a day close. Call it after the close's transaction has committed; it never
 * throws (a failed backup must not undo or hide the close): the answer says what happened.
 */
export function backupAfterDayClose(ctx: BackupContext, actor = 'system', head?: { id: number; hash: string }): { ok: true; backup: BackupInfo } | { ok: false; error: Failure } {
  try {
    return { ok: true, backup: backupNow(ctx, actor, head) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.failure };
    return { ok: false, error: failure('BACKUP_FAILED', { reason: (e as Error).message, dir: ctx.backup.dir }) };
  }
}

/** backup.verify: checks a backup already in the folder (a bad one is reported, not deleted). */
export function verifyBackup(ctx: BackupContext, file: string): { file: string; ok: boolean; problems: string[]; schemaVersion: number | null } {
  const path = join(ctx.backup.dir, file);
  if (basename(file) !== file || !existsSync(path)) throw new Refusal('BACKUP_NOT_FOUND', { file });
  const { identity, problems } = verifyBackupFile(path, ctx.backup.key, ctx.backup.nativeBinding);
  const outlet = ctx.outlet();
  if (identity && (identity.outletCode !== outlet.outlet_code || identity.institutionCode !== outlet.institution_code)) {
    problems.push(`it belongs to outlet ${identity.outletCode} of ${identity.institutionCode}`);
  }
  return { file, ok: problems.length === 0, problems, schemaVersion: identity?.schemaVersion ?? null };
}

// ---- restoring (offline: electron/restore.ts) ----

export interface RestoreOptions {
  dataDir: string;
  /** The backup file. */
  from: string;
  /** The key the backup was made with (the outlet's key: this PC's, or the escrowed one). */
  key: Buffer;
  /** The outlet this data folder is for (terminal.json); else the outlet of the ledger there. */
  outlet?: { institutionCode: string; outletCode: string } | undefined;
  migrations: Migration[];
  now: Date;
  /** Who restores (audited in the restored ledger). */
  by: string;
  /** Other keys that may open the ledger being replaced (to see whether a terminal has it open). */
  otherKeys?: Buffer[];
  nativeBinding?: string;
}

export interface RestoreResult {
  restored: string;
  /** Where the ledger it replaced was kept, if there was one. */
  replaced: string | undefined;
  backup: BackupIdentity;
}

/**
 * The ledger in `dataDir` as it is in the backup. Refused, with nothing changed, when the backup
 * is of another outlet or a newer schema, fails its check, or a terminal has the ledger open. The
 * ledger it replaces is kept as ledger.sqlite.replaced-<time> (with its WAL), never deleted.
 */
export function restoreLedger(opts: RestoreOptions): RestoreResult {
  const target = join(opts.dataDir, LEDGER_FILE);
  const appVersion = opts.migrations.length;

  // The version first (it is in the header): a newer schema's tables are not this program's to check.
  const version = headerVersion(opts.from, opts.key, opts.nativeBinding);
  if (version > appVersion) throw new Refusal('RESTORE_NEWER_VERSION', { backupVersion: String(version), appVersion: String(appVersion) });
  const { identity, problems } = verifyBackupFile(opts.from, opts.key, opts.nativeBinding);
  if (!identity || problems.length > 0) throw new Refusal('RESTORE_BACKUP_DAMAGED', { file: opts.from, problem: problems.join('; ') });
  const current = existsSync(target) ? holdLedger(target, [opts.key, ...(opts.otherKeys ?? [])], opts.nativeBinding) : undefined;
  try {
    const outlet = opts.outlet ?? current?.identity;
    if (!outlet) throw new Refusal('RESTORE_NO_OUTLET', { dataDir: opts.dataDir });
    if (outlet.outletCode !== identity.outletCode || outlet.institutionCode !== identity.institutionCode) {
      throw new Refusal('RESTORE_OTHER_OUTLET', {
        backupOutlet: identity.outletCode, backupInstitution: identity.institutionCode,
        targetOutlet: outlet.outletCode, targetInstitution: outlet.institutionCode,
      });
    }
  } catch (e) {
    current?.release();
    throw e;
  }
  // Closing the last connection folds its WAL into the file: the replaced ledger is one file.
  current?.release();

  const incoming = `${target}.restoring`;
  copyFileSync(opts.from, incoming);
  fsyncPath(incoming);
  let replaced: string | undefined;
  if (existsSync(target)) {
    replaced = `${target}.replaced-${stampOf(opts.now)}`;
    renameSync(target, replaced);
    // A WAL left by a terminal that crashed belongs to the replaced file: it keeps its name's pair.
    if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${replaced}-wal`);
    rmSync(`${target}-shm`, { force: true });
  }
  renameSync(incoming, target);
  fsyncPath(opts.dataDir);

  // Opened as the terminal will open it (migrations brought up to this program's), and audited.
  const db = openLedger(target, opts.key, opts.migrations, opts.nativeBinding);
  try {
    db.transaction(() => {
      audit(db, {
        at: opts.now.toISOString(), actor: opts.by, action: 'ledger.restore', entity: 'ledger', entityId: identity.outletCode,
        detail: { from: basename(opts.from), backupSchemaVersion: identity.schemaVersion, replaced: replaced ? basename(replaced) : null },
      });
    })();
  } finally {
    db.close();
  }
  return { restored: target, replaced, backup: identity };
}

/** PRAGMA user_version of a backup; a wrong key is refused (LEDGER_KEY_WRONG). */
function headerVersion(path: string, key: Buffer, nativeBinding?: string): number {
  if (!existsSync(path)) throw new Refusal('BACKUP_NOT_FOUND', { file: path });
  const db = openBackup(path, key, nativeBinding);
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}

/**
 * Takes the ledger being replaced with an exclusive lock, which fails at once while a terminal has
 * it open (RESTORE_TERMINAL_RUNNING). A ledger none of the keys opens (a replacement PC's empty
 * ledger under a key of its own) cannot be checked; it is kept all the same.
 */
function holdLedger(path: string, keys: Buffer[], nativeBinding?: string): { identity: BackupIdentity | undefined; release(): void } | undefined {
  for (const key of keys) {
    const db = new BetterSqlite3(path, { timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      unlock(db, key, path);
    } catch {
      db.close();
      continue;
    }
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      const identity = identityOf(db);
      db.exec('COMMIT');
      return { identity: identity.outletCode ? identity : undefined, release: () => db.close() };
    } catch (e) {
      db.close();
      if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new Refusal('RESTORE_TERMINAL_RUNNING', { file: path });
      throw e;
    }
  }
  return undefined;
}

/** The default backup folder: beside the ledger. */
export function defaultBackupDir(databasePath: string): string {
  return join(dirname(databasePath), 'backups');
}
