// The Terminal's two safety states, checked before every call (README "Backups and recovery"):
//   - a damaged ledger (PRAGMA quick_check failed at start, or on its worker thread for a large
//     ledger): queries still answer, and people can sign in to make them; everything else is
//     refused with LEDGER_DAMAGED, saying how to restore;
//   - a clock behind the last time recorded: every write, and the quote before a trade, is refused
//     with CLOCK_BEHIND until the clock is right or a supervisor confirms it (clock.ts).
// A method whose spec does not say `query` counts as a write: a new method is refused on a damaged
// ledger until its spec says it only reads, never the other way round.
import { api, type MethodName } from '../../shared/api';
import { Refusal } from '../../shared/errors';
import { LedgerDamagedError, ledgerBytes, openLedger, openLedgerReadOnly, QUICK_CHECK_SYNC_MAX_BYTES, quickCheck, quickCheckInBackground, type BackgroundCheck } from '../ledger/db';
import type { Migration } from '../ledger/migrate';
import type { OutletTable } from '../ledger/schema';
import { first, q, type Database } from '../ledger/sql';
import type { ClockGuard } from './clock/guard';
import { outletRow, type OutletSettings } from './settings';

/** Signing in and out writes only the audit entry of it; without it no query can be made. */
const SESSION_METHODS: ReadonlySet<string> = new Set(['auth.signIn', 'auth.signOut', 'auth.whoami', 'auth.approve']);

/** A method writes unless its spec says it is a query (shared/api/spec.ts `query`). */
export function writes(method: MethodName): boolean {
  return !('query' in api[method]);
}

/** Calls that record business, after which the clock mark moves on (signing in does not). */
export function recordsBusiness(method: MethodName): boolean {
  return writes(method) && !SESSION_METHODS.has(method);
}

/**
 * The ledger's quick_check: 'checking' while it runs on its worker thread (a large ledger), then
 * 'ok' or 'damaged'; 'unchecked' when the worker could not run (logged; the day close's backup
 * check still reads every page).
 */
export type LedgerIntegrity = 'checking' | 'ok' | 'damaged' | 'unchecked';

export interface SafetyState {
  /** What quick_check found, when the ledger is damaged. */
  damaged: string | undefined;
  integrity: LedgerIntegrity;
  dataDir: string;
  backupDir: string;
  clock: ClockGuard;
}

/** Before a call: LEDGER_DAMAGED or CLOCK_BEHIND, or nothing. */
export function guardCall(method: MethodName, s: SafetyState): void {
  if (s.damaged !== undefined && writes(method) && !SESSION_METHODS.has(method)) {
    throw new Refusal('LEDGER_DAMAGED', { problem: s.damaged.slice(0, 200), dataDir: s.dataDir, backupDir: s.backupDir });
  }
  // The quote is the step before a trade: refused at once rather than at the commit. Signing in
  // and the confirmation itself are not, or no supervisor could confirm.
  if ((writes(method) || method === 'trades.quote') && method !== 'clock.confirm' && !SESSION_METHODS.has(method)) s.clock.check();
}

/**
 * Opens the Terminal's ledger with its key and checks it (quick_check). A damaged one is opened
 * again without the check, so queries and sign-in work; if even that fails (its migrations cannot
 * run), read-only.
 *
 * A ledger larger than `syncCheckMaxBytes` (file and WAL; default QUICK_CHECK_SYNC_MAX_BYTES) is
 * opened without the check and `checkLater` is true: the Terminal checks it on a worker thread
 * (checkInBackground) and lets the counter work meanwhile. Waiting for it is a minute at every
 * morning's start for a 6 GB ledger, which would send tellers to page mode, and it is not the only
 * check: the day close's backup reads every page (VACUUM INTO) and checks the copy every night.
 * If that open fails for any reason but a refusal, the ledger is checked at once as a small one is.
 */
