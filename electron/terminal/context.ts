// What every handler of the Terminal works with: the ledger connection, the clock, the outlet,
// the policy versions and the monitoring adapter. Built once by createTerminal.
import { getRandomValues } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { Policy } from '../../shared/policy';
import type { MonitoringAdapter } from '../monitoring/adapter';
import type { ContactState } from '../monitoring/contact';
import type { Sync } from '../monitoring/sync';
import type { PrinterSetup, Spool } from './printing';
import type { Database } from '../ledger/sql';
import type { OutletTable } from '../ledger/schema';
import type { BackupSettings } from '../ledger/backup';
import type { ClockGuard } from './clock';
import type { LedgerIntegrity } from './safety';
import type { AuthState } from './auth';
import type { Person } from './people';

export interface Context {
  db: Database;
  now: () => Date;
  outlet: () => OutletTable;
  policies: () => Policy[];
  /** The monitoring system, wrapped so every call updates `contact`. */
  monitoring: MonitoringAdapter | undefined;
  contact: ContactState;
  /** Training mode (培训模式): marked on every receipt. */
  training: boolean;
  /** The receipt printer, when one is set up. */
  printer: PrinterSetup | undefined;
  spool: Spool | undefined;
  /** The outbox's sync loop, when there is a monitoring system. */
  sync: Sync | undefined;
  /** How long a quote waits for the person's standing before quoting offline. */
  quotaTimeoutMs: number;
  newId: () => string;
  /** Signs quote tokens, so a commit only accepts quotes this terminal made (kept in memory only). */
  quoteKey: Buffer;
  /** Where backups go, how many are kept, and the key that opens them (electron/ledger/backup.ts). */
  backup: BackupSettings;
  /** The PC clock against the last time recorded (electron/terminal/clock.ts). */
  clock: ClockGuard;
  /** The folder of the ledger (the outlet's signing key for 附表3 exports lives there). */
  dataDir: string;
  /** Sessions and approvals (electron/terminal/auth.ts). */
  auth: AuthState;
  /** The ledger's quick_check: 'checking' while a large ledger is checked in the background (safety.ts). */
  integrity: () => LedgerIntegrity;
  // ---- per call (the Terminal gives each call its own copy of the context) ----
  /** Who is calling: the session's person (undefined only for a public method called without one). */
  caller?: Person | undefined;
  /** The session token the call came with. */
  session?: string | undefined;
  /** The approval the call's input carries (`approval`), for consumeApproval (auth.ts). */
  approval?: string | undefined;
  /**
   * When the Terminal checked that approval, before the action began: it stays good for the action
   * however long a real-time entry takes in between (an entry SAFE holds is not undone by it).
   */
  approvalCheckedAt?: number | undefined;
}

/** Ids for trades and other rows: ULIDs, sortable by time and unique across restarts. */
export function idFactory(now: () => Date): () => string {
  const next = monotonicFactory(pooledRandom());
  return () => next(now().getTime());
}

/**
 * ulid's PRNG: a fraction in [0, 1) from one random byte, as ulid's own default makes it, but
 * taken from a pool filled 4 KiB at a time: the default asks the OS (crypto.getRandomValues) once
 * per character, 16 times an id, which was 3 % of a trade's commit.
 */
function pooledRandom(): () => number {
  const pool = new Uint8Array(4096);
  let at = pool.length;
  return () => {
    if (at === pool.length) {
      getRandomValues(pool);
      at = 0;
    }
    return pool[at++]! / 256;
  };
}
