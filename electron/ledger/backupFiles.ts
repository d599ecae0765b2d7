// Where the ledger's backups live and what they are called (backup.ts): the folder, the names
// (<outlet code>_<UTC time>_v<schema version>.sqlite, e.g. PEK-T3-01_20260310T150000Z_v8.sqlite,
// with the audit chain's head for a day close's backup), the listing of an outlet's backups, their
// rotation, and the fsync that makes a file's new name durable.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Refusal } from '../../shared/errors';

/** How many of an outlet's backups are kept when the terminal's configuration does not say. */
export const DEFAULT_KEEP = 30;
/** The ledger's file in a data folder: what a restore replaces. */
export const LEDGER_FILE = 'ledger.sqlite';

export interface BackupInfo {
  file: string;
  createdAt: string;
  outletCode: string;
  schemaVersion: number;
  bytes: number;
}

const NAME = /^(.+)_(\d{8}T\d{6}Z)(?:-(\d+))?(?:_a(\d+)-([0-9a-f]{12}))?_v(\d+)\.sqlite$/;

/** Outlet codes are the institution's own: anything but letters, digits and '-' becomes '-'. */
function safeCode(outletCode: string): string {
  return outletCode.replace(/[^A-Za-z0-9-]/g, '-');
}

/** A moment as it is written in a file name: 20260310T150000Z (UTC, to the second). */
export function stampOf(at: Date): string {
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

/** Flushes a file, or a folder after a rename in it, to disk; a no-op where the system cannot. */
export function fsyncPath(path: string): void {
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

/** The default backup folder: beside the ledger. */
export function defaultBackupDir(databasePath: string): string {
  return join(dirname(databasePath), 'backups');
}

/**
 * A restore's backup file must be there before anything else is said about it: a mistyped path
 * used to be answered with the key or the file's check, which sent the manager looking for the
 * wrong thing.
 */
export function assertBackupFile(path: string): void {
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new Refusal('RESTORE_FILE_NOT_FOUND', { file: path });
}
