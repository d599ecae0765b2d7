// The Terminal: one plain Node object, built by one composition function from a config, that owns
// the ledger and answers every method of the API contract. Electron's main process and browser
// mode's HTTP server both call `terminal.call(method, input)`; neither has logic of its own.
//
// Every call is validated against the contract first; a Refusal becomes a Failure with a stable
// code and both messages; anything else is a bug, logged, and answered with INTERNAL_ERROR (never
// a stack trace on the teller's screen). Every write is one transaction, so a refused or failed
// call leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { z } from 'zod';
import { methods, type Input, type MethodName, type Outputs, type Parsed } from '../../shared/contract';
import { Refusal, failure, type Result } from '../../shared/errors';
import type { Policy } from '../../shared/policy';
import { openLedger } from '../ledger/db';
import type { Migration } from '../ledger/migrate';
import { loadMigrations } from '../ledger/migrate';
import type { MonitoringAdapter } from '../monitoring/adapter';
import { MonitoringError } from '../monitoring/adapter';
import { trackContact, type ContactState } from '../monitoring/contact';
import { queueList, queueRetry, queueStatus } from '../monitoring/queue';
import { backfillList, reconcile } from '../monitoring/reconcile';
import { createSync, type SyncOptions } from '../monitoring/sync';
import { businessDate, isIsoDate } from '../../shared/time';
import { CURRENCIES } from '../../shared/money/currencies';
import { ID_TYPES } from '../../shared/id/idDocument';
import * as cash from './cash';
import { idFactory, type Context } from './context';
import * as customers from './customers';
import * as rates from './rates';
import { ensureBasePolicy, initOutlet, loadPolicy, readOutlet, readPolicies, type OutletSettings } from './settings';
import * as trades from './trades';
import * as printing from './printing';
import { createSpool, type PrinterSetup } from './printing';

export interface TerminalConfig {
  databasePath: string;
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
}

type Handler<M extends MethodName> = (ctx: Context, input: Parsed<M>) => unknown;

