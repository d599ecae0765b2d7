// Reference data down, and the look-ups a counter makes online (issue 16 items 4 and 5;
// ../shared/design/hub.md "Down: reference data" and "Rules that cross counters"). Pure, for the hub
// that publishes and answers and the terminal that pulls and asks.
//
// The hub masters the institution's people, outlets and counters, board rates, working-day
// calendars, SAFE's USD conversion tables and the policy versions the rules read. Each change gets a hub-wide version (a PostgreSQL sequence, taken in commit
// order: hub/reference.ts); a terminal pulls the changes after the version it holds for its outlet
// and applies them in one transaction (electron/terminal/hubSync/apply.ts), through the same
// writers as the counter's own methods, so a rate from HQ is refused for the same reasons as one
// typed at the counter.
import { z } from 'zod';
import { decimal, decimalText, instant, isoMonth, text } from '../api/fields';
import { password, personId } from '../api/people';
import { ROLES } from '../api/roles';
import { bookCodeText, HUB_RECEIPT_BASE, MAX_BOOK_SIZE } from '../receipts';

/** People of HQ: they sign in to the hub, never at a counter (their changes do not go down). */
export const HQ_ROLES = ['hqManager', 'hqReporter', 'auditor'] as const;
export type HqRole = (typeof HQ_ROLES)[number];
export const HUB_PERSON_ROLES = [...ROLES, ...HQ_ROLES] as const;
export type HubPersonRole = (typeof HUB_PERSON_ROLES)[number];

/** A hub-wide version: a PostgreSQL bigint as decimal text (0: nothing yet). */
export const versionText = z.string().regex(/^(0|[1-9]\d{0,18})$/);
const outletCode = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ -');
const year = z.number().int().min(2000).max(2100);

// ---- the changes, as a terminal receives them ----

export const personChange = z.strictObject({
  id: personId,
  name: z.string().min(1).max(100),
  role: z.enum(ROLES),
  /** scrypt, in the counter's format (shared/passwords.ts): the counter signs people in offline. */
  passwordHash: z.string().min(1).max(200),
  locked: z.boolean(),
  disabled: z.boolean(),
});
export const rateChange = z.strictObject({
  /** The hub's id for the rate: the same row at every counter. */
  id: z.string().min(1).max(64),
  currency: z.string().length(3),
  buyPer100: decimal,
  sellPer100: decimal,
  /** RMB minor units (fen), as decimal text. */
  feeMinor: z.string().regex(/^\d{1,15}$/),
  effectiveAt: instant,
  setBy: z.string().min(1).max(64),
});
export const calendarChange = z.strictObject({
  year,
  holidays: z.array(z.string().max(10)).max(366),
  workdays: z.array(z.string().max(10)).max(366),
  source: z.string().max(300),
  loadedBy: z.string().min(1).max(64),
});
export const conversionTableChange = z.strictObject({
  month: isoMonth,
  rates: z.array(z.strictObject({ currency: z.string().length(3), usdPerUnit: decimal })).min(1).max(300),
  importedBy: z.string().min(1).max(64),
});

/**
 * A watch list's next version for every counter (第五十四条): the file as HQ imported it, so each
 * counter parses it as its own import does (shared/screening/import.ts) and keeps the same sha256.
 * The UN consolidated list is about 2 MB as XML.
 */
const watchListFields = {
  listId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'lower-case letters, digits, . _ -'),
  name: z.string().min(1).max(200),
  format: z.enum(['un-xml', 'csv']),
  content: z.string().min(1).max(8_000_000),
};
export const watchListChange = z.strictObject({ ...watchListFields, importedBy: z.string().min(1).max(64) });

export const policyChange = z.strictObject({
  version: z.number().int().min(2),
  effectiveDate: z.string().max(10),
  source: z.string().min(1).max(200),
  /** The rules' parameters (shared/policy.ts policyParamsSchema), checked again at the counter. */
  params: z.unknown(),
});

/**
 * An outlet as it stands at the hub, for its own counters (hub/outlets.ts publishOutlet): the
 * newest one a counter holds is its outlet's name, city and address, and the outlet's counters.
 */
