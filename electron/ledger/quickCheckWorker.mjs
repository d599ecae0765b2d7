// PRAGMA quick_check of a large ledger on a worker thread, on a read-only connection of its own,
// so the terminal answers at once while the whole file is read (electron/ledger/db.ts
// quickCheckInBackground; README "Backups and recovery").
//
// Plain JavaScript that imports nothing of the project: it runs as it is under tsx and vitest
// (tests, browser mode) and, copied next to dist/electron/main.mjs by build/bundle.mjs, in the
// desktop app, with no TypeScript loader. Everything it needs comes in workerData:
//   path          the ledger file;
//   keyHex        its key, 64 hex characters (applied as electron/ledger/key.ts `unlock` does);
//   cipher        the cipher pinned in key.ts (CIPHER), and its algorithm (CIPHER_ALGORITHM) or null;
//   sqliteModule  the better-sqlite3 entry the main thread resolved (the same package and version);
//   nativeBinding the binary for this runtime's ABI (Electron's own in the desktop app), or null;
//   cacheKib      the page cache while the file is checked (db.ts BACKGROUND_CHECK_CACHE_KIB);
//   maxErrors     how many problems quick_check lists at most;
//   niceness      this thread's scheduling priority on Linux (19: the lowest), or 0 to leave it.
// It posts one message: { problem: string | null } (null: sound), or { failed: string } when the
// check could not be run at all (which says nothing about the ledger).
import { readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

const { path, keyHex, cipher, algorithm, sqliteModule, nativeBinding, cacheKib, maxErrors, niceness } = workerData;

/**
 * The check reads the whole file, decrypting every page, for minutes on a large ledger: on two cores
 * it took a core from the counter's trades (issue 21; docs/performance.md). On Linux each thread has
 * its own nice value, and /proc/thread-self names this one: the check yields the CPU to every other
 * thread of the machine. Elsewhere (Windows: Node sets only a whole process's priority) it runs as
 * it did.
 */
function yieldTheCpu() {
  if (process.platform !== 'linux' || !niceness) return;
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), niceness);
  } catch {
    // Not allowed or not there: the check runs at the usual priority.
  }
}

/** What db.ts `quickCheck` returns: undefined when sound, else the first three problems. */
function check(BetterSqlite3) {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    // A plain SQLite build ignores the cipher pragma: no rows. It could not read the ledger anyway.
    if (db.pragma(`cipher = '${cipher}'`).length === 0) throw new Error('this SQLite build cannot decrypt the ledger (not SQLite3 Multiple Ciphers)');
    if (algorithm) db.pragma(`algorithm = '${algorithm}'`);
    db.pragma(`key = "x'${keyHex}'"`);
    db.pragma(`cache_size = ${cacheKib}`);
    // As on the terminal's own connection: nothing decrypted goes to a temporary file.
    db.pragma('temp_store = MEMORY');
    const problems = db.pragma(`quick_check(${maxErrors})`).map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length === 0 ? undefined : problems.slice(0, 3).join('; ');
  } catch (e) {
    // A page that does not decrypt is an error, not a row: damage all the same (as in db.ts).
    const code = e?.code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_IOERR')) return `${code}: ${e.message}`;
    throw e;
  } finally {
    db.close();
  }
}

try {
  yieldTheCpu();
  const BetterSqlite3 = createRequire(import.meta.url)(sqliteModule);
  parentPort.postMessage({ problem: check(BetterSqlite3) ?? null });
} catch (e) {
  parentPort.postMessage({ failed: String(e?.message ?? e) });
}
