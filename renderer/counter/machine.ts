// The counter as a machine (issue 15): state + event → state. Everything the counter's flow
// decides is here: where the cursor goes on Enter and on Esc, what an Enter waits for, when the
// customer's name comes from the ledger, which prompts are confirmed, whether a supervisor must
// approve, when the notes step opens, what a refusal of the commit leads to (page mode, the notes
// to put right, the quote asked again), and the reset for the next trade. Pure: no React, no DOM,
// no call, no clock; useCounter.ts asks the Terminal and dispatches what it answered.
// Past 400 lines on purpose: one reducer, so every Enter and Esc of the flow reads in one place;
// what could stand apart already does (cursor.ts, state.ts, dayKeys.ts for the day and the keys).
import type { QuoteView, TradeView } from '../../shared/api';
import { normaliseAmountText } from '../../shared/input';
import { Refusal } from '../../shared/errors';
import { completeMrzLines, readMrz } from '../../shared/id/mrz';
import { isCountryAlpha3 } from '../../shared/id/countries';
import { isCalendarDate, LONG_TERM } from '../../shared/id/idExpiry';
import type { ApiError, ApiErrorCode, ApiResult } from '../apiError';
import type { CustomerLookup, PrintJobView } from '../apiTypes';
import { messages } from '../i18n/messages';
import { NO_NOTES, type NotesTyped } from '../noteCounts';
import { filled, type SupervisorEntry } from '../supervisor';
import { nextCustomerTarget, nextQuoteTarget, notesSideToFix } from './cursor';
import { dayKeyStep, refusedOnClosedDay, type DayKeyEvent } from './dayKeys';
import {
  amountProblem, currencyKnown, currentQuote, customerInput, customerKey, EMPTY_CUSTOMER, found, initialState, nameBad, NEEDS_COUNTRY, scanning,
  needsSupervisor, pageModeAhead, quoteKey, quoteRequest, type CounterState, type Direction, type FocusTarget, type Load, type Payout, type Side, type Step,
} from './state';

export type CounterEvent =
  // ---- the session and the screen ----
  | { type: 'currencies'; codes: readonly string[] }
  /** The counter is shown again and the cursor is not in it: to where the work is. */
  | { type: 'shown' }
  /** F1, Enter on the done panel: a new trade, the cursor on the ID. */
  | { type: 'newTrade' }
  /** Esc, from the region the cursor is in: one step back, nothing typed is lost. */
  | { type: 'back'; from: Step }
  // ---- the customer ----
  | { type: 'idType'; value: string }
  | { type: 'idTypeEnter' }
  | { type: 'country'; value: string }
  | { type: 'countryEnter' }
  /** What is in the ID field; `today` (the business date) dates a scanned MRZ's birth year. */
  | { type: 'idNumber'; value: string; today?: string }
  | { type: 'supplementary'; value: string }
  | { type: 'idExpiry'; value: string }
  | { type: 'idExpiryEnter' }
  | { type: 'fundAttribute'; value: string }
  /** Enter on the ID number or the supplementary ID: on once the lookup has answered. */
  | { type: 'customerEnter'; today?: string }
  | { type: 'name'; value: string }
  | { type: 'nameEnter' }
  | { type: 'lookupStarted'; key: string }
  | { type: 'lookupAnswered'; key: string; result: ApiResult<CustomerLookup> }
  /** The ID was emptied: no customer. */
  | { type: 'lookupReset' }
  // ---- the trade ----
  | { type: 'direction'; value: Direction }
  /** F2. */
  | { type: 'switchDirection' }
  /** What the customer hands over for a settlement (第三十条): a button, or Alt+T to switch. */
  | { type: 'paymentIn'; value: 'cash' | 'travellersCheque' }
  | { type: 'switchPayment' }
  /** F3. */
  | { type: 'toCurrency' }
  | { type: 'currency'; value: string }
  /** A currency of the small rate board, clicked. */
  | { type: 'currencyPicked'; code: string }
  | { type: 'currencyEnter' }
  | { type: 'amount'; value: string }
  /** The cursor left the amount. */
  | { type: 'amountLeft' }
  /** Enter on the amount or on the original receipt number: on once the quote has answered. */
  | { type: 'amountEnter' }
  | { type: 'side'; value: Side }
  | { type: 'reconversion'; value: boolean }
  | { type: 'originalReceipt'; value: string }
  // ---- the quote ----
  | { type: 'quoteStarted'; key: string }
  /** cursorInQuote: the cursor was in the quote region (or nowhere) as the answer came. */
  | { type: 'quoteAnswered'; key: string; result: ApiResult<QuoteView>; cursorInQuote: boolean }
  | { type: 'payoutStarted'; key: string }
  | { type: 'payoutAnswered'; key: string; result: ApiResult<Payout> }
  | { type: 'ack'; code: string; checked: boolean }
  /** Enter on a prompt: confirmed, and on to what is still open. */
  | { type: 'ackEnter'; code: string }
  | { type: 'supervisor'; value: SupervisorEntry }
  /** Enter on the supervisor's password. */
  | { type: 'supervisorEnter' }
  /** The notes step (Tab from the confirm button, Enter). */
  | { type: 'openNotes' }
  | { type: 'notes'; value: NotesTyped }
  /** Enter on the last count of the notes paid. */
  | { type: 'notesDone' }
  // ---- the commit ----
  /** The confirm button (recordRefusal false), or "Record the refusal" (true). */
  | { type: 'commit'; recordRefusal: boolean }
  | { type: 'pageRefNo'; value: string }
  | { type: 'pageRefNoEnter' }
  | { type: 'pageSupervisor'; value: SupervisorEntry }
  | { type: 'pageSubmit' }
  | { type: 'approvalRefused'; seq: number; error: ApiError }
  | { type: 'commitAnswered'; seq: number; result: ApiResult<TradeView> }
  | { type: 'printJob'; job: PrintJobView }
  // Issue 20 items 1, 4 and 5 (the closed day, the monitoring system, the keys, the customer asked again): dayKeys.ts.
  | DayKeyEvent;


