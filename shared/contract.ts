// The API contract: every Terminal method by name (`domain.verb`), with the schema its input must
// pass. The Terminal validates every call against it, whatever the transport (direct, IPC, HTTP).
// Amounts and rates travel as decimal strings, never JSON numbers (a JSON number is a float).
import { z } from 'zod';
import type { Message } from './errors';
import type { Prompt } from './rules/prompts';
import type { ReportingPath } from './rules/reportingPath';
import type { Direction, TradeKind } from './rules/tradeKind';

const text = (max: number) => z.string().min(1).max(max);
const decimalText = z.string().max(40);
const actor = text(64);

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
    /** 资金属性 (第三十二条(三)); a default by trade kind when not given. */
    fundAttribute: z.string().regex(/^\d{3,4}$/).optional(),
    tellerId: actor,
  })
  .strict();

export const commitRequest = tradeRequest
  .extend({
    /** The token of the quote the customer agreed to. */
    quoteToken: text(4000),
    /** Codes of the prompts the teller confirmed (第三十七条). */
    acknowledgedPrompts: z.array(text(40)).max(20).default([]),
    /** A supervisor, where a prompt or the page-mode fallback needs one. */
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
    .object({ version: z.number().int().positive(), effectiveDate: text(10), source: text(200), params: z.unknown(), loadedBy: actor })
    .strict(),
  'rates.set': z
    .object({ currency: text(3), buyPer100: decimalText, sellPer100: decimalText, fee: decimalText.default('0'), setBy: actor })
    .strict(),
  'rates.board': z.object({}).strict(),
  'rates.history': z.object({ currency: text(3), limit: z.number().int().positive().max(1000).default(50) }).strict(),
  'conversionRates.import': z.object({ month: text(7), csv: z.string().max(100_000), importedBy: actor }).strict(),
  'conversionRates.get': z.object({ month: text(7) }).strict(),
  'customers.lookup': customerInput,
  'trades.quote': tradeRequest,
  'trades.commit': commitRequest,
  'trades.void': z
    .object({ tradeId: text(40).optional(), receiptNo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(), reason: text(200), tellerId: actor, supervisorId: actor })
    .strict()
    .refine((v) => (v.tradeId === undefined) !== (v.receiptNo === undefined), { message: 'give exactly one of tradeId and receiptNo' }),
  'trades.get': tradeRef,
  /** The day's trades, newest first, found by receipt number, name or ID number. */
  'trades.list': z.object({ date: z.string().max(10).optional(), search: z.string().max(60).optional(), limit: z.number().int().positive().max(500).default(100) }).strict(),
  'trades.personDay': customerInput.extend({ date: z.string().max(10).optional() }).strict(),
  'trades.reprint': z
    .object({ tradeId: text(40).optional(), receiptNo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(), tellerId: actor, supervisorId: actor.optional() })
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
  'queue.retry': z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), supervisorId: actor }).strict(),
  /** Send what is due now, without waiting for the loop (the teller's "send now"). */
  'queue.syncNow': z.object({}).strict(),
  'monitoring.backfillList': z.object({ date: z.string().max(10) }).strict(),
  'monitoring.reconcile': z.object({ date: z.string().max(10) }).strict(),
  'cash.fund': z.object({ currency: text(3), amount: decimalText, note: text(200), actor }).strict(),
} as const;

export type MethodName = keyof typeof methods;
export type Input<M extends MethodName> = z.input<(typeof methods)[M]>;
export type Parsed<M extends MethodName> = z.output<(typeof methods)[M]>;
export type TradeRequest = z.output<typeof tradeRequest>;
export type CommitRequest = z.output<typeof commitRequest>;

// ---- outputs ----

/** Money on the wire: an exact decimal string in major units, never a JSON number. */
export interface MoneyText {
  currency: string;
  amount: string;
}

/** Both sides of a trade, as a quote shows them and a receipt prints them. */
export interface TradeAmounts {
  direction: Direction;
  kind: TradeKind;
  currency: string;
  foreign: MoneyText;
  rmb: MoneyText;
  fee: MoneyText;
  customerPays: MoneyText;
  customerReceives: MoneyText;
}

export interface QuoteView extends TradeAmounts {
  customer: { idType: string; idNumber: string; country: string; residency: 'domestic' | 'foreign'; name: string };
  rate: { id: string; per100: string; side: 'buy' | 'sell'; setAt: string };
  /** Exact USD equivalent (thresholds compare this), and as shown to people. */
  usdEquivalent: string;
  usdEquivalentShown: string;
  usdConversion: { month: string; usdPerUnit: string };
  reportingPath: ReportingPath;
  day: { tradesBefore: number; usdBefore: string; usdAfter: string; limit: string; remainingAfter: string };
  reconversionReceiptRequired: boolean;
  /** The person's standing in the monitoring system, when it answered in time. */
  monitoring:
    | { online: true; quotaUsedUsd: string; quotaLeftUsd: string; cashTodayUsd: string; status: 'normal' | 'prewatch' | 'watch' }
    | { online: false };
  prompts: Prompt[];
  /** A refusal by a counter rule; a commit of this quote records the attempt. */
  refusal?: { code: string; message: Message };
  policyVersion: number;
  quotedAt: string;
  expiresAt: string;
  quoteToken: string;
}