export function openTerminalLedger(opts: {
  path: string;
  key: Buffer;
  migrations: Migration[];
  nativeBinding?: string | undefined;
  syncCheckMaxBytes?: number | undefined;
  log: (message: string, error: unknown) => void;
}): { db: Database; damaged: string | undefined; checkLater: boolean } {
  if (ledgerBytes(opts.path) > (opts.syncCheckMaxBytes ?? QUICK_CHECK_SYNC_MAX_BYTES)) {
    try {
      return { db: openLedger(opts.path, opts.key, opts.migrations, opts.nativeBinding, { log: (m) => opts.log(m, undefined) }), damaged: undefined, checkLater: true };
    } catch (e) {
      if (e instanceof Refusal) throw e;
      opts.log('terminal: the ledger did not open; checking it now (quick_check)', e);
    }
  }
  try {
    return { db: openLedger(opts.path, opts.key, opts.migrations, opts.nativeBinding, { quickCheck: true, log: (m) => opts.log(m, undefined) }), damaged: undefined, checkLater: false };
  } catch (e) {
    if (!(e instanceof LedgerDamagedError)) throw e;
    opts.log(`terminal: ${e.message}; starting damaged (queries only)`, e);
    try {
      return { db: openLedger(opts.path, opts.key, opts.migrations, opts.nativeBinding, { log: (m) => opts.log(m, undefined) }), damaged: e.problem, checkLater: false };
    } catch (again) {
      if (again instanceof Refusal) throw again;
      opts.log('terminal: the damaged ledger cannot be migrated; opening it read-only', again);
      return { db: openLedgerReadOnly(opts.path, opts.key, opts.nativeBinding), damaged: e.problem, checkLater: false };
    }
  }
}

/**
 * A ledger not checked yet (checkLater) whose first reads at start failed with `error`: checked now
 * (quick_check on the open connection) rather than the terminal failing to start. What it finds,
 * or the error itself if it is SQLite saying the file is damaged; undefined for any other error.
 */
export function damageAtStart(db: Database, error: unknown): string | undefined {
  const code = (error as { code?: string }).code;
  if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB' && !code?.startsWith('SQLITE_IOERR')) return undefined;
  return quickCheck(db) ?? `${code}: ${(error as Error).message}`;
}

/**
 * The background quick_check of a ledger opened with `checkLater`. Until it ends, trading goes on
 * (openTerminalLedger says why). A problem found switches the Terminal to the damaged state, as if
 * found at start: `safety.damaged` set (writes refused with LEDGER_DAMAGED from the next call on),
 * and `onDamaged` stops what writes in the background (the print spool, the sync loop). A worker
 * that cannot run leaves the ledger 'unchecked'. Every outcome but 'ok' is logged.
 */
export function checkInBackground(opts: {
  path: string;
  key: Buffer;
  nativeBinding?: string | undefined;
  safety: SafetyState;
  log: (message: string, error: unknown) => void;
  onDamaged: () => void;
}): BackgroundCheck {
  opts.safety.integrity = 'checking';
  return quickCheckInBackground(opts.path, opts.key, opts.nativeBinding, (r) => {
    if ('failed' in r) {
      opts.safety.integrity = 'unchecked';
      opts.log(`terminal: the ledger's background check (quick_check) could not run: ${r.failed}; the day close's backup check still covers it`, undefined);
    } else if (r.problem === undefined) {
      opts.safety.integrity = 'ok';
    } else {
      opts.safety.damaged = r.problem;
      opts.safety.integrity = 'damaged';
      opts.log(`terminal: the ledger is damaged: ${r.problem}; from now on queries only (background quick_check)`, undefined);
      opts.onDamaged();
    }
  });
}

/** The outlet row; on a damaged ledger that cannot give it, the configuration's outlet. */
export function outletOrConfig(db: Database, settings: OutletSettings, at: string): OutletTable {
  try {
    const row = first(db, q.selectFrom('outlet').selectAll());
    if (row) return row;
  } catch {
    // damaged: fall through
  }
  return outletRow(settings, at);
}
