// journal.*: the journal searched across dates for an inspection (issue 19 item 7; 第四十九条: the
// records are shown to SAFE's inspectors on request; 第三十二条(二): how each trade reached the
// monitoring system), and a search's result exported as CSV or XLSX.
//
// Bounded, as every read of a growing table is here: a date range of at most JOURNAL_MAX_DAYS (a
// search by receipt number or by the customer's ID reads its index, whatever the period), a page
// of at most JOURNAL_MAX_PAGE trades, an export of at most JOURNAL_MAX_EXPORT. A search naming a
// customer (ID or name) is audited: who searched for whom, when.
import { z } from 'zod';
import { isoDate, receiptNo, text } from './fields';
import { READ_REPORTS } from './roles';
import type { DomainSpecs } from './spec';
import { tradeView } from './trades';

export const JOURNAL_MAX_DAYS = 366;
export const JOURNAL_MAX_PAGE = 500;
export const JOURNAL_MAX_EXPORT = 20_000;

/**
 * How a trade reached the monitoring system (第三十二条): real time through the interface (channel
 * 42) or the page-mode fallback (41), back-filled afterwards (特许兑换补录), or exempt at a border
 * port (第三十二条(四)). `realtime` matches both channels.
 */
export const journalPath = z.enum(['realtime', 'interface', 'pageMode', 'backfill', 'exempt']);
export type JournalPath = z.output<typeof journalPath>;

export const journalCriteria = z.strictObject({
  from: isoDate,
  to: isoDate,
  receiptNo: receiptNo.optional(),
  /** The customer by ID document: type and number, the country when known (the customers' key). */
  idType: text(4).optional(),
  idNumber: text(40).optional(),
  country: text(3).optional(),
  /** Part of the customer's name as the receipt prints it. */
  name: text(60).optional(),
  currency: text(3).optional(),
  /** The RMB side of the trade, in yuan, both ends included: exact decimal strings. */
  rmbMin: z.string().regex(/^\d{1,13}(\.\d{1,2})?$/).optional(),
  rmbMax: z.string().regex(/^\d{1,13}(\.\d{1,2})?$/).optional(),
  path: journalPath.optional(),
});
export type JournalCriteria = z.output<typeof journalCriteria>;

/** Where the next page starts: after this trade (newest first: by business date, then receipt number). */
const cursor = z.strictObject({ businessDate: isoDate, receiptNo });

export const journalPage = z.strictObject({
  trades: z.array(tradeView),
  /** The next page's cursor, when there may be more. */
  next: z.strictObject({ businessDate: z.string(), receiptNo: z.number().int() }).optional(),
});

export const journalApi = {
  /** Newest first. A search by customer is audited (journal.searchCustomer), so it is not a pure read. */
  'journal.search': {
    input: journalCriteria.extend({ after: cursor.optional(), limit: z.number().int().positive().max(JOURNAL_MAX_PAGE).default(100) }).strict(),
    output: journalPage,
    roles: READ_REPORTS,
  },
  /** The whole result of a search as a file: CSV (UTF-8 with BOM, RFC 4180) or XLSX. Audited. */
  'journal.export': {
    input: journalCriteria.extend({ format: z.enum(['csv', 'xlsx']) }).strict(),
    output: z.strictObject({ fileName: z.string(), mimeType: z.string(), base64: z.string(), count: z.number().int().nonnegative() }),
    roles: READ_REPORTS,
  },
} as const satisfies DomainSpecs<'journal'>;
