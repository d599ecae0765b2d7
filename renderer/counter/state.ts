// The counter's state, and what the screen reads from it (design/counter-ux.md). Pure: no React,
// no DOM, no call, no clock. machine.ts changes it; the panels show it; useCounter.ts asks the
// Terminal and tells the machine what it answered.
import type { Input, Outputs, QuoteView, TradeView } from '../../shared/api';
import { amountTextProblem, isPlainDecimal, type AmountTextProblem } from '../../shared/input';
import { unprintable } from '../../shared/printable';
import { parsePrintedReceiptNo } from '../../shared/receipts';
import { ID_NUMBER_MAX_LENGTH } from '../../shared/id/idDocument';
import { looksLikeMrz, type MrzFill } from '../../shared/id/mrz';
import type { ApiError } from '../apiError';
import type { CustomerLookup, PrintJobView } from '../apiTypes';
import { NO_NOTES, type NotesTyped } from '../noteCounts';
import { NO_SUPERVISOR, type SupervisorEntry } from '../supervisor';

export type Direction = 'settlement' | 'purchase';
export type Side = 'foreign' | 'rmb';
/** The regions of the screen, as they are marked (data-step): Esc goes back one from where the cursor is. */
export type Step = 'id' | 'name' | 'currency' | 'amount' | 'quote' | 'notes' | 'page' | 'done';
/** Entering the trade; the commit on its way; page-mode entry (第三十六条(二)); the trade done or the refusal recorded. */
export type Phase = 'entry' | 'committing' | 'pageMode' | 'done';
export type NoteSide = 'received' | 'paid';
export type Payout = Outputs['cash.proposePayout'];

export interface CustomerForm {
  idType: string;
  idNumber: string;
  country: string;
  supplementaryId: string;
  /** 第三十一条 (issue 19): the document's expiry as typed or scanned, 'YYYY-MM-DD' or 长期 (resident ID). */
  idExpiry: string;
  name: string;
  /** The teller typed the name (a looked-up name never overwrites it). */
  nameTyped: boolean;
  /** The MRZ lines a keyboard-wedge scanner typed so far into the ID field, each ended by '\n'. */
  mrz: string;
}

export interface TradeForm {
  direction: Direction;
  currency: string;
  amount: string;
  side: Side;
  originalReceiptNo: string;
  /**
   * What the customer hands over for a settlement (第三十条: cash or traveller's cheques; a purchase
   * is paid in RMB cash, and what the customer receives is always cash). Cash when not chosen.
   */
  paymentIn?: 'cash' | 'travellersCheque';
  /**
   * A foreign individual's purchase: the teller's answer to "reconversion of RMB from an earlier
   * exchange?" (第二十九条(三)); unanswered until a button is pressed. No: the quote is refused.
   */
  reconversion?: boolean;
  /** 第三十二条(三) (issue 19): the fund attribute chosen; '' = the default offered for the trade. */
  fundAttribute: string;
}

/** Page mode (第三十六条(二)): the reference number SAFE's page gave, and the supervisor who approves. */
export interface PageModeEntry {
  refNo: string;
  supervisor: SupervisorEntry;
}

export type Outcome = { kind: 'trade'; trade: TradeView } | { kind: 'refused'; error: ApiError };

/** An answer asked for one input (its key): an answer for input that has changed since is dropped. */
export type Load<T> =
  | { state: 'idle' }
  | { state: 'loading'; key: string; prev?: T }
  | { state: 'ok'; key: string; value: T }
  | { state: 'error'; key: string; error: ApiError; prev?: T };

/** Where the machine puts the cursor. */
export type FocusTarget =
  | { field: 'idType' | 'idNumber' | 'country' | 'supplementary' | 'idExpiry' | 'fundAttribute' | 'currency' | 'originalReceipt' | 'supervisor' | 'supervisorPassword' | 'confirm' | 'pageRefNo' | 'pageSupervisor' | 'newTrade' }
  /** keep: into the field without selecting what is in it (the cursor stays where it was). */
  | { field: 'amount'; keep?: boolean }
  /** select: the characters to retype (one the printer cannot print); otherwise all of it. */
  | { field: 'name'; select?: { start: number; end: number } }
  | { field: 'prompt'; code: string }
  | { field: 'notes'; side: NoteSide };

/** An Enter that waits for the Terminal's answer about what it was pressed on (the lookup, the quote). */
export interface Awaiting {
  for: 'customer' | 'quote';
  key: string;
  /** Ask again even if an answer is there (the quote expired). */
  fresh?: boolean;
}

