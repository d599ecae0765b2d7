// What HQ's console asks the hub and what it answers (issue 18): the institution live (every outlet
// and its counters: hub/live.ts), the audit anchors, a rate pushed to several outlets and the
// boards' history (hub/rates.ts), and the inspection search (hub/inspection.ts). Pure, for the hub
// that answers and the console that shows.
import { z } from 'zod';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const liveRequest = z.strictObject({ date: isoDay.optional() });

/** Something wrong at a counter, as a sentence with what to do (never a bare code). */
export const liveProblem = z.strictObject({ kind: z.enum(['notEnrolled', 'offline', 'booksLow', 'revoked', 'chainBroken', 'backfillLate']), zh: z.string(), en: z.string() });
export type LiveProblem = z.infer<typeof liveProblem>;

export const liveCounter = z.strictObject({
  terminalId: z.string(),
  name: z.string(),
  enrolledAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Its last signed request the hub accepted (to 30 s), and whether that is recent enough to call it online. */
  lastSeenAt: z.string().nullable(),
  online: z.boolean(),
  /** The events the hub holds from it, and when it last stored one. */
  held: z.string(),
  /** Events it made that the hub has not received, as it said at its last pull (null: it has not said). */
  notReceived: z.number().int().nullable(),
  lastEventAt: z.string().nullable(),
  /** Its chain's head as the hub holds it (the audit anchor: the last entry's hash), and a push refused because the chain does not verify (hub migration 022). */
  headHash: z.string().nullable(),
  chainProblem: z.strictObject({ code: z.enum(['HUB_CHAIN_BROKEN', 'HUB_EVENTS_FORK']), seq: z.string(), at: z.string() }).nullable(),
  /** Its till closed on the date asked. */
  closed: z.boolean(),
  /** Receipt numbers left in its regular books, and in its reserve book (as the hub holds its trades). */
  receiptsLeft: z.number().int(),
  reserveLeft: z.number().int(),
  /** Notes it sent or is to count that are in transit. */
  inTransit: z.number().int(),
  /**
   * Its back-fills not yet at SAFE as the hub holds its trades (第三十二条(二)): how many, and how many
   * are past the 24 hours they are due within.
   */
  backfill: z.strictObject({ waiting: z.number().int(), late: z.number().int() }),
  /** Its till and safe by currency as the hub holds its postings (decimal strings in the currency's unit). */
  positions: z.array(z.strictObject({ currency: z.string(), till: z.string(), safe: z.string() })),
  problems: z.array(liveProblem),
});
export type LiveCounter = z.infer<typeof liveCounter>;

export const liveOutlet = z.strictObject({
  code: z.string(),
  name: z.string(),
  cityCode: z.string().nullable(),
  /** The outlet's day closed on the date asked. */
  closed: z.boolean(),
  counters: z.array(liveCounter),
});
export type LiveOutlet = z.infer<typeof liveOutlet>;

/** The audit anchors (issue 18 item 6): every terminal's chain head as last received, with the time, and any flag. */
export const anchor = z.strictObject({
  terminalId: z.string(), outletCode: z.string(), seq: z.string(), hash: z.string().nullable(), receivedAt: z.string().nullable(),
  chainProblem: liveCounter.shape.chainProblem,
});
export const anchorsAnswer = z.strictObject({ at: z.string(), anchors: z.array(anchor) });
export type AnchorsAnswer = z.infer<typeof anchorsAnswer>;

/** A rate for several outlets at once (hub/rates.ts pushRates): `confirm` when the plausibility check asked. */
const outletCodeText = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
export const ratePushRequest = z.strictObject({
  outletCodes: z.array(outletCodeText).min(1).max(1_000),
  currency: z.string().min(1).max(3),
  buyPer100: z.string().max(40),
  sellPer100: z.string().max(40),
  fee: z.string().max(40).default('0'),
  confirm: z.boolean().default(false),
});
export const rateHistoryRequest = z.strictObject({ outletCode: outletCodeText.optional(), currency: z.string().min(1).max(3).optional(), limit: z.number().int().min(1).max(1_000).default(200) });
export const referenceHistoryRequest = z.strictObject({ kind: z.enum(['policy', 'calendar', 'conversionTable', 'watchList']) });

/**
 * The inspection search (第四十九条; hub/inspection.ts): a period of at most a year, and any of an
 * outlet, a counter, a receipt number, USD bounds and a customer's document (HQ's manager and the
 * auditor only).
 */
const isoDayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const usdBound = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'USD, at most 2 decimals');
export const inspectionRequest = z.strictObject({
  from: isoDayText,
  to: isoDayText,
  outletCode: outletCodeText.optional(),
  terminalId: outletCodeText.optional(),
  receiptNo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  minUsd: usdBound.optional(),
  maxUsd: usdBound.optional(),
  idType: z.string().min(1).max(4).optional(),
  idNumber: z.string().min(1).max(40).optional(),
  country: z.string().min(1).max(3).optional(),
}).refine((q) => (q.idNumber === undefined) === (q.idType === undefined) && (q.idNumber === undefined || q.country !== undefined), { message: 'a customer is searched by ID type, number and country together', path: ['idNumber'] });
export type InspectionQuery = z.output<typeof inspectionRequest>;
export interface InspectionRow {
  outletCode: string;
  terminalId: string;
  /** As printed (its book's code and number). */
  receipt: string;
  businessDate: string;
  direction: 'settlement' | 'purchase';
  kind: 'settlement' | 'purchase' | 'reconversion';
  usd: string;
  rmb: string;
  fee: string;
  voided: boolean;
  customerName: string | null;
  originalReceiptNo: string | null;
}

/** A line of a board's history (hub/rates.ts rateHistory). */
export interface RateLine {
  version: string;
  /** The outlet whose board it is, or null: every outlet's. */
  outletCode: string | null;
  currency: string;
  buyPer100: string;
  sellPer100: string;
  feeMinor: string;
  setBy: string;
  at: string;
}

/** A line of the reference data HQ loaded (hub/rates.ts referenceHistory). */
export interface ReferenceLine {
  version: string;
  at: string;
  by: string;
  /** What was loaded, in a line: the policy's number and date, the calendar's year, the table's month, the list's id and format. */
  what: string;
  source: string;
}

export const liveAnswer = z.strictObject({ date: isoDay, at: z.string(), outlets: z.array(liveOutlet) });
export type LiveAnswer = z.infer<typeof liveAnswer>;

/** A counter not heard from for longer than this is offline on the live view (pulls come every few seconds). */
export const ONLINE_WITHIN_MS = 2 * 60_000;
/** Fewer regular receipt numbers left than this (a busy counter's few hours) is a problem to act on. */
export const BOOKS_LOW = 300;
