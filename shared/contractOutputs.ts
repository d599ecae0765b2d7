// The answers of the API contract: one zod schema per Terminal method, beside the input schemas
// of shared/contract.ts. The TypeScript types the screens read are inferred from these, so there is
// one source of truth; electron/terminal/terminal.ts checks at compile time that every handler's
// answer fits its schema, and GET /api/contract publishes them as JSON schemas.
//
// Answers are JSON: amounts, rates and USD equivalents are decimal strings, never JSON numbers and
// never bigint (a bigint cannot be sent at all). Objects are strict, so a field that is not part of
// the contract fails the tests that parse real answers (test/contract-outputs.test.ts).
import { z } from 'zod';
import { reserveOutputs } from './contractReserves';
import { peopleOutputs } from './contractPeople';
import { auditOutputs } from './contractAudit';
import { backupOutputs } from './contractBackup';
import type { MethodName } from './contract';
import { policyParamsSchema } from './policy';
import type { PromptCode } from './rules/prompts';

// ---- building blocks ----

/** An exact decimal in plain notation: no exponent, no grouping, no float. */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string');
/** An instant as toISOString() writes it. */
const instant = z.iso.datetime();
/** A business date, YYYY-MM-DD (China time). */
const date = z.iso.date();
const count = z.number().int().min(0);
const receiptNo = z.number().int().positive();

export const messageOutput = z.strictObject({ zh: z.string(), en: z.string() });

/** Money on the wire: an exact decimal string in major units, never a JSON number. */
export const moneyText = z.strictObject({ currency: z.string(), amount: decimal });

const direction = z.enum(['settlement', 'purchase']);
const tradeKind = z.enum(['settlement', 'purchase', 'reconversion']);
const residency = z.enum(['domestic', 'foreign']);
const reportingPath = z.enum(['realtime', 'backfill', 'exempt']);
const monitoringStatus = z.enum(['normal', 'prewatch', 'watch']);
const PROMPT_CODES = ['watchStatus', 'nearDailyLimit', 'realtimeCountReached', 'justBelowThreshold', 'linkedPeople'] as const satisfies readonly PromptCode[];

export const prompt = z.strictObject({
  code: z.enum(PROMPT_CODES),
  level: z.enum(['confirm', 'supervisor']),
  message: messageOutput,
});

/** Both sides of a trade, as a quote shows them and a receipt prints them. */
const tradeAmountsShape = {
  direction,
  kind: tradeKind,
  currency: z.string(),
  foreign: moneyText,
  rmb: moneyText,
  fee: moneyText,
  customerPays: moneyText,
  customerReceives: moneyText,
};
export const tradeAmounts = z.strictObject(tradeAmountsShape);

// ---- trades ----

export const quoteView = z.strictObject({
  ...tradeAmountsShape,
  customer: z.strictObject({ idType: z.string(), idNumber: z.string(), country: z.string(), residency, name: z.string() }),
  rate: z.strictObject({ id: z.string(), per100: decimal, side: z.enum(['buy', 'sell']), setAt: instant }),
  /** Exact USD equivalent (thresholds compare this), and as shown to people. */
  usdEquivalent: decimal,
  usdEquivalentShown: z.string(),
  usdConversion: z.strictObject({ month: z.string(), usdPerUnit: decimal }),
  reportingPath,
  day: z.strictObject({ tradesBefore: count, usdBefore: decimal, usdAfter: decimal, limit: decimal, remainingAfter: decimal }),
  reconversionReceiptRequired: z.boolean(),
  /** The person's standing in the monitoring system, when it answered in time. */
  monitoring: z.discriminatedUnion('online', [
    z.strictObject({ online: z.literal(true), quotaUsedUsd: decimal, quotaLeftUsd: decimal, cashTodayUsd: decimal, status: monitoringStatus }),
    z.strictObject({ online: z.literal(false) }),
  ]),
  prompts: z.array(prompt),
  /** A refusal by a counter rule; a commit of this quote records the attempt. */
  refusal: z.strictObject({ code: z.string(), message: messageOutput }).optional(),
  policyVersion: z.number().int().positive(),
  quotedAt: instant,
  expiresAt: instant,
  quoteToken: z.string(),
});

