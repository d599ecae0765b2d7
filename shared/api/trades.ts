// trades.*: the counter's work: a quote, the trade committed, a void, a reprint, the day's trades
// and a person's day. Amounts and rates travel as decimal strings, never JSON numbers (a JSON
// number is a float). The trade views are read by customers.ts too.
import { z } from 'zod';
import type { PromptCode } from '../rules/prompts';
import { notesInput } from './cash';
import { actorField, approvalFields, count, customerInput, date, decimal, decimalText, instant, isoDate, messageOutput, monitoringStatus, moneyText, ONE_TRADE_REF, oneTradeRef, receiptNo, receiptNoOutput, residency, subjectPart, text, tradeRefFields } from './fields';
import { printJobView } from './printer';
import { STAFF, SUPERVISORS } from './roles';
import type { DomainSpecs, Fields } from './spec';

// ---- inputs ----

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
    originalReceiptNo: receiptNo.optional(),
    /** 资金属性 (第三十二条(三)); a default by trade kind when not given; must fit the kind (shared/codeLists.ts). */
    fundAttribute: z.string().regex(/^\d{3,4}$/).optional(),
    /**
     * A foreign individual's purchase: is it the reconversion of RMB from an earlier exchange
     * (第二十九条(三))? The counter asks; false refuses the trade (recorded as an attempt).
     */
    reconversion: z.boolean().optional(),
    ...actorField,
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
    ...approvalFields,
    /** Page-mode fallback: the reference number SAFE's web page returned (channel 41). */
    pageModeRefNo: z.string().max(40).optional(),
  })
  .strict();

/**
 * A paper receipt entered under its own printed number after a restore (第三十五条(三)): the trade as
 * the receipt prints it, the time it prints (with its offset, e.g. +08:00), and SAFE's reference
 * number when the monitoring system already holds it.
 */
export const paperReceiptRequest = z
  .object({
    customer: customerInput.extend({ name: text(100) }).strict(),
    direction: z.enum(['settlement', 'purchase']),
    currency: text(3),
    foreign: decimalText,
    ratePer100: decimalText,
    rmb: decimalText,
    fee: decimalText,
    paymentIn: z.enum(['cash', 'travellersCheque']).default('cash'),
    originalReceiptNo: receiptNo.optional(),
    fundAttribute: z.string().regex(/^\d{3,4}$/).optional(),
    reconversion: z.boolean().optional(),
    receiptNo,
    tradedAt: z.iso.datetime({ offset: true }),
    safeRefNo: z.string().max(40).optional(),
    /** Why it is entered from paper: the restore, where the stub is kept. */
    remark: text(200),
    notesIn: notesInput.optional(),
    notesOut: notesInput.optional(),
    ...actorField,
    ...approvalFields,
  })
  .strict();

export const tradeRef = z.object(tradeRefFields).strict().refine(oneTradeRef, ONE_TRADE_REF);

/** What a void or a reprint is bound to: the receipt or the trade named. */
const tradeSubject = (i: Fields): string => (typeof i.receiptNo === 'number' ? `receipt:${i.receiptNo}` : `trade:${subjectPart(i.tradeId)}`);

// ---- outputs ----

const direction = z.enum(['settlement', 'purchase']);
const tradeKind = z.enum(['settlement', 'purchase', 'reconversion']);
const reportingPath = z.enum(['realtime', 'backfill', 'exempt']);
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
  /**
   * The institution's other counters (issue 16): counted in the day's figure when the hub answered
   * in time ('online'); 'offline' when it did not (this counter's own and SAFE's figure only);
   * 'none' for a terminal with no hub.
   */
  institution: z.discriminatedUnion('hub', [
    z.strictObject({ hub: z.literal('online'), otherCountersUsd: decimal, otherCountersTrades: count }),
    z.strictObject({ hub: z.literal('offline') }),
    z.strictObject({ hub: z.literal('none') }),
  ]),
  prompts: z.array(prompt),
  /** A refusal by a counter rule; a commit of this quote records the attempt. */
  refusal: z.strictObject({ code: z.string(), message: messageOutput }).optional(),
  policyVersion: z.number().int().positive(),
  quotedAt: instant,
  expiresAt: instant,
  quoteToken: z.string(),
});

/**
 * A trade a counter rule refused (第三条: the institution keeps what it refused and why), as the
 * supervisor reviews it: nothing but this row was written for it.
 */
export const attemptView = z.strictObject({
  id: z.string(),
  createdAt: instant,
  businessDate: date,
  customer: z.strictObject({ idType: z.string(), idNumber: z.string(), country: z.string(), name: z.string() }),
  direction: z.enum(['settlement', 'purchase']),
  currency: z.string(),
  foreign: moneyText,
  rmb: moneyText,
  usdEquivalent: decimal,
  refusal: z.strictObject({ code: z.string(), message: messageOutput }),
  policyVersion: z.number().int().positive(),
  tellerId: z.string(),
});