export const outletChange = z.strictObject({
  code: outletCode,
  name: z.string().min(1).max(200),
  /** The 6-digit administrative division code (行政区划代码); null until HQ says it. */
  cityCode: z.string().regex(/^\d{6}$/).nullable(),
  address: z.string().max(300),
  counters: z.array(z.strictObject({ terminalId: outletCode, name: z.string().min(1).max(200), revoked: z.boolean() })).max(1_000),
  /** The counter that keeps the outlet's safe (hub migration 019); null or absent: not named, each counter's safe its own. */
  safeCounter: outletCode.nullable().optional(),
});
export type OutletChange = z.infer<typeof outletChange>;

/**
 * A receipt book issued to a counter of the outlet, or returned (第三十五条(三) 登记领用;
 * hub/receiptBooks.ts): the outlet's counters all hold the outlet's books, and number only in their own.
 */
const hubReceiptNo = z.number().int().min(HUB_RECEIPT_BASE + 1).max(Number.MAX_SAFE_INTEGER);
export const receiptBookChange = z.strictObject({
  code: bookCodeText,
  terminalId: outletCode,
  firstNo: hubReceiptNo,
  lastNo: hubReceiptNo,
  issuedBy: z.string().min(1).max(64),
  issuedAt: instant,
  /** Returned (its counter out of service): numbered in no more; the unused range is unusedFrom..lastNo. */
  returnedAt: instant.nullable(),
  unusedFrom: z.number().int().nullable(),
  /** The counter's reserve book (hub migration 018): numbered in only when no other of its books has a number left. Absent before. */
  reserve: z.boolean().optional(),
});
export type ReceiptBookChange = z.infer<typeof receiptBookChange>;

/**
 * Notes sent from one counter to another (issue 17 item 4; hub/transfers.ts): published to the
 * receiver's outlet when the hub hears of the sending, and to the sender's when it hears of the
 * count. The receiver counts against it; the sender, told of the count, clears its notes in transit.
 */
const minorText = z.string().regex(/^\d{1,15}$/);
const terminalCode = outletCode;
export const transferNotes = z.array(z.tuple([minorText, minorText])).min(1).max(40);
export const transferChange = z.strictObject({
  id: z.string().min(1).max(64),
  fromTerminal: terminalCode,
  fromOutlet: outletCode,
  fromPlace: z.enum(['till', 'safe']),
  toTerminal: terminalCode,
  toOutlet: outletCode,
  currency: z.string().length(3),
  amountMinor: minorText,
  notes: transferNotes,
  note: z.string().max(200),
  sentBy: z.string().min(1).max(64),
  sentAt: instant,
  sentDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The sender's average cost of the notes when sent, in fen (ledger migration 021): the receiver's stock takes them at it. Null for RMB; absent from a sender before. */
  costMinor: minorText.nullable().optional(),
  received: z.strictObject({
    place: z.enum(['till', 'safe']),
    minor: minorText,
    notes: z.array(z.tuple([minorText, minorText])).max(40),
    by: z.string().min(1).max(64),
    at: instant,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    supervisorId: z.string().max(64).nullable(),
  }).nullable(),
});
export type TransferChange = z.infer<typeof transferChange>;

/**
 * The outlet's day closed over its counters (issue 17 item 5; hub/outletDays.ts): every counter of
 * the outlet closed that date or was excused, and what SAFE held that no counter did was resolved.
 * At every counter of the outlet the date is locked from then on.
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const excusedCounter = z.strictObject({ terminalId: terminalCode, reason: z.string().trim().min(1).max(200) });
export const outletDayChange = z.strictObject({
  date: isoDay,
  closedBy: z.string().min(1).max(64),
  closedAt: instant,
  supervisorId: z.string().max(64).nullable(),
  terminalId: terminalCode,
  excused: z.array(excusedCounter).max(1_000),
});
export type OutletDayChange = z.infer<typeof outletDayChange>;

/**
 * The institution's reserve accounts (备付金账户, 第三十八–四十二条) and its basic account (基本户),
 * registered by HQ at the hub (hub/reserves.ts) and published to every counter: one set of accounts
 * for the institution, at no more than the policy's number of same-city banks (第四十二条(一)), an FX
 * account with its RMB account at the same bank (第四十二条(二)). The id is the hub's: the same
 * account at every counter, so the hub can add up their movements through it.
 */
