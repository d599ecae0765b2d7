// The Terminal: one plain Node object, built by one composition function from a config, that owns
// the ledger and answers every method of the API. Electron's main process and browser mode's HTTP
// server both call `terminal.call(method, input)`; neither has logic of its own. What every call
// needs is the dispatcher's (dispatch.ts); each method's handler is in its domain's folder
// (handlers.ts), its spec in shared/api/<domain>.ts. Every write is one transaction, so a refused
// or failed call leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { Input, MethodName } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { audit } from '../ledger/audit';
import { defaultBackupDir, DEFAULT_KEEP } from '../ledger/backup';
import type { Migration } from '../ledger/migrate';
import { loadMigrations } from '../ledger/migrate';
import { schemaDrift } from '../ledger/schemaCheck';
import type { MonitoringAdapter } from '../monitoring/adapter';
import { trackContact, type ContactState } from '../monitoring/contact';
import { createSync, type SyncOptions } from '../monitoring/sync';
import { createHubPusher, type HubPusher, type HubSetup, type ReferenceSink } from '../hubClient/push';
import { applyReferenceChanges, hubReference } from './hubSync/apply';
import { createAuthState } from './auth/sessions';
import { createClockGuard } from './clock/guard';
import { createDispatcher } from './dispatch';
import { handlers, type Output } from './handlers';
import { findPerson, usable } from './people/staff';
import type { PrinterSetup } from './printerGate';
import { createSpool } from './printer/spool';
import { checkInBackground, damageAtStart, guardCall, openTerminalLedger, outletOrConfig, recordsBusiness, type SafetyState } from './safety';
import { idFactory, type Services } from './services';
import { ensureBasePolicy, initOutlet, readOutlet, readPolicies, type OutletSettings } from './settings';

export type { Output } from './handlers';

export interface TerminalConfig {
  databasePath: string;
  /** The ledger's 32-byte key (electron/ledger/key.ts): the file, its WAL and backups are encrypted with it. */
  databaseKey: Buffer;
  /** Backups: the folder (default <data dir>/backups) and how many to keep (default 30). */
  backup?: { dir?: string; keep?: number };
  outlet: OutletSettings;
  /** Injected so tests (and training) can move time. */
  clock?: () => Date;
  monitoring?: MonitoringAdapter;
  /** The receipt printer and its profile; `autoStart: false` leaves printing to `printer.printPending`. */
  printer?: PrinterSetup & { autoStart?: boolean };
  /** Training mode: every receipt says so. */
  training?: boolean;
  /** The outbox's sync loop; `autoStart: false` leaves it to `queue.syncNow` (tests). */
  sync?: SyncOptions & { autoStart?: boolean };
  /** The institution's hub (issue 16): the events pushed to it by a background loop. */
  hub?: HubSetup;
  /** How long a quote waits for the monitoring system's figures (default 1.5 s). */
  quotaTimeoutMs?: number;
  migrations?: Migration[];
  /** A better-sqlite3 binary built for Electron (the desktop app); Node's own otherwise. */
  nativeBinding?: string;
  /** Where bugs are reported (never to the teller). */
  log?: (message: string, error: unknown) => void;
  /** Signed out after this long without a call (default 15 minutes; shared/api/roles.ts). */
  idleSignOutMs?: number;
  /** scrypt's N for new password hashes (default 2^15; a hash keeps its own, so old ones still verify). */
  scryptN?: number;
  /**
   * A ledger (file and WAL) up to this many bytes is checked (quick_check) before the terminal
   * starts; a larger one on a worker thread while it works (default 32 MB: QUICK_CHECK_SYNC_MAX_BYTES;
   * safety.ts). Tests set 0 to check in the background.
   */
  quickCheckSyncMaxBytes?: number;
}

export interface Terminal {
  /** `session`: the token auth.signIn gave; every method but the public ones (shared/api: roles 'public') needs it. */
  call<M extends MethodName>(method: M, input: Input<M>, session?: string): Promise<Result<Output<M>>>;
  /** For transports: a method name (and a session) from outside, checked here. */
  callUnknown(method: unknown, input: unknown, session?: unknown): Promise<Result<unknown>>;
  /**
   * In-process only (tests, the benchmark): a session for a person who may sign in, without their
   * password. No transport reaches it: they have call and callUnknown. Audited as a sign-in.
   */
  openSession(personId: string): string;
  readonly methods: readonly MethodName[];
  close(): void;
  /** The ledger, for tests and the benchmark only. */
  readonly ledger: Services['db'];
  /** The push to the hub, when one is configured (its state for the screens; runOnce for tests). */
  readonly hub: HubPusher | undefined;
}