/** Refusals about the notes of a commit: the notes step opens, at the side to fix. */
const NOTES_REFUSALS: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>(['NOTES_INVALID', 'NOTES_UNAVAILABLE', 'CHANGE_UNAVAILABLE']);
/** The cursor to `target` (a new move, even to the field it is in). */
function to(s: CounterState, target: FocusTarget): CounterState {
  return { ...s, seq: s.seq + 1, cursor: { target, seq: s.seq + 1 } };
}

/** An answer for `key`, if it is the one asked for last (an answer for changed input is dropped). */
function answered<T>(l: Load<T>, key: string, result: ApiResult<T>): Load<T> | undefined {
  if (l.state !== 'loading' || l.key !== key) return undefined;
  if (result.ok) return { state: 'ok', key, value: result.value };
  return l.prev === undefined ? { state: 'error', key, error: result.error } : { state: 'error', key, error: result.error, prev: l.prev };
}

function started<T>(l: Load<T>, key: string): Load<T> {
  const prev = l.state === 'ok' ? l.value : l.state === 'loading' || l.state === 'error' ? l.prev : undefined;
  return prev === undefined ? { state: 'loading', key } : { state: 'loading', key, prev };
}

/**
 * A keyboard-wedge scanner types the MRZ into the ID field (issue 19, 第三十一条): its lines are
 * gathered (Enter ends one) until all are there, then read (shared/id/mrz.ts: every check digit
 * verified) and the form filled, or nothing filled and the reason said. Never a lookup of the
 * lines themselves.
 */
function mrzTyped(s: CounterState, value: string, enter: boolean, today: string): CounterState {
  const typed = s.customer.mrz + value + (enter ? '\n' : '');
  const lines = completeMrzLines(typed);
  if (!lines) {
    return enter
      ? { ...s, mrzNotice: undefined, customer: { ...s.customer, mrz: typed, idNumber: '' } }
      : { ...s, mrzNotice: undefined, idEntered: false, customer: { ...s.customer, idNumber: value } };
  }
  try {
    const fill = readMrz(lines, today);
    const customer = {
      ...s.customer, mrz: '', idType: fill.idType, idNumber: fill.idNumber, country: fill.idType === '04' ? fill.country : '',
      idExpiry: fill.idExpiry, name: fill.name, nameTyped: true,
    };
    return customerEnter({ ...s, customer, mrzNotice: { state: 'filled', fill } });
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    const error: ApiError = { code: e.code, message: e.failure.message };
    return to({ ...s, idEntered: false, customer: { ...s.customer, mrz: '', idNumber: '' }, mrzNotice: { state: 'refused', error } }, { field: 'idNumber' });
  }
}

