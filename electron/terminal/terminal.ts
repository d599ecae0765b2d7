// The Terminal: one plain Node object, built by one composition function from a config, that owns
// the ledger and answers every method of the API contract. Electron's main process and browser
// mode's HTTP server both call `terminal.call(method, input)`; neither has logic of its own.
//
// Every call is validated against the contract first; a Refusal becomes a Failure with a stable
// code and both messages; anything else is a bug, logged, and answered with INTERNAL_ERROR (never
// a stack trace on the teller's screen). Every write is one transaction, so a refused or failed
// call leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { ulid } from 'ulid';
import { findTextProblem } from '../../shared/text';
import type { z } from 'zod';
import { methods, type Input, type MethodName, type Outputs, type Parsed } from '../../shared/contract';
import { Refusal, failure, type Result } from '../../shared/errors';
import { ACCESS, ACTOR_FIELDS, APPROVER_ROLES, approvalSubject, isApprovalAction, SELF_APPROVED, seesCustomers, type ApprovalAction, type Role } from '../../shared/access';
import { maskCustomers } from '../../shared/masking';
import type { Policy } from '../../shared/policy';
import { listAudit, verifyAuditChain } from '../ledger/auditChain';
import { audit } from '../ledger/audit';
import { backupNow, defaultBackupDir, DEFAULT_KEEP, listBackups, verifyBackup } from '../ledger/backup';
import type { Migration } from '../ledger/migrate';
import { loadMigrations } from '../ledger/migrate';
import type { MonitoringAdapter } from '../monitoring/adapter';
import { MonitoringError } from '../monitoring/adapter';
import { trackContact, type ContactState } from '../monitoring/contact';
import { queueList, queueRetry, queueStatus } from '../monitoring/queue';
import { backfillList, reconcile } from '../monitoring/reconcile';
import { createSync, type SyncOptions } from '../monitoring/sync';
import { resolveQueueRow } from '../monitoring/resolve';
import { businessDate, isIsoDate } from '../../shared/time';
import { CURRENCIES } from '../../shared/money/currencies';
import { ID_TYPES } from '../../shared/id/idDocument';
import * as auth from './auth';
import * as cash from './cash';
import * as dayClose from './dayClose';
import * as reports from './reports';
import * as reserves from './reserves';
import * as calendar from './calendar';
import { idFactory, type Context } from './context';
import { examineBreak } from './auditBreak';
import * as customers from './customers';
import * as people from './people';
import * as rates from './rates';
import { ensureBasePolicy, initOutlet, loadPolicy, readOutlet, readPolicies, type OutletSettings } from './settings';
import * as trades from './trades';
import * as printing from './printing';
import { createSpool, type PrinterSetup } from './printing';
import { createClockGuard } from './clock';
import { schemaDrift } from '../ledger/schemaCheck';
import { checkInBackground, damageAtStart, guardCall, openTerminalLedger, outletOrConfig, recordsBusiness, type SafetyState } from './safety';

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
  /** How long a quote waits for the monitoring system's figures (default 1.5 s). */
  quotaTimeoutMs?: number;
  migrations?: Migration[];
  /** A better-sqlite3 binary built for Electron (the desktop app); Node's own otherwise. */
  nativeBinding?: string;
  /** Where bugs are reported (never to the teller). */
  log?: (message: string, error: unknown) => void;
  /** Signed out after this long without a call (default 15 minutes; shared/access.ts). */
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

type Handler<M extends MethodName> = (ctx: Context, input: Parsed<M>) => unknown;