const handlers = {
  'session.info': (ctx) => {
    const o = ctx.outlet();
    return {
      training: ctx.training,
      businessDate: businessDate(ctx.now()),
      now: ctx.now().toISOString(),
      institutionName: o.institution_name,
      outletCode: o.outlet_code,
      outletName: o.outlet_name,
      terminalId: o.terminal_id,
      currencies: [...CURRENCIES.values()].filter((c) => c.code !== 'CNY').map((c) => ({ code: c.code, zh: c.zh, en: c.en, minorUnits: c.minorUnits, smallestNote: c.smallestNote })),
      idTypes: Object.entries(ID_TYPES).map(([code, t]) => ({ code, zh: t.zh, en: t.en, residency: t.residency })),
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
  'trades.void': trades.voidTrade,
  'trades.get': trades.getTrade,
  'trades.personDay': trades.personDay,
  'trades.list': trades.listTrades,
  'trades.reprint': printing.reprint,
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
  'queue.status': (ctx) => queueStatus(ctx.db, ctx.contact, ctx.monitoring !== undefined, ctx.now()),
  'queue.list': (ctx, input) => queueList(ctx.db, input.state, input.limit),
  'queue.retry': (ctx, input) => queueRetry(ctx.db, input.id, input.supervisorId, ctx.now()),
  'queue.syncNow': (ctx) => ctx.sync?.runOnce() ?? { delivered: 0, retrying: 0, needsAttention: 0 },
  'monitoring.backfillList': (ctx, input) => backfillList(ctx.db, businessDateInput(input.date)),
  'monitoring.reconcile': (ctx, input) => {
    if (!ctx.monitoring) throw new Refusal('REALTIME_ENTRY_REQUIRED');
    return reconcile(ctx.db, ctx.monitoring, businessDateInput(input.date)).catch((e: unknown) => {
      if (e instanceof MonitoringError) throw new Refusal('MONITORING_REFUSED', { reason: e.message });
      throw e;
    });
  },
} satisfies { [M in MethodName]: Handler<M> };

export type Output<M extends MethodName> = Awaited<ReturnType<(typeof handlers)[M]>>;

/** Compile-time: every answer the screens read is what the contract says (shared/contract.ts). */
type Matches<A, B> = [A] extends [B] ? true : false;
const outputsMatchContract: { [M in keyof Outputs]: Matches<Output<M>, Outputs[M]> } = {
  'session.info': true, 'customers.lookup': true, 'rates.set': true, 'rates.board': true, 'rates.history': true,
  'trades.quote': true, 'trades.commit': true, 'trades.void': true, 'trades.get': true, 'trades.list': true,
  'trades.personDay': true, 'trades.reprint': true, 'printer.status': true, 'printer.jobs': true,
  'printer.printPending': true, 'queue.status': true, 'queue.list': true, 'queue.retry': true, 'queue.syncNow': true, 'cash.onHand': true,
};
void outputsMatchContract;

/** Calls that write with a real-time entry awaited in between run one at a time. */
const SERIAL: ReadonlySet<MethodName> = new Set(['trades.commit', 'trades.void']);

export interface Terminal {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>>;
  /** For transports: a method name from outside, checked here. */
  callUnknown(method: unknown, input: unknown): Promise<Result<unknown>>;
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
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
  return new Refusal('INVALID_INPUT', { field: issue.path.join('.') || 'input', problemZh: zh + keys, problemEn: en + keys });
}

export function createTerminal(config: TerminalConfig): Terminal {
  const now = config.clock ?? (() => new Date());
  const db = openLedger(config.databasePath, config.migrations ?? loadMigrations(), config.nativeBinding);
  try {
    const at = now().toISOString();
    ensureBasePolicy(db, at);
    initOutlet(db, config.outlet, at);
  } catch (e) {
    db.close();
    throw e;
  }
  const outlet = readOutlet(db);
  let policies = readPolicies(db);
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
  };
  if (config.printer) {
    ctx.spool = createSpool(ctx, config.printer);
    if (config.printer.autoStart !== false) ctx.spool.start();
  }
  if (ctx.monitoring) {
    ctx.sync = createSync(db, ctx.monitoring, now, config.sync);
    if (config.sync?.autoStart !== false) ctx.sync.start();
  }
  const log = config.log ?? ((message, error) => console.error(message, error));
  let queue: Promise<unknown> = Promise.resolve();

  async function invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
    try {
      // An absent body means no arguments; null or any other non-object is refused by the schema.
      const parsed = methods[method].safeParse(input === undefined ? {} : input);
      if (!parsed.success) throw invalidInput(parsed.error);
      const handler = handlers[method] as (ctx: Context, input: unknown) => unknown;
      const value = await handler(ctx, parsed.data);
      if (method === 'policies.load') policies = readPolicies(db);
      return { ok: true, value };
    } catch (e) {
      if (e instanceof Refusal) return { ok: false, error: e.failure };
      const ref = ulid();
      log(`terminal: ${method} failed (ref ${ref})`, e);
      return { ok: false, error: failure('INTERNAL_ERROR', { ref }) };
    }
  }

  function callUnknown(method: unknown, input: unknown): Promise<Result<unknown>> {
    if (typeof method !== 'string' || !Object.hasOwn(methods, method)) {
      return Promise.resolve({ ok: false, error: failure('UNKNOWN_METHOD', { method: String(method).slice(0, 80) }) });
    }
    const m = method as MethodName;
    if (!SERIAL.has(m)) return invoke(m, input);
    const result = queue.then(() => invoke(m, input));
    queue = result;
    return result;
  }

  return {
    call: (method, input) => callUnknown(method, input) as never,
    callUnknown,
    methods: Object.keys(methods) as MethodName[],
    close: () => {
      ctx.sync?.stop();
      ctx.spool?.stop();
      db.close();
    },
    ledger: db,
  };
}