export const tradeView = z.strictObject({
  ...tradeAmountsShape,
  id: z.string(),
  receiptNo: receiptNoOutput,
  /** As printed: a hub book's code and number ("B0007-000123"), or the counter's own plain number (shared/receipts.ts). */
  receiptText: z.string(),
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
  originalReceiptNo: receiptNoOutput.optional(),
  policyVersion: z.number().int().positive(),
  /** The codes of the prompts the trade was made with. */
  prompts: z.array(z.string()),
  tellerId: z.string(),
  supervisorId: z.string().optional(),
  /** A refund on a later day (issue 19 item 2): the earlier trade it reverses. */
  refund: z.strictObject({ originalReceiptNo: receiptNoOutput, originalReceiptText: z.string(), originalTradeId: z.string(), originalDate: date, reason: z.string() }).optional(),
  /** An earlier trade refunded: the refund's own receipt. */
  refundedBy: z.strictObject({ receiptNo: receiptNoOutput, receiptText: z.string(), tradeId: z.string(), businessDate: date }).optional(),
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

export const receiptPreview = z.strictObject({
  html: z.string(),
  lines: z.strictObject({ institution: z.array(z.string()), customer: z.array(z.string()) }),
});

/** Money on the wire: an exact decimal string in major units, never a JSON number. */
export type MoneyText = z.output<typeof moneyText>;
/** Both sides of a trade, as a quote shows them and a receipt prints them. */
export type TradeAmounts = z.output<typeof tradeAmounts>;
export type QuoteView = z.output<typeof quoteView>;
export type TradeView = z.output<typeof tradeView>;
export type PersonDay = z.output<typeof personDay>;

export const tradesApi = {
  'trades.quote': { input: tradeRequest, output: quoteView, roles: STAFF, actor: true, query: true },
  'trades.commit': {
    input: commitRequest,
    output: tradeView,
    roles: STAFF,
    /** The quote the customer agreed to: its token's signature (an HMAC of the quoted figures). */
    approval: { subject: (i: Fields) => `quote:${subjectPart(i.quoteToken).split('.').pop()}` },
    actor: true,
    serial: true,
  },
  'trades.void': {
    input: z
      .object({ ...tradeRefFields, reason: text(200), ...actorField, ...approvalFields })
      .strict()
      .refine(oneTradeRef, ONE_TRADE_REF),
    output: tradeView,
    roles: STAFF,
    approval: { subject: tradeSubject },
    actor: true,
    serial: true,
  },
  // ---- issue 19 item 2: a refund on a later day ----
  /**
   * A trade of an earlier day reversed for the customer who brings back its receipt (trades/refund.ts,
   * docs/compliance-refund.md): a new trade of today, opposite in direction, at the original's rate
   * and amounts (the whole trade, fee included), its own receipt; SAFE's record of the original is
   * cancelled (reason 06). The customer shows the same ID (第三十一条); a supervisor approves.
   */
  'trades.refund': {
    input: z
      .object({ ...tradeRefFields, customer: customerInput, reason: text(200), ...actorField, ...approvalFields })
      .strict()
      .refine(oneTradeRef, ONE_TRADE_REF),
    output: tradeView,
    roles: STAFF,
    approval: { subject: tradeSubject },
    actor: true,
    serial: true,
  },
  // ---- end of issue 19 item 2 ----
  /** A paper receipt printed before a restore, entered under its own number (trades/paper.ts). */
  'trades.enterPaper': {
    input: paperReceiptRequest,
    output: tradeView,
    roles: STAFF,
    approval: { subject: (i: Fields) => `paper:${subjectPart(i.receiptNo)}` },
    actor: true,
  },
  /**
   * The ranges restores closed, where paper receipts printed before a restore are entered, each
   * with the next number to enter (none: nothing was closed; the screen shows no form).
   */
  'trades.paperRanges': {
    input: z.strictObject({}),
    output: z.array(z.strictObject({
      from: receiptNoOutput, to: receiptNoOutput, fromText: z.string(), toText: z.string(),
      next: receiptNoOutput, nextText: z.string(), closedAt: instant,
    })),
    roles: STAFF,
    query: true,
    example: {},
  },
  'trades.get': { input: tradeRef, output: tradeView, roles: STAFF, query: true },
  /** The day's trades, newest first, found by receipt number, name or ID number. */
  'trades.list': {
    input: z.object({ date: isoDate.optional(), search: z.string().max(60).optional(), limit: z.number().int().positive().max(500).default(100) }).strict(),
    output: z.array(tradeView),
    roles: STAFF,
    query: true,
  },
  'trades.personDay': {
    // The date must also be on or after the first policy's (trades/read.ts customerDay).
    input: customerInput.extend({ date: isoDate.optional() }).strict(),
    output: personDay,
    roles: STAFF,
    query: true,
  },
  'trades.reprint': {
    input: z
      .object({ ...tradeRefFields, ...actorField, ...approvalFields })
      .strict()
      .refine(oneTradeRef, ONE_TRADE_REF),
    output: printJobView,
    roles: STAFF,
    approval: { subject: tradeSubject },
    actor: true,
  },
  'trades.preview': { input: tradeRef, output: receiptPreview, roles: STAFF, query: true },
  /**
   * A day's attempts, newest first: the trades a counter rule refused (a limit, a missing receipt,
   * the annual quota), each with its refusal, for the supervisor's review (第三十七条: a pattern of
   * refusals is a prompt to look closer).
   */
  'trades.attempts': {
    input: z.strictObject({ date: isoDate.optional(), limit: z.number().int().positive().max(500).default(100) }),
    output: z.array(attemptView),
    roles: SUPERVISORS,
    query: true,
    example: {},
  },
} as const satisfies DomainSpecs<'trades'>;