export function createTerminal(config: TerminalConfig): Terminal {
  const now = config.clock ?? (() => new Date());
  const log = config.log ?? ((message, error) => console.error(message, error));
  // A damaged ledger (quick_check) starts for queries only; a large one is checked in the
  // background (checkLater) and may turn damaged later: safety.ts.
  const migrations = config.migrations ?? loadMigrations();
  const opened = openTerminalLedger({
    path: config.databasePath, key: config.databaseKey, migrations, nativeBinding: config.nativeBinding,
    syncCheckMaxBytes: config.quickCheckSyncMaxBytes, log,
  });
  const { db } = opened;
  let { damaged, checkLater } = opened;
  // A trigger dropped or an index changed by someone with the file: queries only, and said why.
  if (!damaged) {
    damaged = schemaDrift(db, migrations, config.nativeBinding);
    if (damaged) log(`terminal: ${damaged}; starting damaged (queries only)`, undefined);
  }
  try {
    const at = now().toISOString();
    if (!damaged) {
      ensureBasePolicy(db, at);
      initOutlet(db, config.outlet, at);
    }
  } catch (e) {
    // Not checked yet, and its first reads fail: checked now, so a damaged ledger starts damaged.
    damaged = checkLater ? damageAtStart(db, e) : undefined;
    if (damaged === undefined) {
      db.close();
      throw e;
    }
    log(`terminal: the ledger is damaged: ${damaged}; starting damaged (queries only)`, e);
    checkLater = false;
  }
  let outlet = damaged ? outletOrConfig(db, config.outlet, now().toISOString()) : readOutlet(db);
  let policies = (() => {
    try {
      return readPolicies(db);
    } catch (e) {
      if (!damaged) throw e;
      return [];
    }
  })();
  const backupDir = config.backup?.dir ?? defaultBackupDir(config.databasePath);
  const contact: ContactState = { online: undefined, lastContactAt: undefined, lastError: undefined };
  const ctx: Services = {
    db,
    now,
    outlet: () => outlet,
    policies: () => policies,
    monitoring: config.monitoring ? trackContact(config.monitoring, contact, now) : undefined,
    contact,
    quotaTimeoutMs: config.quotaTimeoutMs ?? 1_500,
    sync: undefined,
    training: config.training ?? false,
    printer: config.printer,
    spool: undefined,
    newId: idFactory(now),
    quoteKey: randomBytes(32),
    auth: createAuthState(db, now, { idleMs: config.idleSignOutMs, scryptN: config.scryptN }),
    dataDir: dirname(config.databasePath),
    backup: { dir: backupDir, keep: config.backup?.keep ?? DEFAULT_KEEP, key: config.databaseKey, nativeBinding: config.nativeBinding },
    clock: createClockGuard(db, now, !damaged),
    integrity: () => safety.integrity,
  };
  const safety: SafetyState = { damaged, integrity: damaged !== undefined ? 'damaged' : 'ok', dataDir: dirname(config.databasePath), backupDir, clock: ctx.clock };
  // On a damaged ledger nothing runs in the background: the spool and the sync loop write.
  if (config.printer) {
    ctx.spool = createSpool({ db, now, outlet: ctx.outlet, training: ctx.training }, config.printer);
    if (config.printer.autoStart !== false && !damaged) ctx.spool.start();
  }
  if (ctx.monitoring) {
    ctx.sync = createSync(db, ctx.monitoring, now, config.sync);
    if (config.sync?.autoStart !== false && !damaged) ctx.sync.start();
  }
  // The hub: the push reads the ledger only (its events are the audit trail), so it runs on a
  // damaged one too; reference data is applied only to a sound one.
  const reference: ReferenceSink = {
    version: () => hubReference(db).version,
    apply(answer) {
      // Found damaged since the start: nothing more is written (the screens say why).
      if (safety.damaged !== undefined) return hubReference(db).version;
      const applied = applyReferenceChanges(db, answer.changes, answer.latest, now().toISOString());
      for (const id of applied.signedOut) ctx.auth.lockOut(id);
      if (applied.policyChanged) policies = readPolicies(db);
      if (applied.outletChanged) outlet = readOutlet(db);
      return applied.version;
    },
  };
  const hub = config.hub
    ? createHubPusher({ db, dataDir: dirname(config.databasePath), terminalId: outlet.terminal_id, outletCode: outlet.outlet_code, now, setup: config.hub, log, reference: damaged ? undefined : reference })
    : undefined;
  ctx.hub = hub;
  if (hub && config.hub?.autoStart !== false) hub.start();
  // A large ledger: quick_check on a worker thread; damage found there stops the same loops.
  const background = checkLater
    ? checkInBackground({
        path: config.databasePath, key: config.databaseKey, nativeBinding: config.nativeBinding, safety, log,
        onDamaged: () => {
          ctx.spool?.stop();
          ctx.sync?.stop();
        },
      })
    : undefined;
  const dispatch = createDispatcher({
    services: ctx,
    handlers,
    guard: (method) => guardCall(method, safety),
    afterCall: (method) => {
      if (method === 'policies.load') policies = readPolicies(db);
      if (recordsBusiness(method)) ctx.clock.note();
    },
    log,
  });

  return {
    call: (method, input, session) => dispatch(method, input, session) as never,
    callUnknown: dispatch,
    openSession(personId) {
      const p = usable(findPerson(db, personId));
      const at = now().toISOString();
      db.transaction(() => audit(db, { at, actor: p.id, action: 'auth.signIn', entity: 'person', entityId: p.id, detail: { trusted: true } })).immediate();
      return ctx.auth.open(p.id).token;
    },
    methods: Object.keys(handlers) as MethodName[],
    close: () => {
      background?.stop();
      ctx.sync?.stop();
      ctx.spool?.stop();
      hub?.stop();
      try {
        // Found damaged after the start: nothing more is written to it, the clock mark neither.
        if (safety.damaged === undefined) ctx.clock.flush();
      } catch (e) {
        log('terminal: the clock mark could not be written at close', e);
      }
      db.close();
    },
    ledger: db,
    hub,
  };
}