export interface TradeView extends TradeAmounts {
  id: string;
  receiptNo: number;
  status: 'committed' | 'void';
  void?: { reason: string; supervisorId: string; tellerId: string; at: string };
  businessDate: string;
  createdAt: string;
  institutionName: string;
  outletCode: string;
  outletName: string;
  customer: { idType: string; idNumber: string; country: string; supplementaryId?: string; name: string; residency: 'domestic' | 'foreign' };
  tradeType: 'JH' | 'GH';
  ratePer100: string;
  usdEquivalent: string;
  usdEquivalentShown: string;
  paymentIn: 'cash' | 'travellersCheque';
  paymentOut: 'cash';
  reportingPath: ReportingPath;
  channel?: '41' | '42';
  refNo?: string;
  fundAttribute: string;
  originalReceiptNo?: number;
  policyVersion: number;
  prompts: string[];
  tellerId: string;
  supervisorId?: string;
}

export interface PersonDay {
  date: string;
  personKey: string;
  trades: TradeView[];
  /** Trades that stand (voided ones excluded), and their exact USD totals. */
  count: number;
  usdTotal: string;
  usdSettlement: string;
  usdPurchase: string;
  limit: string;
  /** USD left today for a next trade in each direction. */
  remaining: { settlement: string; purchase: string };
  attempts: number;
}

// ---- the other answers (what the handlers in electron/terminal/terminal.ts return) ----

export interface SessionInfo {
  training: boolean;
  businessDate: string;
  now: string;
  institutionName: string;
  outletCode: string;
  outletName: string;
  terminalId: string;
  currencies: { code: string; zh: string; en: string; minorUnits: number; smallestNote: string }[];
  idTypes: { code: string; zh: string; en: string; residency: 'domestic' | 'foreign' }[];
}

export interface CustomerLookup {
  idType: string;
  idNumber: string;
  country: string;
  supplementaryId?: string;
  birthDate?: string;
  residency: 'domestic' | 'foreign';
  idTypeName: Message;
  known: boolean;
  name?: string;
  today: PersonDay;
}

export interface RateView {
  id: string;
  currency: string;
  buyPer100: string;
  sellPer100: string;
  fee: string;
  effectiveAt: string;
  setBy: string;
  stale: boolean;
}

export type OutboxState = 'pending' | 'delivered' | 'needs_attention' | 'not_needed';

export interface QueueRow {
  id: number;
  tradeId: string;
  receiptNo: number;
  kind: 'realtime' | 'backfill' | 'cancel';
  state: OutboxState;
  attempts: number;
  deadlineAt?: string;
  nextAttemptAt?: string;
  refNo?: string;
  reason?: string;
}

export interface QueueStatus {
  monitoring: { configured: boolean; online: boolean | undefined; lastContactAt?: string; lastError?: string };
  pending: number;
  nearestDeadline?: string;
  needsAttention: QueueRow[];
  alerts: QueueRow[];
}

export interface SyncResult {
  delivered: number;
  retrying: number;
  needsAttention: number;
}

export type PrinterState = 'ready' | 'paperNearEnd' | 'paperOut' | 'coverOpen' | 'error' | 'noAnswer';

export interface PrintJobView {
  id: number;
  tradeId: string;
  receiptNo: number;
  kind: 'receipt' | 'reprint';
  copyNo: number;
  state: 'pending' | 'printing' | 'done' | 'failed';
  error?: string;
  requestedBy: string;
  createdAt: string;
}

export interface PrinterStatus {
  configured: boolean;
  state?: PrinterState;
  failedJobs: PrintJobView[];
}

/** The answers of the methods the screens call. */
export interface Outputs {
  'session.info': SessionInfo;
  'customers.lookup': CustomerLookup;
  'rates.set': RateView;
  'rates.board': RateView[];
  'rates.history': RateView[];
  'trades.quote': QuoteView;
  'trades.commit': TradeView;
  'trades.void': TradeView;
  'trades.get': TradeView;
  'trades.list': TradeView[];
  'trades.personDay': PersonDay;
  'trades.reprint': PrintJobView;
  'printer.status': PrinterStatus;
  'printer.jobs': PrintJobView[];
  'printer.printPending': { printed: number; failed: number };
  'queue.status': QueueStatus;
  'queue.list': QueueRow[];
  'queue.retry': QueueRow;
  'queue.syncNow': SyncResult;
  'cash.onHand': { currency: string; amount: string }[];
}