const handlers = {
  'session.info': (ctx) => {
    const o = ctx.outlet();
    const today = businessDate(ctx.now());
    const calendarMissingYear = calendar.calendarMissingYear(ctx.db, today);
    return {
      training: ctx.training,
      businessDate: today,
      now: ctx.now().toISOString(),
      institutionName: o.institution_name,
      outletCode: o.outlet_code,
      outletName: o.outlet_name,
      terminalId: o.terminal_id,
      currencies: [...CURRENCIES.values()].filter((c) => c.code !== 'CNY').map((c) => ({ code: c.code, zh: c.zh, en: c.en, minorUnits: c.minorUnits, smallestNote: c.smallestNote })),
      idTypes: Object.entries(ID_TYPES).map(([code, t]) => ({ code, zh: t.zh, en: t.en, residency: t.residency })),
      firstRun: !people.anyPerson(ctx.db),
      integrity: ctx.integrity(),
      ...(calendarMissingYear !== undefined ? { calendarMissingYear } : {}),
    };
  },
  'outlet.get': (ctx) => {
    const o = ctx.outlet();
    return {
      institutionCode: o.institution_code, institutionName: o.institution_name, outletCode: o.outlet_code,
      outletName: o.outlet_name, terminalId: o.terminal_id, borderPort: o.border_port === 1n,
      printerProfile: JSON.parse(o.printer_profile) as unknown,
    };
  },
  'policies.list': (ctx) => ctx.policies(),
  'policies.load': loadPolicy,
  'rates.set': rates.setRate,
  'rates.board': rates.rateBoard,
  'rates.history': rates.rateHistory,
  'conversionRates.import': rates.importConversionRates,
  'conversionRates.get': rates.conversionRates,
  'customers.lookup': customers.lookup,
  'trades.quote': trades.quote,
  'trades.commit': trades.commit,
  'trades.void': (ctx, input) => approved(ctx, 'trades.void', input, () => trades.voidTrade(ctx, input)),
  'trades.get': trades.getTrade,
  'trades.personDay': trades.personDay,
  'trades.list': trades.listTrades,
  'trades.reprint': (ctx, input) => approved(ctx, 'trades.reprint', input, () => printing.reprint(ctx, input)),
  'trades.preview': (ctx, input) => printing.preview(ctx, input, ctx.printer?.profile.columns ?? 48),
  'printer.status': async (ctx) => ({
    configured: ctx.printer !== undefined,
    state: ctx.printer ? await ctx.printer.transport.status() : undefined,
    failedJobs: printing.printJobs(ctx, 200).filter((j) => j.state === 'failed').slice(0, 20),
  }),
  'printer.jobs': (ctx, input) => printing.printJobs(ctx, input.limit),
  'printer.printPending': (ctx) => ctx.spool?.runOnce() ?? { printed: 0, failed: 0 },
  'cash.onHand': cash.onHand,
  'cash.fund': cash.fund,
  'cash.notes': reserves.notes,
  'cash.proposePayout': reserves.proposePayoutView,
  'cash.handover': dayClose.handover,
  'reserves.setBasicAccount': reserves.setBasicAccount,
  'reserves.openAccount': reserves.openAccount,
  'reserves.accounts': reserves.accounts,
  'reserves.move': reserves.move,
  'reserves.ledger': reports.reserveLedgerReport,
  'dayClose.prepare': (ctx, input) => dayClose.prepare(ctx, { date: businessDateInput(input.date) }),
  'dayClose.close': (ctx, input) => dayClose.close(ctx, { ...input, date: businessDateInput(input.date) }),
  'dayClose.get': dayClose.get,
  'dayClose.list': dayClose.list,
  'dayClose.print': dayClose.printSummary,
  'reports.form1': reports.form1,
  'reports.form2': reports.form2,
  'reports.trialBalance': reports.trialBalanceReport,
  'reports.profit': reports.profitReport,
  'reports.export': reports.exportReport,
  'reports.outletExport': (ctx, input) => reports.outletExport(ctx, ctx.dataDir, input),
  'reports.consolidate': (_ctx, input) => reports.consolidate(input),
  'audit.verify': (ctx) => verifyAuditChain(ctx.db),
  'audit.list': (ctx, input) => listAudit(ctx.db, input),
  'audit.examineBreak': (ctx, input) => approved(ctx, 'audit.examineBreak', input, () => examineBreak(ctx, input)),
  'calendar.load': calendar.loadCalendar,
  'calendar.get': calendar.getCalendar,
  'calendar.list': calendar.listCalendars,
  'queue.status': (ctx) => queueStatus(ctx.db, ctx.contact, ctx.monitoring !== undefined, ctx.now()),
  'queue.list': (ctx, input) => queueList(ctx.db, input.state, input.limit),
  'queue.retry': (ctx, input) =>
    approved(ctx, 'queue.retry', input, () => {
      if (input.supervisorId === undefined) throw new Refusal('SUPERVISOR_REQUIRED', { why: 'queue retry 重新报送' });
      return queueRetry(ctx.db, input.id, input.supervisorId, ctx.now());
    }),
  // A back-fill refused for good: the supervisor's way out (monitoring/resolve.ts). The notice
  // operation or a reference look-up is awaited first; the approval is used in the resolution's
  // transaction (checked before, prepareApproval).
  'queue.resolve': (ctx, input) => {
    const supervisorId = input.supervisorId;
    if (supervisorId === undefined) throw new Refusal('SUPERVISOR_REQUIRED', { why: 'resolve a refused back-fill 处理被拒补录' });
    const sync = ctx.sync;
    return resolveQueueRow({
      db: ctx.db,
      adapter: ctx.monitoring,
      now: ctx.now,
      useApproval: () => {
        if (ctx.approval !== undefined) auth.consumeApproval(ctx, { action: 'queue.resolve', subject: approvalSubject('queue.resolve', input), requester: ctx.caller!.id });
      },
      ...(sync ? { sendNow: () => sync.runOnce() } : {}),
    }, { id: input.id, resolution: input.resolution, supervisorId, actor: ctx.caller?.id ?? supervisorId });
  },
  'queue.syncNow': (ctx, input) => ctx.sync?.runOnce({ ignoreBackoff: input.ignoreBackoff }) ?? { delivered: 0, retrying: 0, needsAttention: 0 },
  'monitoring.backfillList': (ctx, input) => backfillList(ctx.db, businessDateInput(input.date)),
  'monitoring.reconcile': (ctx, input) => {
    if (!ctx.monitoring) throw new Refusal('REALTIME_ENTRY_REQUIRED');
    return reconcile(ctx.db, ctx.monitoring, businessDateInput(input.date)).catch((e: unknown) => {
      if (e instanceof MonitoringError) throw new Refusal('MONITORING_REFUSED', { reason: e.message });
      throw e;
    });
  },
  'auth.signIn': auth.signIn,
  'auth.signOut': auth.signOut,
  'auth.whoami': auth.whoami,
  'auth.approve': auth.approve,
  'people.bootstrap': people.bootstrap,
  'people.create': people.create,
  'people.list': people.list,
  'people.disable': people.disable,
  'people.unlock': people.unlock,
  'people.setPassword': people.setPassword,
  'backup.create': (ctx, input) => backupNow(ctx, input.actor ?? ctx.caller?.id ?? 'system'),
  'backup.list': (ctx) => listBackups(ctx.backup.dir, ctx.outlet().outlet_code),
  'backup.verify': (ctx, input) => verifyBackup(ctx, input.file),
  'clock.confirm': (ctx, input) =>
    approved(ctx, 'clock.confirm', input, () => {
      if (input.supervisorId === undefined) throw new Refusal('SUPERVISOR_REQUIRED', { why: 'confirm the clock 确认时间' });
      return ctx.clock.confirm(input.supervisorId);
    }),
} satisfies { [M in MethodName]: Handler<M> };

