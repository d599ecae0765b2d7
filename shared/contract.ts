// The API contract: every Terminal method by name (`domain.verb`), with the schema its input must
// pass. The Terminal validates every call against it, whatever the transport (direct, IPC, HTTP).
// Amounts and rates travel as decimal strings, never JSON numbers (a JSON number is a float).
import { z } from 'zod';
import { notesInput, reserveMethods } from './contractReserves';
import { auditMethods } from './contractAudit';
import type * as out from './contractOutputs';
import type { ActorField } from './access';
import { peopleMethods } from './contractPeople';
import { backupMethods } from './contractBackup';

const text = (max: number) => z.string().min(1).max(max);
const decimalText = z.string().max(40);
const actor = text(64);
/**
 * Who does it: optional on the wire, because the Terminal takes it from the session; when given it
 * must name the session's person (ACTOR_MISMATCH). shared/access.ts ACTOR_FIELDS lists the names.
 */
const acting = actor.optional();
/** A supervisor's approval (auth.approve), for the methods that need one (shared/access.ts APPROVALS). */
export const approval = z.string().min(1).max(200).optional();

export const customerInput = z
  .object({
    idType: text(4),
    idNumber: text(40),
    country: z.string().max(3).optional(),
    supplementaryId: z.string().max(40).optional(),
  })
  .strict();

export const tradeRequest = z
  .object({
    customer: customerInput.extend({ name: z.string().max(100) }).strict(),
    direction: z.enum(['settlement', 'purchase']),
    currency: text(3),
    /** What the customer hands over or wants to receive, on `side`. */
    amount: decimalText,
    side: z.enum(['foreign', 'rmb']),
    paymentIn: z.enum(['cash', 'travellersCheque']).default('cash'),
    /** 第三十一条: the original receipt presented for a reconversion. */
    originalReceiptNo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    /** 资金属性 (第三十二条(三)); a default by trade kind when not given; must fit the kind (shared/codeLists.ts). */
    fundAttribute: z.string().regex(/^\d{3,4}$/).optional(),
    /**
     * A foreign individual's purchase: is it the reconversion of RMB from an earlier exchange
     * (第二十九条(三))? The counter asks; false refuses the trade (recorded as an attempt).
     */
    reconversion: z.boolean().optional(),
    tellerId: acting,
  })
  .strict();

export const commitRequest = tradeRequest
  .extend({
    /** The token of the quote the customer agreed to. */
    quoteToken: text(4000),
    /** Codes of the prompts the teller confirmed (第三十七条). */
    acknowledgedPrompts: z.array(text(40)).max(20).default([]),
    /** Cash by note: the notes the customer handed over and the notes paid, when the teller records them. */
    notesIn: notesInput.optional(),
    notesOut: notesInput.optional(),
    /**
     * Where a prompt or the page-mode fallback needs a supervisor: their approval (auth.approve for
     * this quote). `supervisorId`, if given too, must be the approver; alone it proves nothing.
     */
    approval,
    supervisorId: actor.optional(),
    /** Page-mode fallback: the reference number SAFE's web page returned (channel 41). */
    pageModeRefNo: z.string().max(40).optional(),
  })
  .strict();

export const tradeRef = z
  .object({ tradeId: text(40).optional(), receiptNo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional() })
  .strict()
  .refine((v) => (v.tradeId === undefined) !== (v.receiptNo === undefined), { message: 'give exactly one of tradeId and receiptNo' });

