// dayClose.*: the day close (日终): what the day holds, the count against the books, the
// three-way reconciliation with the monitoring system, and the close itself, printed; at an outlet
// of several counters, the outlet's close over them.
import { z } from 'zod';
import { cashPlace, countInput, difference, notesOutput } from './cash';
import { count, currencyCode, decimal, decimalText, isoDate, looseDate, staffRef, subjectPart, text } from './fields';
import { REPORTERS, STAFF, SUPERVISORS } from './roles';
import type { DomainSpecs, Fields } from './spec';

// ---- traveller's cheques at the close (第三十条; issue 19 item 8, branch i19-listing-tc) ----
/** The cheques counted in one currency: their total face value (they are no notes). */
export const chequeCountInput = z.strictObject({ currency: currencyCode, amount: decimalText });
const chequeDifference = z.strictObject({ currency: z.string(), expected: decimal, counted: decimal, difference: decimal });

const reconItem = z.strictObject({ key: z.string(), kind: z.string(), detail: z.string(), resolution: z.string().nullable() });
/** A back-fill SAFE refused for good and the supervisor's way out (queue.resolve, 第三十二条(五)). */
const refusedBackfillResolution = z.strictObject({
  receiptNo: z.number().int(), receiptText: z.string(), tradeId: z.string(), tradeDate: z.string(), kind: z.enum(['noticeGiven', 'pageMode', 'reversed']),
  refusal: z.string(), refNo: z.string().nullable(), note: z.string().nullable(), supervisorId: z.string(), resolvedOn: z.string(), at: z.string(),
});
const backfillState = z.strictObject({ receiptNo: z.number().int(), receiptText: z.string(), deadlineAt: z.string().nullable(), state: z.string(), overdue: z.boolean() });

export const dayClosePreparation = z.strictObject({
  date: z.string(),
  closed: z.boolean(),
  earlierOpen: z.string().nullable(),
  trades: count,
  voids: count,
  receipts: z.strictObject({ first: z.number().int().nullable(), last: z.number().int().nullable(), gaps: z.array(z.number().int()) }),
  expected: z.array(z.strictObject({ location: cashPlace, currency: z.string(), total: decimal, notes: notesOutput })),
  /** Traveller's cheques held per currency, counted apart from the notes (第三十条). */
  travellersCheques: z.array(z.strictObject({ currency: z.string(), total: decimal })),
  reconciliation: z.strictObject({ checked: z.boolean(), error: z.string().nullable(), items: z.array(reconItem) }),
  backfills: z.array(backfillState),
  /** Refused back-fills resolved on the day, or of the day's trades. */
  resolutions: z.array(refusedBackfillResolution),
  audit: z.strictObject({
    ok: z.boolean(), entries: count, firstBroken: z.string().nullable(),
    /** Breaks examined (audit.examineBreak): still shown at every close and on its print. */
    examined: z.array(z.string()).default([]),
  }),
});
export const dayCloseView = z.strictObject({
  date: z.string(), closedAt: z.string(), closedBy: z.string(), supervisorId: z.string().nullable(), varianceReason: z.string().nullable(),
  differences: z.array(difference), reconciliation: z.array(reconItem),
  /** Traveller's cheques counted against held, per currency (第三十条). */
  chequeDifferences: z.array(chequeDifference),
  backfills: z.array(backfillState),
  resolutions: z.array(refusedBackfillResolution),
  backup: z.string().nullable(),
});

/** The outlet's day: its counters and which closed, its close if done, SAFE's records no counter holds. */
export const outletDayView = z.strictObject({
  date: z.string(),
  counters: z.array(z.strictObject({ terminalId: z.string(), name: z.string(), revoked: z.boolean(), closedAt: z.string().nullable(), closedBy: z.string().nullable(), self: z.boolean() })),
  closed: z.strictObject({
    closedBy: z.string(), closedAt: z.string(), supervisorId: z.string().nullable(), terminalId: z.string(),
    excused: z.array(z.strictObject({ terminalId: z.string(), reason: z.string() })),
  }).nullable(),
  reconciliation: z.strictObject({
    checked: z.boolean(), error: z.string().nullable(),
    /** SAFE's records of the date that are no trade of this counter (the rest are in its own close). */
    records: count,
    items: z.array(z.strictObject({ key: z.string(), detail: z.string() })),
  }),
});

// dayClose.prepare and dayClose.close take a calendar date (isoDate); dayClose.get and dayClose.print
// a date shaped YYYY-MM-DD (looseDate): a lookup, where a day that is no date is simply not closed
// (REPORT_PERIOD_INVALID).
export const dayCloseApi = {
  'dayClose.prepare': { input: z.strictObject({ date: isoDate }), output: dayClosePreparation, roles: STAFF, query: true },
  'dayClose.close': {
    input: z.strictObject({
      date: isoDate,
      counts: z.array(countInput).max(60),
      /** Traveller's cheques counted per currency (第三十条): every currency held. */
      travellersCheques: z.array(chequeCountInput).max(20).default([]),
      varianceReason: z.string().max(500).optional(),
      /** How each difference of the three-way reconciliation was resolved (第三十二条(五)). */
      resolutions: z.array(z.strictObject({ key: text(200), resolution: text(500) })).max(1000).default([]),
      actor: staffRef.optional(),
      /** A supervisor's approval (auth.approve) where the count differs from the books. */
      approval: z.string().min(1).max(200).optional(),
      supervisorId: staffRef.optional(),
    }),
    output: dayCloseView,
    roles: STAFF,
    /** An over/short or a note mix that differs at the day close: the day. */
    approval: { subject: (i: Fields) => `day:${subjectPart(i.date)}` },
    actor: true,
    serial: true,
  },
  'dayClose.get': { input: z.strictObject({ date: looseDate }), output: dayCloseView, roles: [...STAFF, ...REPORTERS], query: true },
  'dayClose.list': {
    input: z.strictObject({ limit: z.number().int().positive().max(400).default(31) }),
    output: z.array(z.strictObject({ date: z.string(), closedAt: z.string(), closedBy: z.string(), hadVariance: z.boolean() })),
    roles: [...STAFF, ...REPORTERS],
    query: true,
  },
  'dayClose.print': {
    input: z.strictObject({ date: looseDate, actor: staffRef.optional() }),
    output: z.strictObject({ printed: z.boolean(), lines: count }),
    roles: STAFF,
    actor: true,
  },
  // The outlet's day over its counters (issue 17 item 5), at an outlet of several counters, online.
  'dayClose.outletStatus': { input: z.strictObject({ date: isoDate }), output: outletDayView, roles: STAFF, query: true },
  'dayClose.outletClose': {
    input: z.strictObject({
      date: isoDate,
      /** Counters of the outlet that will not close the date (out of service, not opened), each with why. */
      excused: z.array(z.strictObject({ terminalId: text(64), reason: z.string().max(200) })).max(100).default([]),
      /** How each record SAFE holds and no counter does was resolved (第三十二条(五)). */
      resolutions: z.array(z.strictObject({ key: text(200), resolution: text(500) })).max(1000).default([]),
      actor: staffRef.optional(),
    }),
    output: outletDayView,
    roles: SUPERVISORS,
    actor: true,
    serial: true,
  },
} as const satisfies DomainSpecs<'dayClose'>;