function customerEnter(s0: CounterState): CounterState {
  // A type whose issuing country is typed, and none yet: to the country, with no refusal said
  // (its lookup refuses the missing country; the teller is about to type it).
  if (NEEDS_COUNTRY.has(s0.customer.idType) && !s0.customer.country.trim() && customerInput(s0.customer).idNumber) return to(s0, { field: 'country' });
  const s = { ...s0, idEntered: true };
  if (!customerInput(s.customer).idNumber) return to(s, { field: 'idNumber' });
  const key = customerKey(s);
  if (s.lookup.state === 'ok' && s.lookup.key === key) return to(s, nextCustomerTarget(s, s.lookup.value));
  if (s.lookup.state === 'error' && s.lookup.key === key) return to(s, nextCustomerTarget(s, undefined, s.lookup.error));
  return { ...s, awaiting: { for: 'customer', key } };
}

function amountEnter(s: CounterState): CounterState {
  if (!found(s)) return customerEnter(s);
  if (!currencyKnown(s)) return to(s, { field: 'currency' });
  if (!s.trade.amount) return to(s, { field: 'amount' });
  // Refused where it was typed (trade-amount-error); the cursor stays to put it right.
  if (amountProblem(s)) return to({ ...s, amountLeft: true }, { field: 'amount', keep: true });
  const key = quoteKey(s);
  if (s.quote.state === 'ok' && s.quote.key === key) return to(s, nextQuoteTarget(s, s.quote.value));
  if (s.quote.state === 'error' && s.quote.key === key) return to(s, { field: 'amount' });
  return { ...s, awaiting: { for: 'quote', key } };
}

/**
 * The confirm button, "Record the refusal", or page mode's submit: the commit, once every prompt
 * is confirmed, the supervisor (if one must approve) has typed their password, and the name can
 * be printed; otherwise the cursor goes to what is missing.
 */
function startCommit(s: CounterState, page: boolean, recordRefusal: boolean): CounterState {
  const q = currentQuote(s);
  const request = quoteRequest(s);
  if (!q || !request || s.phase === 'committing') return s;
  if (!!q.refusal !== recordRefusal) return s;
  const sup = page && filled(s.pageMode.supervisor) ? s.pageMode.supervisor : s.supervisor;
  if (!q.refusal) {
    const open = q.prompts.find((p) => !s.acks.includes(p.code));
    if (open || (needsSupervisor(q) && !filled(sup)) || !s.customer.name.trim() || nameBad(s).length > 0) {
      const m = messages['customer.nameRequired'];
      const blocked: CounterState = s.customer.name.trim() ? s : { ...s, commitError: { code: 'NAME_REQUIRED', message: { zh: m.zh, en: m.en } } };
      return to(blocked, nextQuoteTarget(blocked, q));
    }
  }
  // Issue 20 item 1: the monitoring system cannot be reached for a real-time entry: page mode at
  // once (第三十六条(二)), as the confirm button said, rather than a failed try first.
  if (!page && !q.refusal && pageModeAhead(s)) return to({ ...s, phase: 'pageMode', commitError: undefined }, { field: 'pageRefNo' });
  // The supervisor approves this quote; their password is forgotten here once it is on its way.
  const approveWith = !q.refusal && filled(sup) && (needsSupervisor(q) || page) ? sup : undefined;
  const seq = s.seq + 1;
  return {
    ...s,
    seq,
    phase: 'committing',
    commitError: undefined,
    ...(approveWith
      ? { supervisor: { ...s.supervisor, password: '' }, pageMode: { ...s.pageMode, supervisor: { ...s.pageMode.supervisor, password: '' } } }
      : {}),
    job: {
      seq,
      quote: q,
      request,
      acknowledgedPrompts: q.prompts.map((p) => p.code).filter((c) => s.acks.includes(c)),
      // Only the notes the teller recorded; a blank side is the Terminal's default.
      notes: q.refusal ? NO_NOTES : s.notes,
      ...(approveWith ? { approveWith } : {}),
      ...(page ? { pageModeRefNo: s.pageMode.refNo.trim() } : {}),
    },
  };
}