export const methods = {
  /** What every screen shows: training mode, the outlet, the business date, the currencies. */
  'session.info': z.object({}).strict(),
  'outlet.get': z.object({}).strict(),
  'policies.list': z.object({}).strict(),
  'policies.load': z
    .object({ version: z.number().int().positive(), effectiveDate: text(10), source: text(200), params: z.unknown(), loadedBy: acting })
    .strict(),
  'rates.set': z
    .object({ currency: text(3), buyPer100: decimalText, sellPer100: decimalText, fee: decimalText.default('0'), setBy: acting })
    .strict(),
  'rates.board': z.object({}).strict(),
  'rates.history': z.object({ currency: text(3), limit: z.number().int().positive().max(1000).default(50) }).strict(),
  'conversionRates.import': z.object({ month: text(7), csv: z.string().max(100_000), importedBy: acting }).strict(),
  'conversionRates.get': z.object({ month: text(7) }).strict(),
  'customers.lookup': customerInput,
  'trades.quote': tradeRequest,
  'trades.commit': commitRequest,
  'trades.void': z
    .object({ tradeId: text(40).optional(), receiptNo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(), reason: text(200), tellerId: acting, approval, supervisorId: actor.optional() })
    .strict()
    .refine((v) => (v.tradeId === undefined) !== (v.receiptNo === undefined), { message: 'give exactly one of tradeId and receiptNo' }),
  'trades.get': tradeRef,
  /** The day's trades, newest first, found by receipt number, name or ID number. */
  'trades.list': z.object({ date: z.string().max(10).optional(), search: z.string().max(60).optional(), limit: z.number().int().positive().max(500).default(100) }).strict(),
  'trades.personDay': customerInput.extend({ date: z.string().max(10).optional() }).strict(),
  'trades.reprint': z
    .object({ tradeId: text(40).optional(), receiptNo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(), tellerId: acting, approval, supervisorId: actor.optional() })
    .strict()
    .refine((v) => (v.tradeId === undefined) !== (v.receiptNo === undefined), { message: 'give exactly one of tradeId and receiptNo' }),
  'trades.preview': tradeRef,
  'printer.status': z.object({}).strict(),
  'printer.jobs': z.object({ limit: z.number().int().positive().max(1000).default(50) }).strict(),
  /** Print what is pending now, without waiting for the spool (tests; the teller's "print again"). */
  'printer.printPending': z.object({}).strict(),
  'cash.onHand': z.object({}).strict(),
  'queue.status': z.object({}).strict(),
  'queue.list': z.object({ state: z.enum(['pending', 'delivered', 'needs_attention', 'not_needed']).optional(), limit: z.number().int().positive().max(1000).default(100) }).strict(),
  'queue.retry': z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), approval, supervisorId: actor.optional() }).strict(),
  /**
   * A back-fill the monitoring system refused for good (第三十二条(五), docs/monitoring.md), resolved
   * by a supervisor: `noticeGiven` (refused 2002: the notice is recorded at SAFE and the entry sent
   * again with the notice flag), `pageMode` (entered on SAFE's page: its reference number), or
   * `reversed` (the customer contacted and the trade undone: what was done).
   */
  'queue.resolve': z
    .object({
      id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
      resolution: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('noticeGiven') }).strict(),
        z.object({ kind: z.literal('pageMode'), refNo: text(40) }).strict(),
        z.object({ kind: z.literal('reversed'), note: text(200) }).strict(),
      ]),
      approval,
      supervisorId: actor.optional(),
    })
    .strict(),
  /**
   * Send what is due now, without waiting for the loop. `ignoreBackoff` (the queue screen's "send
   * now"): try every pending row now, whatever its backoff, stopping at the first the monitoring
   * system cannot take; the background loop always keeps the backoff.
   */
  'queue.syncNow': z.object({ ignoreBackoff: z.boolean().default(false) }).strict(),
  'monitoring.backfillList': z.object({ date: z.string().max(10) }).strict(),
  'monitoring.reconcile': z.object({ date: z.string().max(10) }).strict(),
  'cash.fund': z.object({ currency: text(3), amount: decimalText, note: text(200), actor: acting }).strict(),
  /**
   * The working-day calendar (shared/calendar): a year's days off (放假) and working weekend days
   * (调休上班) from the State Council's notice, loaded as data; it replaces the bundled year.
   */
  'calendar.load': z
    .object({
      year: z.number().int().min(2000).max(2100),
      holidays: z.array(text(10)).min(1).max(366),
      workdays: z.array(text(10)).max(366),
      /** The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
      source: z.string().max(300).default(''),
      loadedBy: acting,
    })
    .strict(),
  'calendar.get': z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
  /** Every year the terminal has a notice for, bundled or loaded, with where it came from. */
  'calendar.list': z.object({}).strict(),
  /** Reserves, cash by note, the day close and the reports: shared/contractReserves.ts. */
  ...reserveMethods,
  /** The audit trail's hash chain and its list: shared/contractAudit.ts. */
  ...auditMethods,
  /** People, sign-in and a supervisor's approval: shared/contractPeople.ts; who may call what: shared/access.ts. */
  ...peopleMethods,
  /** Backups and the clock check: shared/contractBackup.ts (restoring is offline: npm run restore). */
  ...backupMethods,
} as const;

export type MethodName = keyof typeof methods;
export type Input<M extends MethodName> = z.input<(typeof methods)[M]>;
/** What a handler gets: the parsed input, with the actor fields filled from the session. */
export type Parsed<M extends MethodName> = Acting<z.output<(typeof methods)[M]>>;
export type TradeRequest = Acting<z.output<typeof tradeRequest>>;
export type CommitRequest = Acting<z.output<typeof commitRequest>>;
/** The actor fields (optional on the wire) are always there for a handler: the Terminal fills them. */
type Acting<T> = T extends object ? T & { [K in Extract<keyof T, ActorField>]-?: string } : T;

// ---- outputs ----
// The answers are zod schemas too (shared/contractOutputs.ts); the types below are inferred from
// them, so the handlers (checked in terminal.ts), the HTTP contract document and the screens agree.

export { outputs, type MethodsWithoutOutput, type Outputs } from './contractOutputs';

/** Money on the wire: an exact decimal string in major units, never a JSON number. */
export type MoneyText = z.output<typeof out.moneyText>;
/** Both sides of a trade, as a quote shows them and a receipt prints them. */
export type TradeAmounts = z.output<typeof out.tradeAmounts>;
export type QuoteView = z.output<typeof out.quoteView>;
export type TradeView = z.output<typeof out.tradeView>;
export type PersonDay = z.output<typeof out.personDay>;
export type SessionInfo = z.output<typeof out.sessionInfo>;
export type CustomerLookup = z.output<typeof out.customerLookup>;
export type CustomerStanding = z.output<typeof out.customerStanding>;
export type RateView = z.output<typeof out.rateView>;
export type OutboxState = z.output<typeof out.outboxState>;
export type QueueRow = z.output<typeof out.queueRow>;
export type QueueStatus = z.output<typeof out.queueStatus>;
export type SyncResult = z.output<typeof out.syncResult>;
export type PrinterState = z.output<typeof out.printerState>;
export type PrintJobView = z.output<typeof out.printJobView>;
export type PrinterStatus = z.output<typeof out.printerStatus>;
export type BackfillLine = z.output<typeof out.backfillLine>;
export type Reconciliation = z.output<typeof out.reconciliation>;