/** The commit the machine decided on, for useCounter to carry out (seq: its answer names it). */
export interface CommitJob {
  seq: number;
  quote: QuoteView;
  request: Input<'trades.quote'>;
  acknowledgedPrompts: string[];
  notes: NotesTyped;
  /** The supervisor who approves this quote (a supervisor-level prompt, or page mode): asked first. */
  approveWith?: SupervisorEntry;
  /** Page-mode entry: the reference number SAFE's page gave. */
  pageModeRefNo?: string;
}

export interface CounterState {
  /** The currencies traded here (session.info). */
  currencies: readonly string[];
  customer: CustomerForm;
  /** Enter was pressed on the ID as it is (a lookup refusal is then said in full, not greyed as typing). */
  idEntered: boolean;
  /** A scanned MRZ (issue 19): what it filled in, or why it filled nothing. */
  mrzNotice?: { state: 'filled'; fill: MrzFill } | { state: 'refused'; error: ApiError };
  trade: TradeForm;
  /** The teller pressed Enter on the amount or left it: "300." is then a mistake, not a step to "300.5". */
  amountLeft: boolean;
  lookup: Load<CustomerLookup>;
  quote: Load<QuoteView>;
  /** The notes to pay, proposed from the till per quote (its token is the key). */
  payout: Load<Payout>;
  /** The prompts the teller confirmed (第三十七条). */
  acks: readonly string[];
  /** A supervisor-level prompt: the supervisor's ID and password, typed here. */
  supervisor: SupervisorEntry;
  /** Cash by note (optional): the notes typed in the notes step, and whether the step is open. */
  notes: NotesTyped;
  notesOpen: boolean;
  phase: Phase;
  pageMode: PageModeEntry;
  /** The Terminal's refusal of the last commit (or the counter's: no name). */
  commitError?: ApiError;
  outcome?: Outcome;
  /** The receipt's print job, once the trade is done. */
  printJob?: PrintJobView | 'waiting';
  awaiting?: Awaiting;
  job?: CommitJob;
  /** Where the cursor goes; seq changes with every move, so the same field can be asked for twice. */
  cursor?: { target: FocusTarget; seq: number };
  /** Counts the cursor moves and the commits. */
  seq: number;
  // ---- issue 20 items 1 and 5 (counter state) ----
  /** The business date, once it is closed (session.info): no trade can be dated to it (DAY_CLOSED). */
  dayClosed?: string;
  /** A key of a trade was pressed on the closed day: refused there, and said at the ID. */
  dayClosedRefused?: boolean;
  /** The monitoring system as the sync loop last found it (queue.status): undefined = not known. */
  monitoringOnline?: boolean;
}

export const EMPTY_CUSTOMER: CustomerForm = { idType: '01', idNumber: '', country: '', supplementaryId: '', idExpiry: '', name: '', nameTyped: false, mrz: '' };
export const EMPTY_TRADE: TradeForm = { direction: 'settlement', currency: '', amount: '', side: 'foreign', originalReceiptNo: '', fundAttribute: '' };
export const NO_PAGE_MODE: PageModeEntry = { refNo: '', supervisor: NO_SUPERVISOR };
/** ID types whose issuing country is typed (the others carry it in the number). */
export const NEEDS_COUNTRY: ReadonlySet<string> = new Set(['04', '10']);
export const NEEDS_SUPPLEMENTARY: ReadonlySet<string> = new Set(['09']);
/**
 * 第三十一条 (issue 19): the types whose expiry the counter asks for before quoting — every one but
 * the resident ID card, whose expiry (a date or 长期) is offered and checked when typed but not
 * asked for, not to slow the common case (docs/compliance-identity.md).
 */
export const NEEDS_EXPIRY: ReadonlySet<string> = new Set(['04', '05', '06', '07', '09', '10']);

// ---- issue 20 item 4 (counter keys) ----
/**
 * The ID types in the order tellers use them (most used first): the resident ID card, the foreign
 * passport, the travel permits of Hong Kong/Macau and Taiwan, the Chinese passport, the
 * permanent-residence card, and last the diplomatic ID. The list and ↑/↓ in the ID number field
 * follow this order, so a key always leads to the same type (a fixed order, never reshuffled by
 * what was served today).
 */
export const ID_TYPE_ORDER: readonly string[] = ['01', '04', '06', '07', '09', '05', '10'];

/** The ID types as offered, in ID_TYPE_ORDER (a type not in it, last, in its own order). */
export function orderIdTypes<T extends { code: string }>(types: readonly T[]): T[] {
  const rank = (code: string) => {
    const i = ID_TYPE_ORDER.indexOf(code);
    return i < 0 ? ID_TYPE_ORDER.length : i;
  };
  return [...types].sort((a, b) => rank(a.code) - rank(b.code));
}

/** The type one step from `idType` in ID_TYPE_ORDER (by 1: the next, -1: the previous), round. */
export function idTypeStep(idType: string, by: 1 | -1): string {
  const i = ID_TYPE_ORDER.indexOf(idType);
  const n = ID_TYPE_ORDER.length;
  return ID_TYPE_ORDER[((i < 0 ? 0 : i + by) + n) % n]!;
}

