// What the handlers work with, in two types (issue 15): the Terminal's long-lived services, built
// once by createTerminal (the ledger connection, the clock, the outlet, the policy versions, the
// monitoring adapter, the printer's spool, …), and the Call, made by the dispatcher for each call
// (who is calling, with which session, and the supervisor whose approval the call carries).
//
// Only handler modules (electron/terminal/<domain>/) import this file; the service modules they
// use (trades/views.ts, auth/sessions.ts, printer/spool.ts, …) take what they need as parameters,
// so that nothing this file names imports it back (test/layers.test.ts forbids cycles).
import { getRandomValues } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { Policy } from '../../shared/policy';
import type { MonitoringAdapter } from '../monitoring/adapter';
import type { ContactState } from '../monitoring/contact';
import type { HubPusher } from '../hubClient/push';
import type { Sync } from '../monitoring/sync';
import type { Database } from '../ledger/sql';
import type { OutletTable } from '../ledger/schema';
import type { BackupSettings } from '../ledger/backup';
import type { PrinterSetup } from './printerGate';
import type { Spool } from './printer/spool';
import type { ClockGuard } from './clock/guard';
import type { LedgerIntegrity } from './safety';
import type { AuthState } from './auth/sessions';
import type { Person } from './people/staff';
import type { MethodName, Parsed } from '../../shared/api';

export interface Services {
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
  /** How long a quote waits for the customer's standing at SAFE before quoting offline. */
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
  /** Sessions and approvals (electron/terminal/auth/sessions.ts). */
  auth: AuthState;
  /** The ledger's quick_check: 'checking' while a large ledger is checked in the background (safety.ts). */
  integrity: () => LedgerIntegrity;
  /** The institution's hub, when one is configured (issue 16): its state, and the look-ups a quote makes. */
  hub?: HubPusher | undefined;
}

/** One call, as the dispatcher (dispatch.ts) made it: a handler reads it and never changes it. */
export interface Call {
  /** Who is calling: the session's person (undefined only for a public method called without one). */
  readonly caller: Person | undefined;
  /** The session token the call came with (auth.signOut ends it, auth.whoami reads it). */
  readonly session: string | undefined;
  /**
   * Who approved, for a method whose spec has `approval`: the supervisor whose approval the call
   * carries (checked by the dispatcher before the handler ran), or the caller acting on their own
   * authority where the spec allows it (`self`); undefined when there is none. A handler that
   * needs a supervisor refuses with SUPERVISOR_REQUIRED when it is undefined.
   */
  readonly approver: string | undefined;
  /**
   * The action's write: `write` runs in one immediate transaction, in which the dispatcher first
   * uses the call's approval, if it carries one (approval_uses: single use, written with the action
   * or not at all). Every handler of an approved method writes its action through this.
   */
  act<T>(write: () => T): T;
}

/** A method's handler: the services, the parsed input (the actor filled), the call. */
export type Handler<I> = (services: Services, input: I, call: Call) => unknown;

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

/**
 * What the handler of M gets: the parsed input, the actor filled from the session, without the
 * approval fields (the dispatcher's: the handler reads `call.approver`, never a claim).
 */
export type HandlerInput<M extends MethodName> = Parsed<M>;
/** A domain's handlers: one per method with the prefix P, each fitting its spec's input. */
export type HandlersOf<P extends string> = {
  [M in MethodName as M extends `${P}.${string}` ? M : never]: (services: Services, input: HandlerInput<M>, call: Call) => unknown;
};
