// What every handler of the Terminal works with: the ledger connection, the clock, the outlet,
// the policy versions and the monitoring adapter. Built once by createTerminal.
import { monotonicFactory } from 'ulid';
import type { Policy } from '../../shared/policy';
import type { MonitoringAdapter } from '../monitoring/adapter';
import type { ContactState } from '../monitoring/contact';
import type { Sync } from '../monitoring/sync';
import type { PrinterSetup, Spool } from './printing';
import type { Database } from '../ledger/sql';
import type { OutletTable } from '../ledger/schema';

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
}

/** Ids for trades and other rows: ULIDs, sortable by time and unique across restarts. */
export function idFactory(now: () => Date): () => string {
  const next = monotonicFactory();
  return () => next(now().getTime());
}
