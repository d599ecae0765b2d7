// Opening the ledger: one SQLite file per terminal, WAL with synchronous=FULL (a committed trade
// survives a power cut), foreign keys on, integers read as bigint, migrations applied.
//
// WAL checkpoints (copying the WAL's pages back into the file) never run inside a trade's commit:
// a worker thread with a connection of its own runs them (checkpoints.ts, issue 21), and the main
// thread takes over, as before, where the worker cannot run.
//
// The file is encrypted with the terminal's key (electron/ledger/key.ts): the key is applied before
// anything else reads the file, and a wrong one is refused with LEDGER_KEY_WRONG.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { startCheckpoints, WAL_BACKSTOP_PAGES, workerFile } from './checkpoints';
import { CIPHER, CIPHER_ALGORITHM, encryptPlaintextLedger, isPlaintextSqlite, keyHex, reencryptLegacyLedger, unlock } from './key';
import { loadMigrations, migrate, type Migration } from './migrate';
import type { Database } from './sql';

export { BUSY_CHECKPOINT_CHANGES, IDLE_CHECKPOINT_MS, WAL_BACKSTOP_PAGES, checkpointState, killCheckpointWorker } from './checkpoints';

/** What PRAGMA quick_check found wrong in a ledger (the Terminal then starts damaged). */
export class LedgerDamagedError extends Error {
  constructor(readonly problem: string) {
    super(`the ledger is damaged: ${problem}`);
    this.name = 'LedgerDamagedError';
  }
}

/**
 * `key`: the ledger's 32 bytes (electron/ledger/key.ts). A ledger written before encryption is
 * encrypted with it on this first open.
 * `nativeBinding`: the better-sqlite3 binary to load. Electron needs one built for its own ABI;
 * tests and browser mode use the one npm built for Node (see README: two builds side by side).
 * `quickCheck`: PRAGMA quick_check before anything is written; a damaged ledger throws
 * LedgerDamagedError and is left as it is (openLedgerReadOnly opens it for queries).
 * `log`: told when the checkpoint worker stops and the main thread takes over (checkpoints.ts).
 */
