// Making a backup (backup.ts): a complete copy of the ledger written with VACUUM INTO (in the
// ledger's own cipher and key), under a temporary name, checked, and only then given its name; one
// that fails the check is deleted and reported, and the oldest beyond `keep` are removed. Also the
// terminal's backup.create and backup.verify, and the backup after a day close.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Refusal, failure, type Failure } from '../../shared/errors';
import type { OutletTable } from './schema';
import { audit } from './audit';
import { schemaVersion } from './migrate';
import type { Database } from './sql';
import { verifyBackupFile } from './backupCheck';
import { backupName, fsyncPath, rotateBackups, type BackupInfo } from './backupFiles';

/**
 * What taking or checking a backup needs of the terminal: the ledger, the clock, the outlet and
 * the settings. Narrow on purpose: the ledger layer does not know the Terminal (its Services,
 * terminal/services.ts, satisfy this).
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