/**
 * An approved action that writes synchronously (a void, a reprint, a queue retry): the call's
 * approval is used in the action's own transaction, and the approver is who the action records.
 * Without an approval the action decides for itself whether it needs one (a first reprint does not).
 */
function approved<T>(ctx: Context, action: ApprovalAction, input: { supervisorId?: string | undefined }, act: () => T): T {
  if (ctx.approval === undefined) return act();
  return ctx.db.transaction(() => {
    input.supervisorId = auth.consumeApproval(ctx, { action, subject: approvalSubject(action, input), requester: ctx.caller!.id });
    return act();
  }).immediate();
}

/**
 * A supervisorId alone proves nothing: it stands only as the approver of the call's approval,
 * checked here before anything is done (and used later, in the action's transaction). A supervisor
 * retrying a queue row or confirming the clock does it on their own authority (SELF_APPROVED).
 */
function prepareApproval(call: Context, action: ApprovalAction, data: { supervisorId?: string | undefined }): void {
  const claimed = data.supervisorId;
  delete data.supervisorId;
  const caller = call.caller!;
  if (call.approval !== undefined) {
    const a = auth.checkApproval(call, { action, subject: approvalSubject(action, data), requester: caller.id });
    call.approvalCheckedAt = call.now().getTime();
    if (claimed !== undefined && claimed.toLowerCase() !== a.approverId.toLowerCase()) {
      throw new Refusal('APPROVAL_MISMATCH', { approvedFor: a.approverId, usedFor: claimed });
    }
    data.supervisorId = a.approverId;
  } else if (SELF_APPROVED.has(action) && APPROVER_ROLES.includes(caller.role)) {
    data.supervisorId = caller.id;
  }
}