export function openLedger(path: string, key: Buffer, migrations: Migration[] = loadMigrations(), nativeBinding?: string, opts: { quickCheck?: boolean; log?: (message: string) => void } = {}): Database {
  if (isPlaintextSqlite(path)) encryptPlaintextLedger(() => new BetterSqlite3(path, nativeBinding ? { nativeBinding } : {}), key);
  const db = new BetterSqlite3(path, nativeBinding ? { nativeBinding } : {});
  try {
    const cipher = unlock(db, key, path);
    if (opts.quickCheck) {
      const problem = quickCheck(db);
      if (problem !== undefined) throw new LedgerDamagedError(problem);
    }
    // A ledger under an earlier release's cipher (ChaCha20) moves to AEGIS now, once (issue 21).
    if (cipher !== CIPHER) reencryptLegacyLedger(db, key);
    db.defaultSafeIntegers(true);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Sorts and temporary tables stay in memory: SQLite3 Multiple Ciphers encrypts the database
    // and its WAL, not temporary files, and those could hold customers' names.
    db.pragma('temp_store = MEMORY');
    // Migrations checkpoint as the fallback does; the worker takes over once they are done.
    db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    migrate(db, migrations);
    startCheckpoints(db, { path, key, nativeBinding, log: opts.log });
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** A damaged ledger, for queries only: no migration, no checkpoint, nothing written. */
export function openLedgerReadOnly(path: string, key: Buffer, nativeBinding?: string): Database {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    unlock(db, key, path);
    db.defaultSafeIntegers(true);
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * PRAGMA quick_check: every page and b-tree, without matching indexes to their tables (that is
 * integrity_check). Undefined when sound, else what it found. A page that does not decrypt (its
 * authentication tag fails) is reported as an error by SQLite rather than as a row: both count.
 * Reads the whole file: ~10 ms a megabyte here, encrypted (README "Backups and recovery").
 */
export function quickCheck(db: Database): string | undefined {
  // A larger page cache for the check only: each page is decrypted once rather than again and
  // again (about 14 ms a MB with the default 16 MB cache, 9 with 64 MB, on a 260 MB ledger here).
  const cache = Number(db.pragma('cache_size', { simple: true }));
  db.pragma(`cache_size = ${CHECK_CACHE_KIB}`);
  try {
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length === 0 ? undefined : problems.slice(0, 3).join('; ');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_IOERR')) return `${code}: ${(e as Error).message}`;
    throw e;
  } finally {
    db.pragma(`cache_size = ${cache}`);
  }
}

/** The page cache while a whole file is checked (negative: KiB): 64 MB. */
export const CHECK_CACHE_KIB = -65_536;

/**
 * The page cache of the background check's thread (a large ledger at start, beside the counter):
 * 16 MB. Measured on the 2.7 M-trade ledger under AEGIS (8 GB, 2026-12-06): quick_check took the
 * same time with 16, 32 or 64 MB (21.6–23.9 s with the file in the OS's cache; 70–77 s from a
 * cold disk), and the 64 MB cache was ~50 MB more of the Terminal's resident memory while it ran
 * (the bench's peak, 285–311 MB, was in that phase). docs/performance.md, "Memory".
 */
export const BACKGROUND_CHECK_CACHE_KIB = -16_384;

/**
 * A ledger up to this size (the file and its WAL) is checked before the terminal starts: about a
 * third of a second at ~10 ms a MB. A larger one is checked on a worker thread while the terminal
 * works (quickCheckInBackground; README "Backups and recovery"): the 5-year benchmark ledger (6 GB)
 * would otherwise hold every morning's start for a minute.
 */
export const QUICK_CHECK_SYNC_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The background check's thread runs at this nice value on Linux (the lowest priority): it then
 * takes only the CPU the counter leaves (quickCheckWorker.mjs; docs/performance.md, issue 21).
 */
export const QUICK_CHECK_NICENESS = 19;

/** The bytes quick_check reads: the ledger file and its WAL (0 for a ledger not made yet). */
export function ledgerBytes(path: string): number {
  const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
  return size(path) + size(`${path}-wal`);
}

/** How a background check ended: `problem` undefined is a sound ledger; `failed`: it could not run. */
export type BackgroundCheckResult = { problem: string | undefined } | { failed: string };

export interface BackgroundCheck {
  /** Ends the check (at close); its result is then never reported. */
  stop(): void;
}

const WORKER_FILE = 'quickCheckWorker.mjs';

/**
 * PRAGMA quick_check on a worker thread (quickCheckWorker.mjs), on a read-only connection of its
 * own with the same key and native binary: it reads a snapshot of the ledger (WAL), so the
 * terminal's writes go on meanwhile and are neither blocked nor seen half-done. `onResult` is
 * called once, on the main thread, unless stop() came first.
 *
 * stop() terminates the worker, but SQLite cannot be interrupted from JavaScript: a check in the
 * middle of a large file finishes its pass (read-only) before the thread ends, and the process
 * ends after it.
 */
export function quickCheckInBackground(path: string, key: Buffer, nativeBinding: string | undefined, onResult: (r: BackgroundCheckResult) => void): BackgroundCheck {
  let settled = false;
  const settle = (r: BackgroundCheckResult) => {
    if (settled) return;
    settled = true;
    onResult(r);
  };
  let worker: Worker;
  try {
    worker = new Worker(workerFile(WORKER_FILE), {
      workerData: {
        path, keyHex: keyHex(key), cipher: CIPHER, algorithm: CIPHER_ALGORITHM, nativeBinding: nativeBinding ?? null,
        // The same better-sqlite3 as this thread's, resolved here: the worker's own folder may be
        // outside the app's node_modules (app.asar.unpacked).
        sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3'),
        cacheKib: BACKGROUND_CHECK_CACHE_KIB, maxErrors: 20, niceness: QUICK_CHECK_NICENESS,
      },
      // Without a TypeScript loader or the parent's flags (vitest's, tsx's): it is plain JavaScript.
      execArgv: [],
    });
  } catch (e) {
    queueMicrotask(() => settle({ failed: `the check could not start: ${(e as Error).message}` }));
    return {
      stop() {
        settled = true;
      },
    };
  }
  // The check alone never keeps the process open.
  worker.unref();
  worker.on('message', (m: { problem?: string | null; failed?: string }) => {
    settle(m.failed !== undefined ? { failed: m.failed } : { problem: m.problem ?? undefined });
  });
  worker.on('error', (e) => settle({ failed: e.message }));
  worker.on('exit', (code) => settle({ failed: `the check stopped (exit code ${code}) before it reported` }));
  return {
    stop() {
      settled = true;
      void worker.terminate();
    },
  };
}