/** The number is as long as its type's format allows (shared/id/idDocument.ts): complete. */
export const idNumberComplete = (f: CustomerForm): boolean => f.idNumber.trim().length >= ((ID_NUMBER_MAX_LENGTH as Record<string, number>)[f.idType] ?? Number.POSITIVE_INFINITY);

/** The scanner is typing an MRZ into the ID field (issue 19): no lookup for it. */
export const scanning = (f: CustomerForm): boolean => f.mrz !== '' || looksLikeMrz(f.idNumber);

export function initialState(currencies: readonly string[] = []): CounterState {
  return {
    currencies,
    customer: EMPTY_CUSTOMER,
    idEntered: false,
    trade: EMPTY_TRADE,
    amountLeft: false,
    lookup: { state: 'idle' },
    quote: { state: 'idle' },
    payout: { state: 'idle' },
    acks: [],
    supervisor: NO_SUPERVISOR,
    notes: NO_NOTES,
    notesOpen: false,
    phase: 'entry',
    pageMode: NO_PAGE_MODE,
    seq: 0,
  };
}

// ---- what the screen reads ----

export function customerInput(f: CustomerForm): Input<'customers.lookup'> {
  const country = f.country.trim().toUpperCase();
  const supplementaryId = f.supplementaryId.trim();
  const idExpiry = f.idExpiry.trim();
  return {
    idType: f.idType,
    idNumber: f.idNumber.trim(),
    ...(NEEDS_COUNTRY.has(f.idType) && country ? { country } : {}),
    ...(NEEDS_SUPPLEMENTARY.has(f.idType) && supplementaryId ? { supplementaryId } : {}),
    ...(idExpiry ? { idExpiry } : {}),
  };
}

/** The lookup the ID as typed asks for ('' for no ID). */
export const customerKey = (s: CounterState): string => (s.customer.idNumber.trim() && !scanning(s.customer) ? JSON.stringify(customerInput(s.customer)) : '');

/** The customer, as the lookup of the ID as typed now found them. */
export function found(s: CounterState): CustomerLookup | undefined {
  return s.lookup.state === 'ok' && s.lookup.key === customerKey(s) ? s.lookup.value : undefined;
}

export function lookupError(s: CounterState): ApiError | undefined {
  return s.lookup.state === 'error' && s.lookup.key === customerKey(s) ? s.lookup.error : undefined;
}

/** Lookup refusals about the issuing country or the expiry, not about the number itself. */
const NOT_ABOUT_THE_NUMBER: ReadonlySet<string> = new Set([
  'ID_COUNTRY_INVALID', 'ID_COUNTRY_MISMATCH', 'ID_SUPPLEMENTARY_REQUIRED', 'ID_EXPIRED', 'ID_EXPIRY_INVALID', 'ID_EXPIRY_LONG_TERM_NOT_ALLOWED', 'ID_EXPIRY_REQUIRED',
]);

/**
 * The lookup's refusal as the ID field shows it (issue 20 item 5): once Enter was pressed, or the
 * number is as long as its type's can be (a refusal about the number itself); never while a
 * number, a country or an expiry is still being typed.
 */
export function idErrorShown(s: CounterState): ApiError | undefined {
  const e = lookupError(s);
  if (!e) return undefined;
  return s.idEntered || (idNumberComplete(s.customer) && !NOT_ABOUT_THE_NUMBER.has(e.code)) ? e : undefined;
}

/** Characters of the name the receipt printer cannot print (the Terminal refuses them: NAME_NOT_PRINTABLE). */
export const nameBad = (s: CounterState): string[] => unprintable(s.customer.name);

export const amountProblem = (s: CounterState): AmountTextProblem | undefined => amountTextProblem(s.trade.amount);

/** The amount's problem as said under it: a trailing point only once the teller left the field. */
export function amountShown(s: CounterState): AmountTextProblem | undefined {
  const p = amountProblem(s);
  return p && (p.kind !== 'pointLast' || s.amountLeft) ? p : undefined;
}

export const currencyCode = (s: CounterState): string => s.trade.currency.trim().toUpperCase();
export const currencyKnown = (s: CounterState): boolean => s.currencies.includes(currencyCode(s));