/** Which actor fields (shared/access.ts ACTOR_FIELDS) each method's input declares. */
const ACTOR_FIELDS_OF = new Map<MethodName, string[]>(
  (Object.keys(methods) as MethodName[]).map((m) => [m, ACTOR_FIELDS.filter((f) => declaredFields(methods[m]).has(f))]),
);

function declaredFields(schema: unknown): Set<string> {
  const s = schema as { shape?: Record<string, unknown>; options?: unknown[] };
  if (s.shape && typeof s.shape === 'object') return new Set(Object.keys(s.shape));
  if (Array.isArray(s.options)) return new Set(s.options.flatMap((o) => [...declaredFields(o)]));
  return new Set();
}

/** The actor is the session's person: a field naming anyone else is refused; an absent one is filled. */
function bindActor(method: MethodName, data: unknown, person: people.Person): void {
  const fields = ACTOR_FIELDS_OF.get(method);
  if (!fields?.length || typeof data !== 'object' || data === null) return;
  const record = data as Record<string, unknown>;
  for (const f of fields) {
    const given = record[f];
    if (typeof given === 'string' && given.toLowerCase() !== person.id.toLowerCase()) throw new Refusal('ACTOR_MISMATCH', { given, signedIn: person.id });
    record[f] = person.id;
  }
}

export type Output<M extends MethodName> = Awaited<ReturnType<(typeof handlers)[M]>>;

/**
 * Compile-time: every handler's answer fits its method's output schema (shared/contractOutputs.ts),
 * so what the screens and the HTTP contract document say is what the Terminal sends. A mismatch
 * names the method: "Type 'true' is not assignable to type '{ "<method>": ... }'".
 */
type Matches<A, B> = [A] extends [B] ? true : false;
type OutputMismatch = { [M in keyof Outputs & MethodName]: Matches<Output<M>, Outputs[M]> extends true ? never : M }[keyof Outputs & MethodName];
const outputsMatchContract: [OutputMismatch] extends [never] ? true : { [M in OutputMismatch]: 'answer does not fit the output schema' } = true;
void outputsMatchContract;

/** Calls that write with a real-time entry awaited in between run one at a time. */
const SERIAL: ReadonlySet<MethodName> = new Set(['trades.commit', 'trades.void', 'dayClose.close']);

export interface Terminal {
  /** `session`: the token auth.signIn gave; every method but the public ones (shared/access.ts) needs it. */
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
  readonly ledger: Context['db'];
}

function businessDateInput(date: string): string {
  if (!isIsoDate(date)) throw new Refusal('INVALID_INPUT', { field: 'date', problemZh: '须为 YYYY-MM-DD', problemEn: 'must be a date YYYY-MM-DD' });
  return date;
}

const ISSUE_WORDS: Record<string, [string, string]> = {
  invalid_type: ['类型不对', 'has the wrong type'],
  too_big: ['太长或太大', 'is too long or too large'],
  too_small: ['为空或太小', 'is empty or too small'],
  unrecognized_keys: ['含有不认识的字段', 'has fields that are not part of the method'],
  invalid_value: ['不是允许的值', 'is not one of the allowed values'],
  invalid_format: ['格式不对', 'has the wrong format'],
};

function invalidInput(error: z.ZodError): Refusal {
  const issue = error.issues[0]!;
  const [zh, en] = ISSUE_WORDS[issue.code] ?? ['无效', `is not valid (${issue.message})`];
  const keys = issue.code === 'unrecognized_keys' ? ` (${someKeys(issue.keys)})` : '';
  return new Refusal('INVALID_INPUT', { field: issue.path.join('.') || 'input', problemZh: zh + keys, problemEn: en + keys });
}