export const tradeView = z.strictObject({
  ...tradeAmountsShape,
  id: z.string(),
  receiptNo,
  status: z.enum(['committed', 'void']),
  void: z.strictObject({ reason: z.string(), supervisorId: z.string(), tellerId: z.string(), at: instant }).optional(),
  businessDate: date,
  createdAt: instant,
  institutionName: z.string(),
  outletCode: z.string(),
  outletName: z.string(),
  customer: z.strictObject({
    idType: z.string(), idNumber: z.string(), country: z.string(), supplementaryId: z.string().optional(), name: z.string(), residency,
  }),
  tradeType: z.enum(['JH', 'GH']),
  ratePer100: decimal,
  usdEquivalent: decimal,
  usdEquivalentShown: z.string(),
  paymentIn: z.enum(['cash', 'travellersCheque']),
  paymentOut: z.literal('cash'),
  reportingPath,
  channel: z.enum(['41', '42']).optional(),
  refNo: z.string().optional(),
  fundAttribute: z.string(),
  originalReceiptNo: receiptNo.optional(),
  policyVersion: z.number().int().positive(),
  /** The codes of the prompts the trade was made with. */
  prompts: z.array(z.string()),
  tellerId: z.string(),
  supervisorId: z.string().optional(),
});

export const personDay = z.strictObject({
  date,
  personKey: z.string(),
  trades: z.array(tradeView),
  /** Trades that stand (voided ones excluded), and their exact USD totals. */
  count,
  usdTotal: decimal,
  usdSettlement: decimal,
  usdPurchase: decimal,
  limit: decimal,
  /** USD left today for a next trade in each direction. */
  remaining: z.strictObject({ settlement: decimal, purchase: decimal }),
  attempts: count,
});

// ---- the customer ----

const quotaStanding = z.strictObject({ quotaUsedUsd: decimal, quotaLeftUsd: decimal });

/**
 * The person's standing in the monitoring system as the customer is looked up: status and the
 * annual quota left per trade type (个人外汇管理办法实施细则 第二条: 50,000 USD per person per
 * calendar year, for settlement and for purchase each). When the system is not configured or did
 * not answer in time the counter works on: `online: false`, never an error.
 */
export const customerStanding = z.discriminatedUnion('online', [
  z.strictObject({
    online: z.literal(true),
    status: monitoringStatus,
    /** USD of the person's cash trades today at every outlet and institution. */
    cashTodayUsd: decimal,
    /** The annual quota per trade type in the policy in force. */
    annualQuotaUsd: decimal,
    settlement: quotaStanding,
    purchase: quotaStanding,
  }),
  z.strictObject({ online: z.literal(false), reason: z.enum(['notConfigured', 'noAnswer']) }),
]);

export const customerLookup = z.strictObject({
  idType: z.string(),
  idNumber: z.string(),
  country: z.string(),
  supplementaryId: z.string().optional(),
  birthDate: date.optional(),
  residency,
  idTypeName: messageOutput,
  known: z.boolean(),
  name: z.string().optional(),
  today: personDay,
  monitoring: customerStanding,
});

// ---- the session, the outlet, the policy ----

export const sessionInfo = z.strictObject({
  training: z.boolean(),
  businessDate: date,
  now: instant,
  institutionName: z.string(),
  outletCode: z.string(),
  outletName: z.string(),
  terminalId: z.string(),
  currencies: z.array(z.strictObject({ code: z.string(), zh: z.string(), en: z.string(), minorUnits: count, smallestNote: decimal })),
  idTypes: z.array(z.strictObject({ code: z.string(), zh: z.string(), en: z.string(), residency })),
  /** No person exists yet: the sign-in screen offers to create the first manager (people.bootstrap). */
  firstRun: z.boolean(),
  /**
   * The ledger's quick_check (electron/terminal/safety.ts): 'checking' while a large ledger is
   * checked in the background (trading goes on), 'damaged' once writes are refused with
   * LEDGER_DAMAGED, 'unchecked' if the background check could not run.
   */
  integrity: z.enum(['checking', 'ok', 'damaged', 'unchecked']),
  /**
   * A year whose holiday notice is neither bundled nor loaded and is needed by now: the business
   * date's own year, or from 1 December the next (附表2 of December is due in January,
   * 第五十一条(三)). The status bar asks a manager to load it (calendar.load).
   */
  calendarMissingYear: z.number().int().optional(),
});

