// The offline restore (backup.ts; run by electron/restore.ts, README "Backups and recovery"): the
// ledger in a data folder made as it is in a backup, refused with nothing changed when the backup
// is of another outlet or a newer schema, fails its check, or a terminal has the ledger open. The
// ledger it replaces is kept, never deleted. The restored ledger numbers receipts in a new book
// (ledger/receipts.ts restartNumbering): never a number printed after the backup was made.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Refusal } from '../../shared/errors';
import { audit } from './audit';
import { openLedger } from './db';
import { restartNumbering } from './receipts';
import { settleRestoredJobs } from './printJobs';
import { unlock } from './key';
import { schemaVersion, type Migration } from './migrate';
import { identityOf, openBackup, verifyBackupFile, type BackupIdentity } from './backupCheck';
import { assertBackupFile, fsyncPath, LEDGER_FILE, stampOf } from './backupFiles';

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
  /** The backup's last receipt number of the counter's own book, and the first the restored ledger issues. */
  numbering: { lastReceiptNo: string; nextReceiptNo: string; closedBook: string | undefined };
}

/**
 * The ledger in `dataDir` as it is in the backup. Refused, with nothing changed, when the backup
 * is of another outlet or a newer schema, fails its check, or a terminal has the ledger open. The
 * ledger it replaces is kept as ledger.sqlite.replaced-<time> (with its WAL), never deleted.
 */
export function restoreLedger(opts: RestoreOptions): RestoreResult {
  const target = join(opts.dataDir, LEDGER_FILE);
  const appVersion = opts.migrations.length;

  assertBackupFile(opts.from);
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
  let numbering: RestoreResult['numbering'];
  try {
    db.transaction(() => {
      // Receipts printed after the backup are not in it: their numbers are never issued again.
      const restart = restartNumbering(db, opts.now.toISOString(), opts.by);
      numbering = { lastReceiptNo: String(restart.lastOwn), nextReceiptNo: String(restart.nextOwn), closedBook: restart.hubBook };
      // Receipts queued when the backup was made may have printed after it: not printed again by themselves.
      const notKnownPrinted = settleRestoredJobs(db, opts.now.toISOString());
      audit(db, {
        at: opts.now.toISOString(), actor: opts.by, action: 'ledger.restore', entity: 'ledger', entityId: identity.outletCode,
        detail: {
          from: basename(opts.from), backupSchemaVersion: identity.schemaVersion, replaced: replaced ? basename(replaced) : null,
          lastReceiptNo: numbering.lastReceiptNo, nextReceiptNo: numbering.nextReceiptNo, closedBook: numbering.closedBook ?? null,
          notKnownPrinted,
        },
      });
    })();
  } finally {
    db.close();
  }
  return { restored: target, replaced, backup: identity, numbering: numbering! };
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
export function holdLedger(path: string, keys: Buffer[], nativeBinding?: string): { identity: BackupIdentity | undefined; release(): void } | undefined {
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