/** Unknown fields as a message can show them: a hostile input may send thousands, or one a megabyte long. */
function someKeys(keys: string[]): string {
  const shown = keys.slice(0, 5).map((k) => (k.length > 40 ? `${[...k.slice(0, 41)].slice(0, 40).join('')}…` : k));
  return shown.join(', ') + (keys.length > 5 ? `, … (${keys.length})` : '');
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
  const outlet = damaged ? outletOrConfig(db, config.outlet, now().toISOString()) : readOutlet(db);
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
  const ctx: Context = {
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
    auth: auth.createAuthState(db, now, { idleMs: config.idleSignOutMs, scryptN: config.scryptN }),
    dataDir: dirname(config.databasePath),
    backup: { dir: backupDir, keep: config.backup?.keep ?? DEFAULT_KEEP, key: config.databaseKey, nativeBinding: config.nativeBinding },
    clock: createClockGuard(db, now, !damaged),
    integrity: () => safety.integrity,
  };
  const safety: SafetyState = { damaged, integrity: damaged !== undefined ? 'damaged' : 'ok', dataDir: dirname(config.databasePath), backupDir, clock: ctx.clock };
  // On a damaged ledger nothing runs in the background: the spool and the sync loop write.
  if (config.printer) {
    ctx.spool = createSpool(ctx, config.printer);
    if (config.printer.autoStart !== false && !damaged) ctx.spool.start();
  }
  if (ctx.monitoring) {
    ctx.sync = createSync(db, ctx.monitoring, now, config.sync);
    if (config.sync?.autoStart !== false && !damaged) ctx.sync.start();
  }
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
  let queue: Promise<unknown> = Promise.resolve();

  async function invoke(method: MethodName, input: unknown, session: unknown): Promise<Result<unknown>> {
    try {
      // Who is calling, before anything else: the role the method allows (shared/access.ts).
      const access: readonly Role[] | 'public' | undefined = ACCESS[method];
      const caller = access === 'public' ? ctx.auth.peek(session) : ctx.auth.check(session, method, access ?? []);
      // A damaged ledger, a clock set back: safety.ts.
      guardCall(method, safety);
      // Every string well-formed and free of controls (shared/text.ts), in every method, before
      // anything reads it: what is stored and hashed is exactly what was sent.
      const badText = findTextProblem(input);
      if (badText) throw new Refusal('INVALID_INPUT', { field: badText.field, problemZh: badText.problem.zh, problemEn: badText.problem.en });
      // An absent body means no arguments; null or any other non-object is refused by the schema.
      const parsed = methods[method].safeParse(input === undefined ? {} : input);
      if (!parsed.success) throw invalidInput(parsed.error);
      const data: unknown = parsed.data;
      if (caller) bindActor(method, data, caller);
      // Each call its own context: who calls, with which session and approval.
      const given = (data as { approval?: unknown }).approval;
      const call: Context = { ...ctx, caller, session: typeof session === 'string' ? session : undefined, approval: typeof given === 'string' ? given : undefined };
      if (isApprovalAction(method) && caller) prepareApproval(call, method, data as { supervisorId?: string });
      const handler = handlers[method] as (ctx: Context, input: unknown) => unknown;
      const value = await handler(call, data);
      if (method === 'policies.load') policies = readPolicies(db);
      if (recordsBusiness(method)) ctx.clock.note();
      // Customers masked for whoever may not see them (shared/access.ts seesCustomers), here for
      // every method at once, so that no reader method can leak a name or an ID by omission.
      return { ok: true, value: seesCustomers(caller?.role) ? value : maskCustomers(value) };
    } catch (e) {
      if (e instanceof Refusal) return { ok: false, error: e.failure };
      const ref = ulid();
      log(`terminal: ${method} failed (ref ${ref})`, e);
      return { ok: false, error: failure('INTERNAL_ERROR', { ref }) };
    }
  }

  function callUnknown(method: unknown, input: unknown, session?: unknown): Promise<Result<unknown>> {
    if (typeof method !== 'string' || !Object.hasOwn(methods, method)) {
      return Promise.resolve({ ok: false, error: failure('UNKNOWN_METHOD', { method: String(method).slice(0, 80) }) });
    }
    const m = method as MethodName;
    if (!SERIAL.has(m)) return invoke(m, input, session);
    const result = queue.then(() => invoke(m, input, session));
    queue = result;
    return result;
  }

  return {
    call: (method, input, session) => callUnknown(method, input, session) as never,
    callUnknown,
    openSession(personId) {
      const p = people.usable(people.findPerson(db, personId));
      const at = now().toISOString();
      db.transaction(() => audit(db, { at, actor: p.id, action: 'auth.signIn', entity: 'person', entityId: p.id, detail: { trusted: true } })).immediate();
      return ctx.auth.open(p.id).token;
    },
    methods: Object.keys(methods) as MethodName[],
    close: () => {
      background?.stop();
      ctx.sync?.stop();
      ctx.spool?.stop();
      try {
        // Found damaged after the start: nothing more is written to it, the clock mark neither.
        if (safety.damaged === undefined) ctx.clock.flush();
      } catch (e) {
        log('terminal: the clock mark could not be written at close', e);
      }
      db.close();
    },
    ledger: db,
  };
}