export const outletView = z.strictObject({
  institutionCode: z.string(),
  institutionName: z.string(),
  outletCode: z.string(),
  outletName: z.string(),
  terminalId: z.string(),
  borderPort: z.boolean(),
  /** The printer profile as configured (free-form settings of the outlet). */
  printerProfile: z.unknown(),
});

export const policyView = z.strictObject({
  version: z.number().int().positive(),
  effectiveDate: date,
  source: z.string(),
  params: policyParamsSchema,
});

// ---- rates ----

export const rateView = z.strictObject({
  id: z.string(),
  currency: z.string(),
  buyPer100: decimal,
  sellPer100: decimal,
  fee: decimal,
  effectiveAt: instant,
  setBy: z.string(),
  stale: z.boolean(),
});

export const conversionRatesView = z.strictObject({
  month: z.string(),
  rates: z.array(z.strictObject({ currency: z.string(), usdPerUnit: decimal })),
});

// ---- the outbox and the monitoring system ----

export const outboxState = z.enum(['pending', 'delivered', 'needs_attention', 'not_needed']);

export const queueRow = z.strictObject({
  id: z.number().int().positive(),
  tradeId: z.string(),
  receiptNo,
  kind: z.enum(['realtime', 'backfill', 'cancel']),
  state: outboxState,
  attempts: count,
  deadlineAt: instant.optional(),
  nextAttemptAt: instant.optional(),
  refNo: z.string().optional(),
  reason: z.string().optional(),
  /** A row needing attention: the monitoring system's answer code (2001 over quota, 2002 notice required, …). */
  refusalCode: z.string().optional(),
});

/** What queue.resolve did, and the row as it now stands (for a notice given: the resend). */
export const queueResolution = z.strictObject({
  id: z.number().int().positive(),
  outboxId: z.number().int().positive(),
  tradeId: z.string(),
  receiptNo,
  kind: z.enum(['noticeGiven', 'pageMode', 'reversed']),
  refusal: z.string(),
  refNo: z.string().optional(),
  note: z.string().optional(),
  /** noticeGiven: the person's status at SAFE (02 pre-watch, 03 watch list; 01 no longer listed). */
  personStatus: z.enum(['01', '02', '03']).optional(),
  supervisorId: z.string(),
  actor: z.string(),
  businessDate: date,
  at: instant,
  row: queueRow,
});

export const queueStatus = z.strictObject({
  monitoring: z.strictObject({
    configured: z.boolean(),
    /** Absent until the monitoring system has been contacted. */
    online: z.boolean().optional(),
    lastContactAt: instant.optional(),
    lastError: z.string().optional(),
  }),
  pending: count,
  nearestDeadline: instant.optional(),
  needsAttention: z.array(queueRow),
  alerts: z.array(queueRow),
});

export const syncResult = z.strictObject({ delivered: count, retrying: count, needsAttention: count });

export const backfillLine = z.strictObject({
  receiptNo,
  tradeId: z.string(),
  tradeTime: instant,
  customerName: z.string(),
  idType: z.string(),
  idNumber: z.string(),
  tradeType: z.enum(['JH', 'GH']),
  currency: z.string(),
  amount: decimal,
  usdEquivalent: decimal,
  voided: z.boolean(),
  /** The back-fill's outbox state (pending, delivered, needs_attention, not_needed). */
  state: z.string(),
  refNo: z.string().optional(),
  deadlineAt: instant.optional(),
});

const reconciliationLine = z.strictObject({
  receiptNo: receiptNo.optional(),
  tradeId: z.string().optional(),
  refNo: z.string().optional(),
  currency: z.string(),
  terminalAmount: decimal.optional(),
  monitoringAmount: decimal.optional(),
});

export const reconciliation = z.strictObject({
  date,
  matched: count,
  /** In the monitoring system, not among the terminal's trades (entered elsewhere, or an orphan). */
  missingOnTerminal: z.array(reconciliationLine),
  /** A standing trade the monitoring system does not hold (cancelled there, or never delivered). */
  missingOnMonitoring: z.array(reconciliationLine),
  /** Not yet delivered: still within its window. */
  pendingDelivery: z.array(reconciliationLine),
  differentAmount: z.array(reconciliationLine),
  /** Voided here but still recorded there (a cancel is due). */
  voidedStillRecorded: z.array(reconciliationLine),
});

