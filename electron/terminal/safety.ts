// The Terminal's two safety states, checked before every call (README "Backups and recovery"):
//   - a damaged ledger (PRAGMA quick_check failed at start): queries still answer, and people can
//     sign in to make them; everything else is refused with LEDGER_DAMAGED, saying how to restore;
//   - a clock behind the last time recorded: every write, and the quote before a trade, is refused
//     with CLOCK_BEHIND until the clock is right or a supervisor confirms it (clock.ts).
// A method not listed as a query here counts as a write: a new method is refused on a damaged
// ledger until someone lists it, never the other way round.
import { Refusal } from '../../shared/errors';
import { LedgerDamagedError, openLedger, openLedgerReadOnly } from '../ledger/db';
import type { Migration } from '../ledger/migrate';
import type { OutletTable } from '../ledger/schema';
import { first, q, type Database } from '../ledger/sql';
import type { ClockGuard } from './clock';
import { outletRow, type OutletSettings } from './settings';

/** Methods that write nothing to the ledger. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set([
  'session.info', 'outlet.get', 'policies.list', 'rates.board', 'rates.history', 'conversionRates.get', 'calendar.get',
  'customers.lookup', 'trades.quote', 'trades.get', 'trades.list', 'trades.personDay', 'trades.preview',
  'printer.status', 'printer.jobs', 'cash.onHand', 'cash.notes', 'cash.proposePayout',
  'queue.status', 'queue.list', 'monitoring.backfillList', 'monitoring.reconcile',
  'reserves.accounts', 'reserves.ledger', 'dayClose.prepare', 'dayClose.get', 'dayClose.list',
  'reports.form1', 'reports.form2', 'reports.trialBalance', 'reports.profit', 'reports.export', 'reports.outletExport', 'reports.consolidate',
  'audit.verify', 'audit.list', 'backup.list', 'backup.verify',
]);

/** Signing in and out writes only the audit entry of it; without it no query can be made. */
const SESSION_METHODS: ReadonlySet<string> = new Set(['auth.signIn', 'auth.signOut', 'auth.whoami', 'auth.approve']);

export function writes(method: string): boolean {
  return !READ_ONLY_METHODS.has(method);
}

/** Calls that record business, after which the clock mark moves on (signing in does not). */
export function recordsBusiness(method: string): boolean {
  return writes(method) && !SESSION_METHODS.has(method);
}

export interface SafetyState {
  /** What quick_check found, when the ledger is damaged. */
  damaged: string | undefined;
  dataDir: string;
  backupDir: string;
  clock: ClockGuard;
}

/** Before a call: LEDGER_DAMAGED or CLOCK_BEHIND, or nothing. */
export function guardCall(method: string, s: SafetyState): void {
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
 */
export function openTerminalLedger(opts: {
  path: string;
  key: Buffer;
  migrations: Migration[];
  nativeBinding?: string | undefined;
  log: (message: string, error: unknown) => void;
}): { db: Database; damaged: string | undefined } {
  try {
    return { db: openLedger(opts.path, opts.key, opts.migrations, opts.nativeBinding, { quickCheck: true }), damaged: undefined };
  } catch (e) {
    if (!(e instanceof LedgerDamagedError)) throw e;
    opts.log(`terminal: ${e.message}; starting damaged (queries only)`, e);
    try {
      return { db: openLedger(opts.path, opts.key, opts.migrations, opts.nativeBinding), damaged: e.problem };
    } catch (again) {
      if (again instanceof Refusal) throw again;
      opts.log('terminal: the damaged ledger cannot be migrated; opening it read-only', again);
      return { db: openLedgerReadOnly(opts.path, opts.key, opts.nativeBinding), damaged: e.problem };
    }
  }
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