export const reserveAccountChange = z.strictObject({
  id: z.string().min(1).max(64),
  bankName: z.string().min(1).max(200),
  currency: z.string().length(3),
  accountNo: z.string().min(1).max(64),
  openedBy: z.string().min(1).max(64),
});
export type ReserveAccountChange = z.infer<typeof reserveAccountChange>;
export const basicAccountChange = z.strictObject({ bankName: z.string().min(1).max(200), accountNo: z.string().min(1).max(64), setBy: z.string().min(1).max(64) });
export type BasicAccountChange = z.infer<typeof basicAccountChange>;

export const referenceChange = z.discriminatedUnion('kind', [
  z.strictObject({ version: versionText, kind: z.literal('person'), at: instant, body: personChange }),
  z.strictObject({ version: versionText, kind: z.literal('rate'), at: instant, body: rateChange }),
  z.strictObject({ version: versionText, kind: z.literal('calendar'), at: instant, body: calendarChange }),
  z.strictObject({ version: versionText, kind: z.literal('conversionTable'), at: instant, body: conversionTableChange }),
  z.strictObject({ version: versionText, kind: z.literal('policy'), at: instant, body: policyChange }),
  z.strictObject({ version: versionText, kind: z.literal('outlet'), at: instant, body: outletChange }),
  z.strictObject({ version: versionText, kind: z.literal('receiptBook'), at: instant, body: receiptBookChange }),
  z.strictObject({ version: versionText, kind: z.literal('transfer'), at: instant, body: transferChange }),
  z.strictObject({ version: versionText, kind: z.literal('outletDay'), at: instant, body: outletDayChange }),
  z.strictObject({ version: versionText, kind: z.literal('reserveAccount'), at: instant, body: reserveAccountChange }),
  z.strictObject({ version: versionText, kind: z.literal('basicAccount'), at: instant, body: basicAccountChange }),
  z.strictObject({ version: versionText, kind: z.literal('watchList'), at: instant, body: watchListChange }),
]);
export type ReferenceChange = z.infer<typeof referenceChange>;
export type ReferenceKind = ReferenceChange['kind'];

/** At most this many changes in one answer; the terminal asks again from the last. */
export const MAX_CHANGES = 500;
export const pullRequest = z.strictObject({
  since: versionText,
  /**
   * The counter's own last entry (its sequence's head), so HQ's live view says how many of its events
   * the hub has not received yet (issue 18 item 2); absent from a counter before this release.
   */
  head: z.string().regex(/^(0|[1-9]\d{0,18})$/).optional(),
});
export const pullAnswer = z.strictObject({ changes: z.array(referenceChange).max(MAX_CHANGES), latest: versionText });
export type PullAnswer = z.infer<typeof pullAnswer>;

// ---- what HQ sends the hub (a hub person's session; hub/reference.ts checks each as the counter would) ----

export const signInRequest = z.strictObject({ id: personId, password });
export const createPersonRequest = z.strictObject({
  id: personId,
  name: z.string().min(1).max(100),
  role: z.enum(HUB_PERSON_ROLES),
  /** The outlet whose counters the person works at; absent: every outlet (HQ people, relief staff). */
  outletCode: outletCode.optional(),
  password,
});
export const personRequest = z.strictObject({ id: personId });
export const setRateRequest = z.strictObject({
  /** The outlet whose board it is; absent: every outlet's. */
  outletCode: outletCode.optional(),
  currency: text(3),
  buyPer100: decimalText,
  sellPer100: decimalText,
  fee: decimalText.default('0'),
});
export const loadCalendarRequest = z.strictObject({
  year,
  holidays: z.array(text(10)).min(1).max(366),
  workdays: z.array(text(10)).max(366),
  source: z.string().max(300).default(''),
});
/** HQ's import of a watch list (hub/reference.ts importWatchList). */
export const importWatchListRequest = z.strictObject(watchListFields);
export const importConversionTableRequest = z.strictObject({ month: isoMonth, csv: z.string().max(100_000) });
/**
 * An outlet, registered or changed by HQ (hub/outlets.ts). Its city is the 6-digit administrative
 * division code (行政区划代码), by which 附表2 adds the institution's outlets of one city (注1).
 */