// ---- the printer ----

export const printerState = z.enum(['ready', 'paperNearEnd', 'paperOut', 'coverOpen', 'error', 'noAnswer']);

export const printJobView = z.strictObject({
  id: z.number().int().positive(),
  tradeId: z.string(),
  receiptNo,
  kind: z.enum(['receipt', 'reprint']),
  copyNo: count,
  state: z.enum(['pending', 'printing', 'done', 'failed']),
  error: z.string().optional(),
  requestedBy: z.string(),
  createdAt: instant,
});

export const printerStatus = z.strictObject({
  configured: z.boolean(),
  /** Absent when no printer is configured. */
  state: printerState.optional(),
  failedJobs: z.array(printJobView),
});

export const receiptPreview = z.strictObject({
  html: z.string(),
  lines: z.strictObject({ institution: z.array(z.string()), customer: z.array(z.string()) }),
});

// ---- cash ----

export const cashOnHand = z.array(moneyText);

// ---- the working-day calendar ----

/** A year's arrangement in force: days off (放假) and working weekend days (调休上班). */
export const calendarYearView = z.strictObject({
  year: z.number().int(),
  holidays: z.array(date),
  workdays: z.array(date),
  /** 'bundled': shipped with the program; 'loaded': loaded into this ledger by calendar.load. */
  origin: z.enum(['bundled', 'loaded']),
  /** The notices it comes from. */
  sources: z.array(z.string()),
  loadedBy: z.string().optional(),
  loadedAt: instant.optional(),
});

/**
 * Every method's answer. Methods added to `methods` after these were written (reserves, day
 * close, reports, ...) bring their own entry here; until they do, the type allows them to be
 * missing, and test/http-transport.test.ts fails to say which.
 */
export const outputs = {
  'session.info': sessionInfo,
  'outlet.get': outletView,
  'policies.list': z.array(policyView),
  'policies.load': policyView,
  'rates.set': rateView,
  'rates.board': z.array(rateView),
  'rates.history': z.array(rateView),
  'conversionRates.import': z.strictObject({ month: z.string(), currencies: count }),
  'conversionRates.get': conversionRatesView,
  'customers.lookup': customerLookup,
  'trades.quote': quoteView,
  'trades.commit': tradeView,
  'trades.void': tradeView,
  'trades.get': tradeView,
  'trades.list': z.array(tradeView),
  'trades.personDay': personDay,
  'trades.reprint': printJobView,
  'trades.preview': receiptPreview,
  'printer.status': printerStatus,
  'printer.jobs': z.array(printJobView),
  'printer.printPending': z.strictObject({ printed: count, failed: count }),
  'cash.onHand': cashOnHand,
  'cash.fund': z.strictObject({ id: z.string(), currency: z.string(), amount: decimal }),
  'queue.status': queueStatus,
  'queue.list': z.array(queueRow),
  'queue.retry': queueRow,
  'queue.resolve': queueResolution,
  'queue.syncNow': syncResult,
  'monitoring.backfillList': z.array(backfillLine),
  'monitoring.reconcile': reconciliation,
  'calendar.load': calendarYearView,
  'calendar.get': calendarYearView,
  'calendar.list': z.array(calendarYearView),
  // Reserves, cash by note, the day close and the reports: shared/contractReserves.ts.
  ...reserveOutputs,
  // The audit trail: shared/contractAudit.ts.
  ...auditOutputs,
  // People, sign-in and approvals: shared/contractPeople.ts.
  ...peopleOutputs,
  // Backups and the clock check: shared/contractBackup.ts.
  ...backupOutputs,
} as const satisfies { [M in MethodName]?: z.ZodType };

/** Methods of the contract whose answer has no schema yet (should be none). */
export type MethodsWithoutOutput = Exclude<MethodName, keyof typeof outputs>;

/** The answer of each method, as the screens read it (inferred from the schemas above). */
export type Outputs = { [M in keyof typeof outputs]: z.output<(typeof outputs)[M]> };