/** The quote the typed trade asks for: none until the customer is found and the amount can be read. */
export function quoteRequest(s: CounterState): Input<'trades.quote'> | undefined {
  const customer = found(s);
  if (!customer || !currencyKnown(s) || !isPlainDecimal(s.trade.amount)) return undefined;
  // 第三十一条: no quote for a document whose validity the teller has not typed (issue 19).
  if (NEEDS_EXPIRY.has(s.customer.idType) && !s.customer.idExpiry.trim()) return undefined;
  const { trade } = s;
  // Not a receipt number as printed: not sent, and the quote asks for the receipt (RECONVERSION_RECEIPT_REQUIRED).
  const original = parsePrintedReceiptNo(trade.originalReceiptNo);
  const foreignPurchase = customer.residency === 'foreign' && trade.direction === 'purchase';
  // The acting teller is the session's: the Terminal fills it in.
  return {
    customer: { ...customerInput(s.customer), name: s.customer.name.trim() },
    direction: trade.direction,
    currency: currencyCode(s),
    amount: trade.amount,
    side: trade.side,
    ...(original !== undefined ? { originalReceiptNo: original } : {}),
    // 第三十条: cheques pay for a settlement only; sent only when chosen, so a cash quote is as before.
    ...(trade.direction === 'settlement' && trade.paymentIn === 'travellersCheque' ? { paymentIn: 'travellersCheque' as const } : {}),
    ...(foreignPurchase && trade.reconversion !== undefined ? { reconversion: trade.reconversion } : {}),
    // 第三十二条(三): the code the teller chose; none chosen, the Terminal reports the same default shown.
    ...(trade.fundAttribute ? { fundAttribute: trade.fundAttribute } : {}),
  };
}

export function quoteKey(s: CounterState): string {
  const r = quoteRequest(s);
  return r ? JSON.stringify(r) : '';
}

/** The quote for the trade as typed now (undefined while it is asked for). */
export function currentQuote(s: CounterState): QuoteView | undefined {
  return s.quote.state === 'ok' && s.quote.key === quoteKey(s) ? s.quote.value : undefined;
}

/** What the quote region shows: the current quote, or the last one, greyed, while the next is asked for. */
export function shownQuote(s: CounterState): QuoteView | undefined {
  return currentQuote(s) ?? (s.quote.state === 'loading' && quoteKey(s) ? s.quote.prev : undefined);
}

export function quoteError(s: CounterState): ApiError | undefined {
  return s.quote.state === 'error' && s.quote.key === quoteKey(s) ? s.quote.error : undefined;
}

/** A supervisor-level prompt: the supervisor approves the trade here. */
export const needsSupervisor = (q: QuoteView | undefined): boolean => !!q && !q.refusal && q.prompts.some((p) => p.level === 'supervisor');

/** The payout asked for the current quote: what the customer receives, keyed by the quote's token. */
export function payoutAsk(s: CounterState): { key: string; currency: string; amount: string } | undefined {
  const q = currentQuote(s);
  return q && !q.refusal ? { key: q.quoteToken, currency: q.customerReceives.currency, amount: q.customerReceives.amount } : undefined;
}

export type PayoutView = { state: 'loading'; prev?: Payout | undefined } | { state: 'ok'; value: Payout } | { state: 'error'; error: ApiError };

/** The notes to pay as shown under the amounts (none for a refused quote). */
export function payoutView(s: CounterState): PayoutView | undefined {
  const q = shownQuote(s);
  if (!q || q.refusal) return undefined;
  const key = payoutAsk(s)?.key ?? '';
  const l = s.payout;
  if (l.state === 'ok' && l.key === key) return { state: 'ok', value: l.value };
  if (l.state === 'error' && l.key === key) return { state: 'error', error: l.error };
  // Asking (or the quote is being asked again): the last proposal, greyed.
  return { state: 'loading', prev: l.state === 'ok' ? l.value : l.state === 'idle' ? undefined : l.prev };
}

/** On the watch list or pre-watch, as the quote found it, or as the lookup did before any quote. */
export function listed(s: CounterState): 'prewatch' | 'watch' | undefined {
  const q = shownQuote(s);
  const customer = found(s);
  const standing = q?.monitoring.online ? q.monitoring : customer?.monitoring.online ? customer.monitoring : undefined;
  return standing && standing.status !== 'normal' ? standing.status : undefined;
}

/**
 * Issue 20 item 1: a real-time trade while the monitoring system cannot be reached (the quote could
 * not ask it, and the sync loop does not find it online): it goes by page mode (第三十六条(二)), and
 * the confirm button says so before Enter.
 */
export function pageModeAhead(s: CounterState): boolean {
  return unansweredRealtime(currentQuote(s) ?? shownQuote(s)) && s.monitoringOnline !== true;
}

/** A real-time quote (not refused) that the monitoring system did not answer. */
export function unansweredRealtime(q: QuoteView | undefined): q is QuoteView {
  return !!q && !q.refusal && q.reportingPath === 'realtime' && !q.monitoring.online;
}

/** Nothing typed can change: the commit is on its way, page mode is open, or the trade is done. */
export const locked = (s: CounterState): boolean => s.phase !== 'entry';