export const outletRequest = z.strictObject({
  code: outletCode,
  name: text(200),
  cityCode: z.string().regex(/^\d{6}$/, 'six digits (行政区划代码)'),
  address: z.string().max(300).default(''),
  /** The counter that keeps the outlet's safe, one of its own (null: none named); absent: as it was. */
  safeCounter: outletCode.nullable().optional(),
});
export const outletView = z.strictObject({
  code: z.string(),
  name: z.string(),
  cityCode: z.string().nullable(),
  address: z.string(),
  safeCounter: z.string().nullable(),
  counters: z.array(z.strictObject({
    terminalId: z.string(),
    name: z.string(),
    enrolledAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    /** The highest contiguous event the hub holds from it ('0': none yet). */
    held: z.string(),
  })),
});
export type OutletView = z.infer<typeof outletView>;
/**
 * A counter of a registered outlet, registered if new (named, or by its id), and its one-time
 * enrolment code; revoking names the counter alone.
 */
export const enrolmentCodeRequest = z.strictObject({
  terminalId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ -'),
  outletCode,
  name: text(200).optional(),
  minutes: z.number().int().min(1).max(24 * 60).optional(),
});
export const terminalRequest = z.strictObject({ terminalId: z.string().min(1).max(64) });

/** A receipt book for a counter (the next numbers of the institution's space), or one taken back. */
export const issueBookRequest = z.strictObject({ terminalId: outletCode, size: z.number().int().min(1).max(MAX_BOOK_SIZE).optional() });
export const bookRequest = z.strictObject({ code: bookCodeText });
export const bookListRequest = z.strictObject({ outletCode: outletCode.optional() });
/** A line of the 登记领用 register. */
export const receiptBookView = z.strictObject({
  code: z.string(),
  outletCode: z.string(),
  terminalId: z.string(),
  counterName: z.string(),
  /** The range as printed ("B0007-000001" … "B0007-001000"). */
  first: z.string(),
  last: z.string(),
  issuedBy: z.string(),
  issuedAt: z.string(),
  /** The highest number of it the hub holds a trade for (null: none yet). */
  usedTo: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnedBy: z.string().nullable(),
  /** Returned: the unused range, as printed (null: every number used, or not returned). */
  unused: z.string().nullable(),
  /** The counter's reserve book (numbered in only when its other books are used up). */
  reserve: z.boolean(),
});
export type ReceiptBookView = z.infer<typeof receiptBookView>;

/** Notes between counters as HQ sees them (hub/transfers.ts): those still in transit, or all, of an outlet or every outlet. */
export const transferListRequest = z.strictObject({ outletCode: outletCode.optional(), inTransitOnly: z.boolean().default(true) });
export const transferView = transferChange.extend({ fromCounterName: z.string(), toCounterName: z.string() });
export type TransferView = z.infer<typeof transferView>;
/** A counter of any outlet, by its id: where notes can be sent (a counter online asks before sending to another outlet). */
export const counterRequest = z.strictObject({ terminalId: terminalCode });
export const counterAnswer = z.strictObject({ terminalId: z.string(), outletCode: z.string(), outletName: z.string(), name: z.string(), revoked: z.boolean() });
export type CounterAnswer = z.infer<typeof counterAnswer>;

/**
 * The outlet's day as the hub holds it, for a counter about to close the outlet: its counters and
 * which closed the date, which of the serials SAFE holds are trades of the institution's counters
 * (the rest no counter holds), and the outlet's close if done.
 */
export const MAX_SERIALS = 20_000;
export const outletDayRequest = z.strictObject({ date: isoDay, serials: z.array(z.string().min(1).max(64)).max(MAX_SERIALS) });
export const outletDayAnswer = z.strictObject({
  counters: z.array(z.strictObject({ terminalId: z.string(), name: z.string(), revoked: z.boolean(), closedAt: instant.nullable(), closedBy: z.string().nullable() })).max(1_000),
  known: z.array(z.strictObject({ serial: z.string(), terminalId: z.string() })).max(MAX_SERIALS),
  closed: outletDayChange.nullable(),
});
export type OutletDayAnswer = z.infer<typeof outletDayAnswer>;
export const reconciliationItem = z.strictObject({ key: z.string().max(200), detail: z.string().max(500), resolution: z.string().max(500) });
export const outletCloseRequest = z.strictObject({
  date: isoDay,
  closedBy: z.string().min(1).max(64),
  supervisorId: z.string().max(64).nullable(),
  excused: z.array(excusedCounter).max(1_000),
  reconciliation: z.strictObject({ checked: z.boolean(), error: z.string().max(500).nullable(), records: z.number().int().min(0), items: z.array(reconciliationItem).max(MAX_SERIALS) }),
});
export type OutletCloseRequest = z.infer<typeof outletCloseRequest>;
export const outletCloseAnswer = z.strictObject({ version: versionText, day: outletDayChange });

