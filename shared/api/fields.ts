// The field types every domain's spec shares, written once: free text, decimals, dates, ids, the
// acting person and a supervisor's approval. Every string of every input also passes the
// well-formed-Unicode rule of shared/text.ts (the dispatcher applies it before the schema).
import { z } from 'zod';
import { isIsoDate } from '../time';

/** Text that must be given: 1 to `max` characters. */
export const text = (max: number) => z.string().min(1).max(max);
/** An exact decimal as the teller typed it; its form is checked where it is read (shared/input.ts). */
export const decimalText = z.string().max(40);
/** A currency code as typed (ISO 4217, checked against the currency list by the handler). */
export const currencyCode = text(3);
/** A receipt number (水单号). */
export const receiptNo = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A row's number in the ledger (an outbox row, an audit entry). */
export const rowId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A staff member's ID, as named in an actor field or by a supervisor. */
export const staffRef = text(64);

/**
 * A business date, YYYY-MM-DD, that exists on the calendar. The refusal says what to type: the
 * dispatcher turns a `custom` issue's params into the message (electron/terminal/dispatch.ts).
 */
export const isoDate = z.string().max(10).refine(isIsoDate, { params: { zh: '须为 YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' } });
/** A month, YYYY-MM; the refusal says what to type. */
export const isoMonth = z.string().max(7).refine((v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v), { params: { zh: '须为 YYYY-MM', en: 'must be YYYY-MM' } });

/**
 * Who acts (the spec's `actor: true`): optional on the wire, filled from the session by the
 * dispatcher; a value naming anyone else is refused (ACTOR_MISMATCH).
 */
export const actorField = { actor: staffRef.optional() };

/**
 * A supervisor's approval (auth.approve) for a method whose spec has `approval`; `supervisorId`, if
 * given too, must name the approver (alone it proves nothing). The dispatcher takes both out of
 * the input: the handler gets the checked approver, never the claim.
 */
export const approvalFields = { approval: z.string().min(1).max(200).optional(), supervisorId: staffRef.optional() };

/**
 * A date shaped YYYY-MM-DD that the handler checks itself, for the methods whose refusal of a wrong
 * date names what it is about (a report's period: REPORT_PERIOD_INVALID; a policy: its field), an
 * answer the API has always given. The report inputs, dayClose.get and dayClose.print use it.
 */
export const looseDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** A month shaped YYYY-MM that the handler checks itself (a report's period: REPORT_PERIOD_INVALID). */
export const looseMonth = z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM');

/** The customer's ID document as the teller typed it (customers.lookup, the trade request, a person's day). */
export const customerInput = z
  .object({
    idType: text(4),
    idNumber: text(40),
    country: z.string().max(3).optional(),
    supplementaryId: z.string().max(40).optional(),
    /** 第三十一条 (issue 19): the document's expiry, 'YYYY-MM-DD' or '长期' (resident ID); an expired one is refused (shared/id/idExpiry.ts). */
    idExpiry: z.string().max(20).optional(),
  })
  .strict();

/** Exactly one of a trade's id and its receipt number. */
export const tradeRefFields = { tradeId: text(40).optional(), receiptNo: receiptNo.optional() };
export const oneTradeRef = (v: { tradeId?: string | undefined; receiptNo?: number | undefined }): boolean => (v.tradeId === undefined) !== (v.receiptNo === undefined);
export const ONE_TRADE_REF = { message: 'give exactly one of tradeId and receiptNo' } as const;

/**
 * A field as text in an approval's subject (MethodSpec.approval.subject), whatever a caller sent
 * (a malformed input is refused later, by the schema).
 */
export const subjectPart = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');

/** Outputs: an exact decimal in plain notation (no exponent, no grouping, no float). */
export const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string');
/** Outputs: an instant as toISOString() writes it. */
export const instant = z.iso.datetime();
/** Outputs: a business date. */
export const date = z.iso.date();
export const count = z.number().int().min(0);
export const messageOutput = z.strictObject({ zh: z.string(), en: z.string() });
/** Money on the wire: an exact decimal string in major units, never a JSON number. */
export const moneyText = z.strictObject({ currency: z.string(), amount: decimal });
/** Outputs: a receipt number as stored. */
export const receiptNoOutput = z.number().int().positive();
/** Outputs: the customer's residency. */
export const residency = z.enum(['domestic', 'foreign']);
/** Outputs: the person's status in the monitoring system (normal, pre-watch, watch list). */
export const monitoringStatus = z.enum(['normal', 'prewatch', 'watch']);