function commitAnswered(s: CounterState, result: ApiResult<TradeView>): CounterState {
  const job = s.job;
  if (!job) return s;
  const q = job.quote;
  const page = job.pageModeRefNo !== undefined;
  const after: CounterState = { ...s, job: undefined };
  if (result.ok) {
    return to({ ...after, outcome: { kind: 'trade', trade: result.value }, printJob: 'waiting', phase: 'done' }, { field: 'newTrade' });
  }
  const error = result.error;
  if (q.refusal && error.code === q.refusal.code) {
    // A refusal by a counter rule: the Terminal recorded the attempt; nothing else was written.
    return to({ ...after, outcome: { kind: 'refused', error }, phase: 'done' }, { field: 'newTrade' });
  }
  if (!q.refusal && NOTES_REFUSALS.has(error.code)) {
    // The trade was not written: the notes are put right here, then Enter commits again.
    return to({ ...after, commitError: error, phase: 'entry', notesOpen: true }, { field: 'notes', side: notesSideToFix(s, error.code, q) });
  }
  if (error.code === 'REALTIME_ENTRY_REQUIRED') {
    return to({ ...after, commitError: error, phase: 'pageMode' }, { field: 'pageRefNo' });
  }
  const refused: CounterState = { ...after, commitError: error, phase: page ? 'pageMode' : 'entry' };
  if (error.code === 'QUOTE_EXPIRED' || error.code === 'QUOTE_STALE') {
    // Quoted again at once: the teller confirms the new figures with the customer.
    return { ...refused, awaiting: { for: 'quote', key: quoteKey(s), fresh: true } };
  }
  return to(refused, { field: page ? 'pageRefNo' : q.refusal ? 'amount' : 'confirm' });
}

function back(s: CounterState, from: Step): CounterState {
  switch (from) {
    case 'quote':
      return to(s, { field: 'amount' });
    case 'amount':
      return to(s, { field: 'currency' });
    case 'currency':
      return to(s, found(s)?.known && s.customer.name.trim() ? { field: 'idNumber' } : { field: 'name' });
    case 'name':
      return to(s, { field: 'idNumber' });
    case 'notes':
      return to(s, { field: 'confirm' });
    case 'page':
      return to({ ...s, phase: 'entry' }, { field: 'confirm' });
    case 'id':
    case 'done':
      return s;
  }
}