/**
 * A transfer between the basic account and the reserve accounts about to be made (第四十四条: once a
 * month each way, for the institution): claimed at the hub (hub/reserves.ts), with the counter's
 * limit; the answer lists the month's others (movements and live claims of other counters) and
 * whether the claim was taken.
 */
export const reserveClaimRequest = z.strictObject({ kind: z.enum(['transfer_in', 'transfer_out']), month: isoMonth, limit: z.number().int().min(0).max(100) });
export const reserveClaimAnswer = z.strictObject({
  claimed: z.boolean(),
  others: z.array(z.strictObject({ terminalId: z.string(), date: z.string(), claim: z.boolean() })).max(1_000),
});
export type ReserveClaimAnswer = z.infer<typeof reserveClaimAnswer>;


/** A reserve account HQ registers for the institution (hub/reserves.ts openReserveAccount). */
export const openReserveAccountRequest = z.strictObject({ bankName: text(200), currency: text(3), accountNo: text(64) });
export const basicAccountRequest = z.strictObject({ bankName: text(200), accountNo: text(64) });
/** The institution's reserve accounts as HQ sees them: each with its balance over every counter's movements, and what counters hold for movements not arrived yet. */
const signedMinor = z.string().regex(/^-?\d{1,16}$/);
export const reserveAccountView = reserveAccountChange.extend({
  openedAt: instant,
  balanceMinor: signedMinor,
  heldMinor: z.string().regex(/^\d{1,16}$/),
  counters: z.array(z.strictObject({ terminalId: z.string(), netMinor: signedMinor })).max(1_000),
});
export type ReserveAccountView = z.infer<typeof reserveAccountView>;
export const reserveAccountsAnswer = z.strictObject({ basicAccount: basicAccountChange.nullable(), accounts: z.array(reserveAccountView).max(1_000) });
export type ReserveAccountsAnswer = z.infer<typeof reserveAccountsAnswer>;

/**
 * Money about to leave one of the institution's reserve accounts at a counter (a withdrawal, a
 * transfer out, a transfer between accounts, a rebalancing out): held at the hub first
 * (hub/reserves.ts holdReserve), with the counter's own net through the account (its movements,
 * pushed or not). Refused RESERVE_INSUFFICIENT when the other counters' movements, their live holds
 * and this counter's net leave less than the amount in the account.
 */
export const reserveHoldRequest = z.strictObject({
  movementId: z.string().min(1).max(64),
  accountId: z.string().min(1).max(64),
  currency: z.string().length(3),
  minor: z.string().regex(/^[1-9]\d{0,15}$/),
  ownMinor: signedMinor,
});
export type ReserveHoldQuery = z.input<typeof reserveHoldRequest>;
export const reserveHoldAnswer = z.strictObject({ held: z.literal(true), expiresAt: instant });
/** A hold given back by a movement that was then not written. */
export const reserveHoldReleaseRequest = z.strictObject({ movementId: z.string().min(1).max(64) });

/** A later policy version for every counter (rules.md): the next number after the last published. */
export const loadPolicyRequest = z.strictObject({ version: z.number().int().positive(), effectiveDate: text(10), source: text(200), params: z.unknown() });

// ---- the look-ups a counter makes online (signed by the terminal) ----

/**
 * A customer's trades today at the institution's other counters (第二十九条: the daily limit counts
 * every exchange of the person). The hub matches people by a keyed hash of ID type, number and
 * country under the institution's key, which never leaves the hub.
 */