function step(s: CounterState, e: CounterEvent): CounterState {
  const busy = s.phase === 'done' || s.phase === 'committing';
  switch (e.type) {
    case 'currencies':
      return { ...s, currencies: e.codes };
    case 'shown':
      return to(s, { field: s.phase === 'done' ? 'newTrade' : s.phase === 'pageMode' ? 'pageRefNo' : 'idNumber' });
    case 'newTrade':
      // Issue 20 item 4: the last ID type is kept (the next customer often shows the same kind of
      // document); so are what the session said (the closed day, the monitoring system).
      return to(
        {
          ...initialState(s.currencies),
          seq: s.seq,
          customer: { ...EMPTY_CUSTOMER, idType: s.customer.idType },
          ...(s.dayClosed !== undefined ? { dayClosed: s.dayClosed } : {}),
          ...(s.monitoringOnline !== undefined ? { monitoringOnline: s.monitoringOnline } : {}),
        },
        { field: 'idNumber' },
      );
    case 'back':
      return back(s, e.from);

    case 'idType':
      return { ...s, customer: { ...s.customer, idType: e.value } };
    case 'idTypeEnter':
      return to(s, { field: NEEDS_COUNTRY.has(s.customer.idType) ? 'country' : 'idNumber' });
    case 'country': {
      const country = e.value.toUpperCase();
      const next: CounterState = { ...s, idEntered: false, customer: { ...s.customer, country } };
      // Issue 20 item 4: three letters of a known country move on by themselves, as a currency does.
      if (country.length === 3 && isCountryAlpha3(country)) return next.customer.idNumber.trim() ? customerEnter(next) : to(next, { field: 'idNumber' });
      return next;
    }
    case 'countryEnter':
      return s.customer.idNumber.trim() ? customerEnter(s) : to(s, { field: 'idNumber' });
    case 'idNumber':
      if (scanning({ ...s.customer, idNumber: e.value })) return mrzTyped(s, e.value, false, e.today ?? '');
      // What a scan filled is said while the number is the one it filled; any other typing ends it.
      return { ...s, idEntered: false, mrzNotice: s.mrzNotice?.state === 'filled' && s.mrzNotice.fill.idNumber === e.value.trim() ? s.mrzNotice : undefined, customer: { ...s.customer, idNumber: e.value } };
    case 'supplementary':
      return { ...s, customer: { ...s.customer, supplementaryId: e.value } };
    case 'idExpiry': {
      const next: CounterState = { ...s, idEntered: false, customer: { ...s.customer, idExpiry: e.value } };
      // Issue 20 item 4: a whole date (or 长期) moves on by itself; part of one is not refused yet.
      const v = e.value.trim();
      return isCalendarDate(v) || v === LONG_TERM ? customerEnter(next) : next;
    }
    case 'idExpiryEnter':
      return customerEnter(s);
    case 'fundAttribute':
      return { ...s, trade: { ...s.trade, fundAttribute: e.value } };
    case 'customerEnter':
      if (scanning(s.customer)) return mrzTyped(s, s.customer.idNumber, true, e.today ?? '');
      return customerEnter(s);
    case 'name':
      return { ...s, customer: { ...s.customer, name: e.value, nameTyped: true } };
    case 'nameEnter':
      // A name the printer cannot print: the cursor stays to put it right.
      if (nameBad(s).length > 0) return s;
      return found(s) ? to(s, { field: 'currency' }) : customerEnter(s);
    case 'lookupStarted':
      return { ...s, lookup: started(s.lookup, e.key) };
    case 'lookupAnswered': {
      const lookup = answered(s.lookup, e.key, e.result);
      if (!lookup) return s;
      // A returning customer's name comes from the ledger, unless the teller typed one.
      const name = lookup.state === 'ok' && !s.customer.nameTyped ? (lookup.value.name ?? '') : s.customer.name;
      const next: CounterState = { ...s, lookup, customer: { ...s.customer, name } };
      if (s.awaiting?.for !== 'customer' || s.awaiting.key !== e.key) return next;
      const waited = { ...next, awaiting: undefined };
      return to(waited, e.result.ok ? nextCustomerTarget(waited, e.result.value) : nextCustomerTarget(waited, undefined, e.result.error));
    }
    case 'lookupReset':
      return { ...s, lookup: { state: 'idle' } };

    case 'direction':
      // Another direction is another kind: its own fund attributes, its default (第三十二条(三)).
      return { ...s, trade: { ...s.trade, direction: e.value, fundAttribute: e.value === s.trade.direction ? s.trade.fundAttribute : '' } };
    case 'switchDirection':
      return busy ? s : { ...s, trade: { ...s.trade, direction: s.trade.direction === 'settlement' ? 'purchase' : 'settlement', fundAttribute: '' } };
    case 'paymentIn':
      return busy ? s : { ...s, trade: { ...s.trade, paymentIn: e.value } };
    case 'switchPayment':
      return busy || s.trade.direction !== 'settlement' ? s : { ...s, trade: { ...s.trade, paymentIn: s.trade.paymentIn === 'travellersCheque' ? 'cash' : 'travellersCheque' } };
    case 'toCurrency':
      return busy ? s : to(s, { field: 'currency' });
    case 'currency': {
      const currency = e.value.toUpperCase().replace(/[^A-Z]/g, '');
      const next = { ...s, trade: { ...s.trade, currency } };
      // Three letters of a known currency: on to the amount, no key needed.
      return currency.length === 3 && s.currencies.includes(currency) ? to(next, { field: 'amount' }) : next;
    }
    case 'currencyPicked':
      return to({ ...s, trade: { ...s.trade, currency: e.code } }, { field: 'amount' });
    case 'currencyEnter':
      return currencyKnown(s) ? to(s, { field: 'amount' }) : s;
    case 'amount':
      // Kept as typed; only full-width digits and point (an input method's) are read as ASCII.
      return { ...s, amountLeft: false, trade: { ...s.trade, amount: normaliseAmountText(e.value) } };
    case 'amountLeft':
      return { ...s, amountLeft: true };
    case 'amountEnter':
      return amountEnter(s);
    case 'side':
      return to({ ...s, trade: { ...s.trade, side: e.value } }, { field: 'amount' });
    case 'reconversion':
      return to({ ...s, trade: { ...s.trade, reconversion: e.value } }, { field: 'amount' });
    case 'originalReceipt':
      // As printed: a plain number, or a hub book's code and number (B0007-000123); spaces dropped.
      return { ...s, trade: { ...s.trade, originalReceiptNo: e.value.toUpperCase().replace(/\s/g, '') } };

    case 'quoteStarted':
      return { ...s, quote: started(s.quote, e.key) };
    case 'quoteAnswered': {
      const quote = answered(s.quote, e.key, e.result);
      if (!quote) return s;
      const next: CounterState = { ...s, quote };
      if (s.awaiting?.for === 'quote' && s.awaiting.key === e.key) {
        // The Enter that waited for this quote: on to what it leaves open.
        const waited = { ...next, awaiting: undefined };
        return to(waited, e.result.ok ? nextQuoteTarget(waited, e.result.value) : { field: 'amount' });
      }
      // A refusal that arrives while the cursor is in the quote (F2 switched the direction, the
      // confirm button it was on is gone): the cursor goes back to the amount, not to nowhere.
      if (e.result.ok && e.result.value.refusal && s.phase === 'entry' && e.cursorInQuote) return to(next, { field: 'amount' });
      return next;
    }
    case 'payoutStarted':
      return { ...s, payout: started(s.payout, e.key) };
    case 'payoutAnswered': {
      const payout = answered(s.payout, e.key, e.result);
      return payout ? { ...s, payout } : s;
    }
    case 'ack':
      return { ...s, acks: e.checked ? [...s.acks, e.code] : s.acks.filter((c) => c !== e.code) };
    case 'ackEnter': {
      const acks = s.acks.includes(e.code) ? s.acks : [...s.acks, e.code];
      const q = currentQuote(s);
      return q ? to({ ...s, acks }, nextQuoteTarget(s, q, acks)) : { ...s, acks };
    }
    case 'supervisor':
      return { ...s, supervisor: e.value };
    case 'supervisorEnter':
      return to(s, { field: 'confirm' });
    case 'openNotes':
      return to({ ...s, notesOpen: true }, { field: 'notes', side: 'received' });
    case 'notes':
      return { ...s, notes: e.value };
    case 'notesDone':
      return to(s, { field: 'confirm' });

    case 'commit':
      return startCommit(s, false, e.recordRefusal);
    case 'pageRefNo':
      return { ...s, pageMode: { ...s.pageMode, refNo: e.value } };
    case 'pageRefNoEnter':
      return to(s, { field: 'pageSupervisor' });
    case 'pageSupervisor':
      return { ...s, pageMode: { ...s.pageMode, supervisor: e.value } };
    case 'pageSubmit':
      return startCommit(s, true, false);
    case 'approvalRefused': {
      if (s.job?.seq !== e.seq) return s;
      const page = s.job.pageModeRefNo !== undefined;
      const refused: CounterState = { ...s, job: undefined, commitError: e.error, phase: page ? 'pageMode' : 'entry' };
      return page ? refused : to(refused, { field: 'supervisor' });
    }
    case 'commitAnswered':
      return s.job?.seq === e.seq ? commitAnswered(s, e.result) : s;
    case 'printJob':
      return s.outcome?.kind === 'trade' && s.outcome.trade.receiptNo === e.job.receiptNo ? { ...s, printJob: e.job } : s;
    case 'dayClosed':
    case 'monitoring':
    case 'idTypeStep':
    case 'currencyStep':
    case 'switchSide':
    case 'customerRefreshed':
      return dayKeyStep(s, e, busy);
  }
}


/** The counter's reducer. An Enter waits only for the answer about what it was pressed on. */
export function counterReducer(s: CounterState, e: CounterEvent): CounterState {
  const closed = refusedOnClosedDay(s, e.type);
  if (closed) return closed;
  const next = step(s, e);
  const a = next.awaiting;
  if (a && a.key !== (a.for === 'customer' ? customerKey(next) : quoteKey(next))) return { ...next, awaiting: undefined };
  return next;
}