const customerIdentity = { idType: text(4), idNumber: text(40), country: z.string().min(1).max(3) };
export const standingRequest = z.strictObject({
  ...customerIdentity,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
/** A customer's name as they gave it at another counter (hub/lookups.ts customerName): null when none did. */
export const customerRequest = z.strictObject(customerIdentity);
export const customerAnswer = z.strictObject({ name: z.string().min(1).max(100).nullable() });

export const standingAnswer = z.strictObject({
  trades: z.array(z.strictObject({ direction: z.enum(['settlement', 'purchase']), kind: z.enum(['settlement', 'purchase', 'reconversion']), usd: decimal, terminalId: z.string() })).max(1_000),
});
export type StandingAnswer = z.infer<typeof standingAnswer>;

/**
 * An original receipt issued at another counter (第三十一条) to the customer presenting it, with what
 * was changed back against it there. The hub answers only that customer's receipts (matched by the
 * keyed hash, as the standing): a counter typing a receipt number learns nothing of anyone else's.
 */
export const receiptRequest = z.strictObject({ receiptNo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), ...customerIdentity });
/**
 * RMB a counter is about to change back against a receipt, held for it at the hub (第三十一条;
 * hub/lookups.ts holdReceipt), with what it changed back against the receipt itself (it may not
 * have pushed that yet). Refused RECONVERSION_EXCEEDS_RECEIPT when it is more than is left.
 */
const fen = z.string().regex(/^\d{1,15}$/);
export const receiptHoldRequest = z.strictObject({ ...receiptRequest.shape, rmbMinor: fen, usedHereMinor: fen });
export type ReceiptHoldQuery = z.input<typeof receiptHoldRequest>;
/** A receipt hold given back by a reconversion that did not happen (hub/lookups.ts releaseReceipt). */
export const receiptReleaseRequest = receiptRequest;
/** held: false when the hub does not hold the receipt (the counter's own, not pushed yet). */
export const receiptHoldAnswer = z.strictObject({ held: z.boolean(), expiresAt: instant });
export type ReceiptHoldAnswer = z.infer<typeof receiptHoldAnswer>;
export const receiptFound = z.strictObject({
  terminalId: z.string(),
  receiptNo: z.number().int().positive(),
  businessDate: z.string(),
  direction: z.enum(['settlement', 'purchase']),
  voided: z.boolean(),
  /** RMB the customer received on it, and what reconversions that stand at the other counters changed back, in fen. */
  rmbReceivedMinor: z.string().regex(/^-?\d{1,15}$/),
  rmbReconvertedMinor: z.string().regex(/^-?\d{1,15}$/),
});
export const receiptAnswer = z.strictObject({ found: z.array(receiptFound).max(100) });
export type ReceiptFound = z.infer<typeof receiptFound>;
export type ReceiptQuery = z.input<typeof receiptRequest>;

/** The hub's people as HQ sees them (never a password hash). */
export const hubPersonView = z.strictObject({
  id: z.string(), name: z.string(), role: z.enum(HUB_PERSON_ROLES), outletCode: z.string().nullable(), locked: z.boolean(), disabled: z.boolean(),
});
export type HubPersonView = z.infer<typeof hubPersonView>;

/**
 * The customer's day held at the hub before a trade is committed (第二十九条; hub/limitHolds.ts):
 * the trade (its id, direction, USD) and this counter's whole day for the customer with it, per
 * direction; the counter's policy says the limit and whether it counts both directions together.
 * Refused DAILY_LIMIT_EXCEEDED when the other counters' days (their trades at the hub, or their
 * holds if larger) and this one's take it over the limit.
 */
const usdText = z.string().regex(/^\d{1,12}(\.\d{1,8})?$/);
export const limitHoldRequest = z.strictObject({
  ...customerIdentity,
  date: isoDay,
  tradeId: z.string().min(1).max(64),
  direction: z.enum(['settlement', 'purchase']),
  usd: usdText,
  here: z.strictObject({ settlement: usdText, purchase: usdText }),
  limitUsd: usdText,
  mode: z.enum(['combined', 'perDirection']),
});
export type LimitHoldQuery = z.input<typeof limitHoldRequest>;
export const limitHoldAnswer = z.strictObject({ held: z.literal(true), expiresAt: instant });
/**
 * A hold given back by a commit that did not happen (refused at SAFE, or not written): the counter's
 * day goes back to what it was without that trade, if the hold is still that trade's.
 */
export const limitReleaseRequest = limitHoldRequest.pick({ idType: true, idNumber: true, country: true, date: true, tradeId: true, here: true });
export type LimitReleaseQuery = z.input<typeof limitReleaseRequest>;
