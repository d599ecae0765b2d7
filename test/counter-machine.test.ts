// The counter's machine (renderer/counter/machine.ts), every transition, as the teller would see
// it: where the cursor goes, what stays typed, which refusal is shown, what the commit sends. Pure:
// no browser, no Terminal; the answers the Terminal would give are events.
import { describe, expect, it } from 'vitest';
import type { QuoteView, TradeView } from '../shared/api';
import type { ApiError, ApiResult } from '../renderer/apiError';
import type { CustomerLookup, PrintJobView } from '../renderer/apiTypes';
import { counterReducer, type CounterEvent } from '../renderer/counter/machine';
import {
  amountShown, currentQuote, customerKey, found, initialState, listed, locked, needsSupervisor, payoutAsk, payoutView, quoteError, quoteKey, quoteRequest,
  shownQuote, type CounterState, type FocusTarget, type Payout,
} from '../renderer/counter/state';
import { idErrorShown, ID_TYPE_ORDER, orderIdTypes, pageModeAhead } from '../renderer/counter/state';

const CURRENCIES = ['USD', 'EUR', 'JPY'];
const ALICE_ID = '110101199003077777';

const run = (s: CounterState, ...events: CounterEvent[]): CounterState => events.reduce(counterReducer, s);
const cursor = (s: CounterState): FocusTarget | undefined => s.cursor?.target;
const start = (): CounterState => run(initialState(), { type: 'currencies', codes: CURRENCIES });
const refusal = (code: ApiError['code'], en = code): ApiError => ({ code, message: { zh: code, en } });
const fail = <T>(code: ApiError['code']): ApiResult<T> => ({ ok: false, error: refusal(code) });

function lookup(over: Partial<CustomerLookup> = {}): CustomerLookup {
  return {
    idType: '01',
    idNumber: ALICE_ID,
    country: 'CHN',
    residency: 'domestic',
    idTypeName: { zh: '居民身份证', en: 'resident ID card' },
    known: true,
    name: '李小华',
    today: {
      date: '2026-12-04',
      personKey: 'k',
      trades: [],
      count: 0,
      usdTotal: '0',
      usdSettlement: '0',
      usdPurchase: '0',
      limit: '5000',
      remaining: { settlement: '5000', purchase: '5000' },
      attempts: 0,
    },
    monitoring: { online: false, reason: 'notConfigured' },
    ...over,
  };
}

function quote(over: Partial<QuoteView> = {}): QuoteView {
  return {
    direction: 'settlement',
    kind: 'settlement',
    currency: 'USD',
    foreign: { currency: 'USD', amount: '300' },
    rmb: { currency: 'CNY', amount: '2128.5' },
    fee: { currency: 'CNY', amount: '0' },
    customerPays: { currency: 'USD', amount: '300' },
    customerReceives: { currency: 'CNY', amount: '2128.5' },
    customer: { idType: '01', idNumber: ALICE_ID, country: 'CHN', residency: 'domestic', name: '李小华' },
    rate: { id: 'r1', per100: '709.5', side: 'buy', setAt: '2026-12-04T01:00:00.000Z' },
    usdEquivalent: '300',
    usdEquivalentShown: '300.00',
    usdConversion: { month: '2026-12', usdPerUnit: '1' },
    reportingPath: 'backfill',
    day: { tradesBefore: 0, usdBefore: '0', usdAfter: '300', limit: '5000', remainingAfter: '4700' },
    reconversionReceiptRequired: false,
    monitoring: { online: false },
    institution: { hub: 'none' },
    prompts: [],
    policyVersion: 1,
    quotedAt: '2026-12-04T02:00:00.000Z',
    expiresAt: '2026-12-04T02:05:00.000Z',
    quoteToken: 'token-1',
    ...over,
  };
}

/** Only the fields the counter reads of a committed trade. */
const trade = (receiptNo = 7): TradeView => ({ id: 'trade-7', receiptNo, reportingPath: 'backfill' }) as TradeView;

const CONFIRM_PROMPT = { code: 'nearDailyLimit', level: 'confirm', message: { zh: '接近', en: 'Near the limit' } } as const;
const SUPERVISOR_PROMPT = { code: 'watchStatus', level: 'supervisor', message: { zh: '关注', en: 'Watch list' } } as const;

function answerLookup(s: CounterState, result: ApiResult<CustomerLookup>): CounterState {
  const key = customerKey(s);
  return run(s, { type: 'lookupStarted', key }, { type: 'lookupAnswered', key, result });
}

function answerQuote(s: CounterState, result: ApiResult<QuoteView>, cursorInQuote = false): CounterState {
  const key = quoteKey(s);
  return run(s, { type: 'quoteStarted', key }, { type: 'quoteAnswered', key, result, cursorInQuote });
}

/** A returning customer's trade typed up to the quote: ID, Enter, USD, 300. */
function typed(customer = lookup(), amount = '300'): CounterState {
  let s = run(start(), { type: 'idNumber', value: ALICE_ID });
  s = answerLookup(s, { ok: true, value: customer });
  return run(s, { type: 'currency', value: 'USD' }, { type: 'amount', value: amount });
}

/** …and quoted. */
const quoted = (q = quote(), customer = lookup()): CounterState => answerQuote(typed(customer), { ok: true, value: q });

describe('the counter machine: the screen', () => {
  it('starts with nothing typed, entering, the cursor not yet placed', () => {
    const s = initialState();
    expect(s.phase).toBe('entry');
    expect(s.customer.idNumber).toBe('');
    expect(s.trade).toMatchObject({ direction: 'settlement', side: 'foreign', amount: '' });
    expect(cursor(s)).toBeUndefined();
    expect(locked(s)).toBe(false);
  });

  it('knows the currencies traded here', () => {
    expect(start().currencies).toEqual(CURRENCIES);
  });

  it('shown again: the cursor goes where the work is (the ID, page mode, the done panel)', () => {
    expect(cursor(run(start(), { type: 'shown' }))).toEqual({ field: 'idNumber' });
    expect(cursor(run({ ...start(), phase: 'pageMode' }, { type: 'shown' }))).toEqual({ field: 'pageRefNo' });
    expect(cursor(run({ ...start(), phase: 'done' }, { type: 'shown' }))).toEqual({ field: 'newTrade' });
  });

  it('each move of the cursor is new, so the same field can be asked for twice', () => {
    const a = run(start(), { type: 'shown' });
    const b = run(a, { type: 'shown' });
    expect(b.cursor?.seq).toBeGreaterThan(a.cursor!.seq);
  });

  it('a new trade forgets the last one (not the currencies) and puts the cursor on the ID', () => {
    const done = run(quoted(), { type: 'commit', recordRefusal: false });
    const after = run(done, { type: 'commitAnswered', seq: done.job!.seq, result: { ok: true, value: trade() } }, { type: 'newTrade' });
    expect(after.phase).toBe('entry');
    expect(after.outcome).toBeUndefined();
    expect(after.customer.idNumber).toBe('');
    expect(after.trade.amount).toBe('');
    expect(after.lookup.state).toBe('idle');
    expect(after.quote.state).toBe('idle');
    expect(after.currencies).toEqual(CURRENCIES);
    expect(cursor(after)).toEqual({ field: 'idNumber' });
  });
});

describe('the counter machine: the customer', () => {
  it('the ID type: a passport asks for the issuing country next, the ID card for the number', () => {
    expect(cursor(run(start(), { type: 'idType', value: '04' }, { type: 'idTypeEnter' }))).toEqual({ field: 'country' });
    expect(cursor(run(start(), { type: 'idTypeEnter' }))).toEqual({ field: 'idNumber' });
  });

  it('the country is kept in capitals; Enter without a number goes to the number', () => {
    const s = run(start(), { type: 'idType', value: '04' }, { type: 'country', value: 'gbr' });
    expect(s.customer.country).toBe('GBR');
    expect(cursor(run(s, { type: 'countryEnter' }))).toEqual({ field: 'idNumber' });
  });

  it('Enter on the country with a number waits for the lookup like Enter on the number', () => {
    const s = run(start(), { type: 'idType', value: '04' }, { type: 'country', value: 'GBR' }, { type: 'idNumber', value: 'P7654321' }, { type: 'countryEnter' });
    expect(s.idEntered).toBe(true);
    expect(s.awaiting).toEqual({ for: 'customer', key: customerKey(s) });
  });

  it('Enter with no ID stays on the ID', () => {
    expect(cursor(run(start(), { type: 'customerEnter' }))).toEqual({ field: 'idNumber' });
  });

  it('typing the ID makes the refusal of the last lookup "typing" again; Enter makes it said', () => {
    const s = run(start(), { type: 'idNumber', value: '1' }, { type: 'customerEnter' });
    expect(s.idEntered).toBe(true);
    expect(run(s, { type: 'idNumber', value: '12' }).idEntered).toBe(false);
  });

  it('Enter waits for the lookup: a new customer goes to the name, a returning one to the currency', () => {
    const waiting = run(start(), { type: 'idNumber', value: ALICE_ID }, { type: 'customerEnter' });
    expect(cursor(waiting)).toBeUndefined();
    const newOne = answerLookup(waiting, { ok: true, value: lookup({ known: false, name: undefined }) });
    expect(cursor(newOne)).toEqual({ field: 'name' });
    expect(newOne.awaiting).toBeUndefined();
    const returning = answerLookup(waiting, { ok: true, value: lookup() });
    expect(cursor(returning)).toEqual({ field: 'currency' });
    expect(returning.customer.name).toBe('李小华');
  });

  it('Enter after the lookup answered goes on at once', () => {
    const s = answerLookup(run(start(), { type: 'idNumber', value: ALICE_ID }), { ok: true, value: lookup() });
    expect(cursor(run(s, { type: 'customerEnter' }))).toEqual({ field: 'currency' });
    const refused = answerLookup(run(start(), { type: 'idNumber', value: '123' }), fail('ID_FORMAT'));
    expect(cursor(run(refused, { type: 'customerEnter' }))).toEqual({ field: 'idNumber' });
  });

  it('a refused lookup: to the country, the supplementary ID or the number, whichever it is about', () => {
    const passport = run(start(), { type: 'idType', value: '04' }, { type: 'country', value: 'XXX' }, { type: 'idNumber', value: 'P1' }, { type: 'customerEnter' });
    expect(cursor(answerLookup(passport, fail('ID_COUNTRY_INVALID')))).toEqual({ field: 'country' });
    expect(cursor(answerLookup(passport, fail('ID_COUNTRY_MISMATCH')))).toEqual({ field: 'country' });
    const permit = run(start(), { type: 'idType', value: '09' }, { type: 'idNumber', value: 'H1' }, { type: 'customerEnter' });
    expect(cursor(answerLookup(permit, fail('ID_SUPPLEMENTARY_REQUIRED')))).toEqual({ field: 'supplementary' });
    const card = run(start(), { type: 'idNumber', value: '1' }, { type: 'customerEnter' });
    const shown = answerLookup(card, fail('ID_CHECK_CHARACTER'));
    expect(cursor(shown)).toEqual({ field: 'idNumber' });
    expect(shown.lookup).toMatchObject({ state: 'error', error: { code: 'ID_CHECK_CHARACTER' } });
  });

  it('a country or supplementary ID still empty is asked for before the name', () => {
    const passport = run(start(), { type: 'idType', value: '04' }, { type: 'idNumber', value: 'P1' }, { type: 'customerEnter' });
    expect(cursor(answerLookup(passport, { ok: true, value: lookup({ idType: '04' }) }))).toEqual({ field: 'country' });
    const permit = run(start(), { type: 'idType', value: '09' }, { type: 'idNumber', value: 'H1' }, { type: 'supplementary', value: '' }, { type: 'customerEnter' });
    expect(cursor(answerLookup(permit, { ok: true, value: lookup({ idType: '09' }) }))).toEqual({ field: 'supplementary' });
  });

  it('a looked-up name never overwrites one the teller typed', () => {
    const s = run(start(), { type: 'idNumber', value: ALICE_ID }, { type: 'name', value: '李华' });
    expect(s.customer.nameTyped).toBe(true);
    expect(answerLookup(s, { ok: true, value: lookup() }).customer.name).toBe('李华');
  });

  it('a name the printer cannot print: the cursor goes to it with the character selected, and Enter stays', () => {
    const s = run(start(), { type: 'idNumber', value: ALICE_ID }, { type: 'name', value: '王𠮷' }, { type: 'customerEnter' });
    const after = answerLookup(s, { ok: true, value: lookup({ known: false, name: undefined }) });
    expect(cursor(after)).toEqual({ field: 'name', select: { start: 1, end: 3 } });
    expect(run(after, { type: 'nameEnter' })).toBe(after);
  });

  it('Enter on the name: to the currency once the customer is found, otherwise waits for the lookup', () => {
    const s = answerLookup(run(start(), { type: 'idNumber', value: ALICE_ID }), { ok: true, value: lookup({ known: false, name: undefined }) });
    expect(cursor(run(s, { type: 'name', value: '李小华' }, { type: 'nameEnter' }))).toEqual({ field: 'currency' });
    const notYet = run(start(), { type: 'idNumber', value: ALICE_ID }, { type: 'name', value: '李小华' }, { type: 'nameEnter' });
    expect(notYet.awaiting?.for).toBe('customer');
  });

  it('an answer for an ID that has changed since is dropped, and the Enter waiting for it too', () => {
    const s = run(start(), { type: 'idNumber', value: '1' }, { type: 'customerEnter' });
    const key = customerKey(s);
    const moved = run(s, { type: 'lookupStarted', key }, { type: 'idNumber', value: '12' });
    expect(moved.awaiting).toBeUndefined();
    const late = run(moved, { type: 'lookupStarted', key: customerKey(moved) }, { type: 'lookupAnswered', key, result: { ok: true, value: lookup() } });
    expect(late.lookup.state).toBe('loading');
    expect(found(late)).toBeUndefined();
  });

  it('an emptied ID forgets the customer', () => {
    const s = typed();
    expect(found(s)).toBeDefined();
    const empty = run(s, { type: 'idNumber', value: '' }, { type: 'lookupReset' });
    expect(found(empty)).toBeUndefined();
    expect(empty.lookup.state).toBe('idle');
  });
});

describe('the counter machine: the trade', () => {
  it('F2 switches the direction (not once the commit is on its way or done); a click chooses one', () => {
    const s = run(start(), { type: 'switchDirection' });
    expect(s.trade.direction).toBe('purchase');
    expect(run(s, { type: 'switchDirection' }).trade.direction).toBe('settlement');
    expect(run({ ...s, phase: 'done' }, { type: 'switchDirection' }).trade.direction).toBe('purchase');
    expect(run({ ...s, phase: 'committing' }, { type: 'switchDirection' }).trade.direction).toBe('purchase');
    expect(run(start(), { type: 'direction', value: 'purchase' }).trade.direction).toBe('purchase');
  });

  it('F3 goes to the currency (not once the trade is done)', () => {
    expect(cursor(run(start(), { type: 'toCurrency' }))).toEqual({ field: 'currency' });
    expect(cursor(run({ ...start(), phase: 'done' }, { type: 'toCurrency' }))).toBeUndefined();
  });

  it('three letters of a known currency move on to the amount by themselves; others stay', () => {
    const s = run(start(), { type: 'currency', value: 'us' });
    expect(s.trade.currency).toBe('US');
    expect(cursor(s)).toBeUndefined();
    expect(cursor(run(s, { type: 'currency', value: 'usd' }))).toEqual({ field: 'amount' });
    const unknown = run(start(), { type: 'currency', value: 'X1YZ' });
    expect(unknown.trade.currency).toBe('XYZ');
    expect(cursor(unknown)).toBeUndefined();
    expect(cursor(run(unknown, { type: 'currencyEnter' }))).toBeUndefined();
    expect(cursor(run(start(), { type: 'currency', value: 'EU' }, { type: 'currency', value: 'EUR' }, { type: 'currencyEnter' }))).toEqual({ field: 'amount' });
  });

  it('a currency picked on the small board: chosen, on to the amount', () => {
    const s = run(start(), { type: 'currencyPicked', code: 'JPY' });
    expect(s.trade.currency).toBe('JPY');
    expect(cursor(s)).toEqual({ field: 'amount' });
  });

  it('the amount is kept as typed; full-width digits are the same number', () => {
    expect(run(start(), { type: 'amount', value: '３００．５' }).trade.amount).toBe('300.5');
    expect(run(start(), { type: 'amount', value: '3OO' }).trade.amount).toBe('3OO');
  });

  it('"300." is a step to "300.50" while typed, a mistake once left or entered', () => {
    const s = typed(lookup(), '300.');
    expect(amountShown(s)).toBeUndefined();
    expect(amountShown(run(s, { type: 'amountLeft' }))?.kind).toBe('pointLast');
    const entered = run(s, { type: 'amountEnter' });
    expect(amountShown(entered)?.kind).toBe('pointLast');
    expect(cursor(entered)).toEqual({ field: 'amount', keep: true });
    expect(amountShown(run(entered, { type: 'amount', value: '300' }))).toBeUndefined();
  });

  it('an amount that is not a number is refused where typed: no quote is asked, Enter stays', () => {
    const s = typed(lookup(), '1e3');
    expect(amountShown(s)?.kind).toBe('chars');
    expect(quoteRequest(s)).toBeUndefined();
    const entered = run(s, { type: 'amountEnter' });
    expect(cursor(entered)).toEqual({ field: 'amount', keep: true });
    expect(entered.awaiting).toBeUndefined();
  });

  it('Enter on the amount: first the customer, the currency, an amount at all', () => {
    const noCustomer = run(start(), { type: 'idNumber', value: ALICE_ID }, { type: 'amountEnter' });
    expect(noCustomer.awaiting?.for).toBe('customer');
    const s = answerLookup(run(start(), { type: 'idNumber', value: ALICE_ID }), { ok: true, value: lookup() });
    expect(cursor(run(s, { type: 'amountEnter' }))).toEqual({ field: 'currency' });
    expect(cursor(run(s, { type: 'currency', value: 'USD' }, { type: 'amountEnter' }))).toEqual({ field: 'amount' });
  });

  it('Enter on the amount waits for the quote, then goes to the confirm button', () => {
    const s = run(typed(), { type: 'amountEnter' });
    expect(s.awaiting).toEqual({ for: 'quote', key: quoteKey(s) });
    const after = answerQuote(s, { ok: true, value: quote() });
    expect(cursor(after)).toEqual({ field: 'confirm' });
    expect(after.awaiting).toBeUndefined();
    expect(cursor(run(after, { type: 'amountEnter' }))).toEqual({ field: 'confirm' });
  });

  it('a quote the Terminal could not give: Enter goes back to the amount, the error is shown', () => {
    const s = answerQuote(run(typed(), { type: 'amountEnter' }), fail('DAY_CLOSED'));
    expect(cursor(s)).toEqual({ field: 'amount' });
    expect(quoteError(s)?.code).toBe('DAY_CLOSED');
    expect(cursor(run(s, { type: 'shown' }, { type: 'amountEnter' }))).toEqual({ field: 'amount' });
  });

  it('the side: chosen, back to the amount; it is asked for in the quote', () => {
    const s = run(typed(), { type: 'side', value: 'rmb' });
    expect(cursor(s)).toEqual({ field: 'amount' });
    expect(quoteRequest(s)).toMatchObject({ side: 'rmb', amount: '300', currency: 'USD', direction: 'settlement' });
  });

  it('a foreign individual\'s purchase: the reconversion answer and the original receipt go with the quote', () => {
    const foreigner = lookup({ residency: 'foreign' });
    const s = run(typed(foreigner), { type: 'direction', value: 'purchase' }, { type: 'reconversion', value: false }, { type: 'originalReceipt', value: '12 ' });
    expect(cursor(s)).toEqual({ field: 'amount' });
    expect(s.trade.originalReceiptNo).toBe('12');
    expect(quoteRequest(s)).toMatchObject({ reconversion: false, originalReceiptNo: 12 });
    // A hub book's receipt as printed (第三十五条(三)): its number in the institution's space.
    const book = run(s, { type: 'originalReceipt', value: 'b0007-000123' });
    expect(book.trade.originalReceiptNo).toBe('B0007-000123');
    expect(quoteRequest(book)).toMatchObject({ originalReceiptNo: 1_000_000_123 });
    // Not a receipt number: kept as typed, never guessed at, and not sent (the quote asks for it).
    const typo = run(s, { type: 'originalReceipt', value: 'No. 12' });
    expect(typo.trade.originalReceiptNo).toBe('NO.12');
    expect(quoteRequest(typo)).not.toHaveProperty('originalReceiptNo');
    // A resident's trade does not carry the answer.
    expect(quoteRequest(run(typed(), { type: 'reconversion', value: true }))).not.toHaveProperty('reconversion');
  });

  it('the quote asked for names no teller: the Terminal takes the acting person from the session', () => {
    expect(quoteRequest(typed())).toEqual({
      customer: { idType: '01', idNumber: ALICE_ID, name: '李小华' },
      direction: 'settlement',
      currency: 'USD',
      amount: '300',
      side: 'foreign',
    });
  });
});

describe('the counter machine: the quote', () => {
  it('a quote asked again keeps the last one on screen, greyed, until the answer', () => {
    const s = quoted();
    const again = run(s, { type: 'amount', value: '200' });
    expect(currentQuote(again)).toBeUndefined();
    const asking = run(again, { type: 'quoteStarted', key: quoteKey(again) });
    expect(shownQuote(asking)?.quoteToken).toBe('token-1');
    expect(currentQuote(asking)).toBeUndefined();
  });

  it('an answer for a trade that has changed since is dropped', () => {
    const s = typed();
    const key = quoteKey(s);
    const changed = run(s, { type: 'quoteStarted', key }, { type: 'amount', value: '250' }, { type: 'quoteStarted', key: quoteKey(run(s, { type: 'amount', value: '250' })) });
    const late = run(changed, { type: 'quoteAnswered', key, result: { ok: true, value: quote() }, cursorInQuote: false });
    expect(late.quote.state).toBe('loading');
  });

  it('a refusal arriving while the cursor is in the quote takes it back to the amount; elsewhere it stays', () => {
    const refused = quote({ refusal: refusal('DAILY_LIMIT_EXCEEDED') });
    const s = run(typed(), { type: 'toCurrency' });
    expect(cursor(answerQuote(s, { ok: true, value: refused }, true))).toEqual({ field: 'amount' });
    expect(answerQuote(s, { ok: true, value: refused }, false).cursor).toBe(s.cursor);
    // Not while page mode is open.
    expect(answerQuote({ ...s, phase: 'pageMode' }, { ok: true, value: refused }, true).cursor).toBe(s.cursor);
  });

  it('Enter on a refused quote goes back to the amount, never to "Record the refusal"', () => {
    const s = answerQuote(run(typed(), { type: 'amountEnter' }), { ok: true, value: quote({ refusal: refusal('DAILY_LIMIT_EXCEEDED') }) });
    expect(cursor(s)).toEqual({ field: 'amount' });
    expect(run(s, { type: 'commit', recordRefusal: false }).job).toBeUndefined();
  });

  it('a reconversion refused for want of the original receipt: to the original receipt', () => {
    const s = answerQuote(run(typed(), { type: 'amountEnter' }), { ok: true, value: quote({ refusal: refusal('RECONVERSION_RECEIPT_REQUIRED') }) });
    expect(cursor(s)).toEqual({ field: 'originalReceipt' });
  });

  it('prompts: Enter confirms each and goes on to the next, then the confirm button; a click toggles', () => {
    const s = answerQuote(run(typed(), { type: 'amountEnter' }), { ok: true, value: quote({ prompts: [CONFIRM_PROMPT, { ...CONFIRM_PROMPT, code: 'justBelowThreshold' }] }) });
    expect(cursor(s)).toEqual({ field: 'prompt', code: 'nearDailyLimit' });
    const one = run(s, { type: 'ackEnter', code: 'nearDailyLimit' });
    expect(cursor(one)).toEqual({ field: 'prompt', code: 'justBelowThreshold' });
    const both = run(one, { type: 'ackEnter', code: 'justBelowThreshold' });
    expect(both.acks).toEqual(['nearDailyLimit', 'justBelowThreshold']);
    expect(cursor(both)).toEqual({ field: 'confirm' });
    expect(run(both, { type: 'ack', code: 'nearDailyLimit', checked: false }).acks).toEqual(['justBelowThreshold']);
    expect(run(s, { type: 'ack', code: 'nearDailyLimit', checked: true }).acks).toEqual(['nearDailyLimit']);
  });

  it('a supervisor-level prompt: the supervisor approves here, ID then password, then the confirm button', () => {
    const s = quoted(quote({ prompts: [SUPERVISOR_PROMPT] }));
    expect(needsSupervisor(currentQuote(s))).toBe(true);
    const acked = run(s, { type: 'ackEnter', code: 'watchStatus' });
    expect(cursor(acked)).toEqual({ field: 'supervisor' });
    const id = run(acked, { type: 'supervisor', value: { id: 'S001', password: '' } }, { type: 'amountEnter' });
    expect(cursor(id)).toEqual({ field: 'supervisorPassword' });
    expect(cursor(run(id, { type: 'supervisorEnter' }))).toEqual({ field: 'confirm' });
    expect(needsSupervisor(quote({ refusal: refusal('DAILY_LIMIT_EXCEEDED'), prompts: [SUPERVISOR_PROMPT] }))).toBe(false);
  });

  it('the notes to pay are asked per quote (its token) and shown; a refused quote proposes none', () => {
    const s = quoted();
    expect(payoutAsk(s)).toEqual({ key: 'token-1', currency: 'CNY', amount: '2128.5' });
    expect(payoutView(s)).toEqual({ state: 'loading', prev: undefined });
    const proposal = { currency: 'CNY', amount: '2128.5', notes: [{ denomination: '100', count: 21 }] } as Payout;
    const answered = proposed(s, proposal);
    expect(payoutView(answered)).toEqual({ state: 'ok', value: proposal });
    const failed = run(s, { type: 'payoutStarted', key: 'token-1' }, { type: 'payoutAnswered', key: 'token-1', result: fail('CHANGE_UNAVAILABLE') });
    expect(payoutView(failed)).toMatchObject({ state: 'error', error: { code: 'CHANGE_UNAVAILABLE' } });
    expect(payoutView(run(answered, { type: 'payoutAnswered', key: 'other', result: fail('CHANGE_UNAVAILABLE') }))).toEqual({ state: 'ok', value: proposal });
    expect(payoutAsk(quoted(quote({ refusal: refusal('DAILY_LIMIT_EXCEEDED') })))).toBeUndefined();
    expect(payoutView(quoted(quote({ refusal: refusal('DAILY_LIMIT_EXCEEDED') })))).toBeUndefined();
  });

  it('the notes step: opened at the notes received, typed, Enter on the last count to the confirm button', () => {
    const s = run(quoted(), { type: 'openNotes' });
    expect(s.notesOpen).toBe(true);
    expect(cursor(s)).toEqual({ field: 'notes', side: 'received' });
    const typedNotes = run(s, { type: 'notes', value: { received: { '100': '3' }, paid: {} } });
    expect(typedNotes.notes.received).toEqual({ '100': '3' });
    expect(cursor(run(typedNotes, { type: 'notesDone' }))).toEqual({ field: 'confirm' });
  });

  it('the watch list: as the quote found it, or as the lookup did before any quote', () => {
    const watched = lookup({ monitoring: { online: true, status: 'watch', cashTodayUsd: '0', annualQuotaUsd: '50000', settlement: { quotaUsedUsd: '0', quotaLeftUsd: '50000' }, purchase: { quotaUsedUsd: '0', quotaLeftUsd: '50000' } } });
    expect(listed(typed(watched))).toBe('watch');
    expect(listed(quoted(quote({ monitoring: { online: true, status: 'prewatch', quotaUsedUsd: '0', quotaLeftUsd: '1', cashTodayUsd: '0' } })))).toBe('prewatch');
    expect(listed(quoted())).toBeUndefined();
  });
});

function proposed(s: CounterState, value: Payout): CounterState {
  return run(s, { type: 'payoutStarted', key: 'token-1' }, { type: 'payoutAnswered', key: 'token-1', result: { ok: true, value } });
}

describe('the counter machine: the commit', () => {
  it('nothing to commit without a current quote, or while a commit is on its way', () => {
    expect(run(typed(), { type: 'commit', recordRefusal: false }).job).toBeUndefined();
    const once = run(quoted(), { type: 'commit', recordRefusal: false });
    expect(once.phase).toBe('committing');
    expect(locked(once)).toBe(true);
    expect(run(once, { type: 'commit', recordRefusal: false }).job).toBe(once.job);
  });

  it('an open prompt, a missing supervisor, no name or an unprintable one: the cursor goes there, nothing is sent', () => {
    const prompt = run(quoted(quote({ prompts: [CONFIRM_PROMPT] })), { type: 'commit', recordRefusal: false });
    expect(prompt.job).toBeUndefined();
    expect(cursor(prompt)).toEqual({ field: 'prompt', code: 'nearDailyLimit' });
    const supervisor = run(quoted(quote({ prompts: [SUPERVISOR_PROMPT] })), { type: 'ack', code: 'watchStatus', checked: true }, { type: 'commit', recordRefusal: false });
    expect(cursor(supervisor)).toEqual({ field: 'supervisor' });
    const noName = run(quoted(quote(), lookup({ known: false, name: undefined })), { type: 'commit', recordRefusal: false });
    expect(noName.commitError?.code).toBe('NAME_REQUIRED');
    expect(noName.commitError?.message.en).toBeTruthy();
    expect(cursor(noName)).toEqual({ field: 'name' });
    const bad = run(quoted(), { type: 'name', value: '李𠮷' });
    const refusedName = run({ ...bad, quote: { state: 'ok', key: quoteKey(bad), value: quote() } }, { type: 'commit', recordRefusal: false });
    expect(refusedName.job).toBeUndefined();
    expect(cursor(refusedName)).toEqual({ field: 'name', select: { start: 1, end: 3 } });
  });

  it('the commit sends the quote, the prompts confirmed and the notes recorded', () => {
    const s = run(quoted(quote({ prompts: [CONFIRM_PROMPT] })), { type: 'ack', code: 'nearDailyLimit', checked: true }, { type: 'notes', value: { received: { '100': '3' }, paid: {} } }, { type: 'commit', recordRefusal: false });
    expect(s.phase).toBe('committing');
    expect(s.commitError).toBeUndefined();
    expect(s.job).toMatchObject({ quote: { quoteToken: 'token-1' }, acknowledgedPrompts: ['nearDailyLimit'], notes: { received: { '100': '3' } } });
    expect(s.job?.request).toEqual(quoteRequest(s));
    expect(s.job?.approveWith).toBeUndefined();
    expect(s.job?.pageModeRefNo).toBeUndefined();
  });

  it('with a supervisor-level prompt the supervisor approves first; their password is cleared from the screen', () => {
    const s = run(
      quoted(quote({ prompts: [SUPERVISOR_PROMPT] })),
      { type: 'ack', code: 'watchStatus', checked: true },
      { type: 'supervisor', value: { id: 'S001', password: 'pw' } },
      { type: 'commit', recordRefusal: false },
    );
    expect(s.job?.approveWith).toEqual({ id: 'S001', password: 'pw' });
    expect(s.supervisor).toEqual({ id: 'S001', password: '' });
    const refused = run(s, { type: 'approvalRefused', seq: s.job!.seq, error: refusal('SIGN_IN_FAILED') });
    expect(refused.phase).toBe('entry');
    expect(refused.commitError?.code).toBe('SIGN_IN_FAILED');
    expect(cursor(refused)).toEqual({ field: 'supervisor' });
    expect(run(s, { type: 'approvalRefused', seq: s.job!.seq + 1, error: refusal('SIGN_IN_FAILED') })).toBe(s);
  });

  it('a refused quote is recorded only by its own button, without notes', () => {
    const s = quoted(quote({ refusal: refusal('DAILY_LIMIT_EXCEEDED') }));
    const recording = run(s, { type: 'notes', value: { received: { '100': '1' }, paid: {} } }, { type: 'commit', recordRefusal: true });
    expect(recording.job?.notes).toEqual({ received: {}, paid: {} });
    const done = run(recording, { type: 'commitAnswered', seq: recording.job!.seq, result: fail('DAILY_LIMIT_EXCEEDED') });
    expect(done.phase).toBe('done');
    expect(done.outcome).toMatchObject({ kind: 'refused', error: { code: 'DAILY_LIMIT_EXCEEDED' } });
    expect(cursor(done)).toEqual({ field: 'newTrade' });
    // "Record the refusal" on a quote that is not refused does nothing.
    expect(run(quoted(), { type: 'commit', recordRefusal: true }).job).toBeUndefined();
  });

  it('done: the receipt, printing awaited, the cursor on "new trade"; the print job of that receipt only', () => {
    const s = run(quoted(), { type: 'commit', recordRefusal: false });
    const done = run(s, { type: 'commitAnswered', seq: s.job!.seq, result: { ok: true, value: trade(7) } });
    expect(done.phase).toBe('done');
    expect(done.job).toBeUndefined();
    expect(done.outcome).toMatchObject({ kind: 'trade', trade: { receiptNo: 7 } });
    expect(done.printJob).toBe('waiting');
    expect(cursor(done)).toEqual({ field: 'newTrade' });
    const job = (receiptNo: number, state: PrintJobView['state']) => ({ receiptNo, state }) as PrintJobView;
    expect(run(done, { type: 'printJob', job: job(7, 'done') }).printJob).toMatchObject({ state: 'done' });
    expect(run(done, { type: 'printJob', job: job(8, 'done') }).printJob).toBe('waiting');
    // An answer for another commit is not this one's.
    expect(run(s, { type: 'commitAnswered', seq: s.job!.seq + 1, result: { ok: true, value: trade() } })).toBe(s);
  });

  it('notes that do not add up: the notes step opens at the side to put right', () => {
    const wrongReceived = run(quoted(), { type: 'notes', value: { received: { '100': '2' }, paid: {} } }, { type: 'commit', recordRefusal: false });
    const s = run(wrongReceived, { type: 'commitAnswered', seq: wrongReceived.job!.seq, result: fail('NOTES_INVALID') });
    expect(s.phase).toBe('entry');
    expect(s.notesOpen).toBe(true);
    expect(s.commitError?.code).toBe('NOTES_INVALID');
    expect(cursor(s)).toEqual({ field: 'notes', side: 'received' });
    expect(s.notes.received).toEqual({ '100': '2' });
    const rightReceived = run(quoted(), { type: 'notes', value: { received: { '100': '3' }, paid: { '100': '1' } } }, { type: 'commit', recordRefusal: false });
    expect(cursor(run(rightReceived, { type: 'commitAnswered', seq: rightReceived.job!.seq, result: fail('NOTES_INVALID') }))).toEqual({ field: 'notes', side: 'paid' });
    const till = run(quoted(), { type: 'commit', recordRefusal: false });
    expect(cursor(run(till, { type: 'commitAnswered', seq: till.job!.seq, result: fail('NOTES_UNAVAILABLE') }))).toEqual({ field: 'notes', side: 'paid' });
  });

  it('REALTIME_ENTRY_REQUIRED: page mode, the reference number, a supervisor; page mode\'s own refusals stay in it', () => {
    // The quote reached the monitoring system; the entry then did not (the interface failed at commit).
    const online = { online: true, quotaUsedUsd: '0', quotaLeftUsd: '50000', cashTodayUsd: '0', status: 'normal' } as const;
    const s = run(quoted(quote({ reportingPath: 'realtime', monitoring: online })), { type: 'commit', recordRefusal: false });
    const page = run(s, { type: 'commitAnswered', seq: s.job!.seq, result: fail('REALTIME_ENTRY_REQUIRED') });
    expect(page.phase).toBe('pageMode');
    expect(page.commitError?.code).toBe('REALTIME_ENTRY_REQUIRED');
    expect(cursor(page)).toEqual({ field: 'pageRefNo' });
    const typedPage = run(page, { type: 'pageRefNo', value: ' PAGE1 ' }, { type: 'pageRefNoEnter' });
    expect(cursor(typedPage)).toEqual({ field: 'pageSupervisor' });
    const submit = run(typedPage, { type: 'pageSupervisor', value: { id: 'S001', password: 'pw' } }, { type: 'pageSubmit' });
    expect(submit.job).toMatchObject({ pageModeRefNo: 'PAGE1', approveWith: { id: 'S001', password: 'pw' } });
    expect(submit.pageMode.supervisor.password).toBe('');
    const wrong = run(submit, { type: 'approvalRefused', seq: submit.job!.seq, error: refusal('SIGN_IN_FAILED') });
    expect(wrong.phase).toBe('pageMode');
    expect(wrong.commitError?.code).toBe('SIGN_IN_FAILED');
    const again = run(wrong, { type: 'pageSupervisor', value: { id: 'S001', password: 'pw' } }, { type: 'pageSubmit' });
    const refused = run(again, { type: 'commitAnswered', seq: again.job!.seq, result: fail('INVALID_INPUT') });
    expect(refused.phase).toBe('pageMode');
    expect(cursor(refused)).toEqual({ field: 'pageRefNo' });
    expect(run(again, { type: 'commitAnswered', seq: again.job!.seq, result: { ok: true, value: trade() } }).phase).toBe('done');
  });

  it('an expired quote is asked again at once, and the cursor goes on when it comes', () => {
    const s = run(quoted(), { type: 'commit', recordRefusal: false });
    const expired = run(s, { type: 'commitAnswered', seq: s.job!.seq, result: fail('QUOTE_EXPIRED') });
    expect(expired.phase).toBe('entry');
    expect(expired.commitError?.code).toBe('QUOTE_EXPIRED');
    expect(expired.awaiting).toEqual({ for: 'quote', key: quoteKey(s), fresh: true });
    const requoted = answerQuote(expired, { ok: true, value: quote({ quoteToken: 'token-2' }) });
    expect(currentQuote(requoted)?.quoteToken).toBe('token-2');
    expect(cursor(requoted)).toEqual({ field: 'confirm' });
    const stale = run(s, { type: 'commitAnswered', seq: s.job!.seq, result: fail('QUOTE_STALE') });
    expect(stale.awaiting?.fresh).toBe(true);
  });

  it('any other refusal is shown; the cursor goes back to the confirm button (the amount, for a refused quote)', () => {
    const s = run(quoted(), { type: 'commit', recordRefusal: false });
    const refused = run(s, { type: 'commitAnswered', seq: s.job!.seq, result: fail('DAY_CLOSED') });
    expect(refused.phase).toBe('entry');
    expect(refused.commitError?.code).toBe('DAY_CLOSED');
    expect(cursor(refused)).toEqual({ field: 'confirm' });
    const r = run(quoted(quote({ refusal: refusal('DAILY_LIMIT_EXCEEDED') })), { type: 'commit', recordRefusal: true });
    expect(cursor(run(r, { type: 'commitAnswered', seq: r.job!.seq, result: fail('DAY_CLOSED') }))).toEqual({ field: 'amount' });
  });
});

describe('the counter machine: Esc, one step back, nothing typed lost', () => {
  it('quote → amount → currency → name → ID', () => {
    const s = quoted(quote(), lookup({ known: false, name: undefined }));
    const named = run(s, { type: 'name', value: '李小华' });
    expect(cursor(run(named, { type: 'back', from: 'quote' }))).toEqual({ field: 'amount' });
    expect(cursor(run(named, { type: 'back', from: 'amount' }))).toEqual({ field: 'currency' });
    expect(cursor(run(named, { type: 'back', from: 'currency' }))).toEqual({ field: 'name' });
    expect(cursor(run(named, { type: 'back', from: 'name' }))).toEqual({ field: 'idNumber' });
    const back = run(named, { type: 'back', from: 'quote' }, { type: 'back', from: 'amount' }, { type: 'back', from: 'currency' }, { type: 'back', from: 'name' });
    expect(back.customer).toEqual(named.customer);
    expect(back.trade).toEqual(named.trade);
    expect(currentQuote(back)).toEqual(currentQuote(named));
  });

  it('from the currency, a returning customer with a name goes straight back to the ID', () => {
    expect(cursor(run(quoted(), { type: 'back', from: 'currency' }))).toEqual({ field: 'idNumber' });
  });

  it('notes → the confirm button; page mode → the quote, its entry kept', () => {
    const notes = run(quoted(), { type: 'openNotes' }, { type: 'notes', value: { received: { '100': '3' }, paid: {} } }, { type: 'back', from: 'notes' });
    expect(cursor(notes)).toEqual({ field: 'confirm' });
    expect(notes.notes.received).toEqual({ '100': '3' });
    const page = run({ ...quoted(), phase: 'pageMode' }, { type: 'pageRefNo', value: 'P1' }, { type: 'back', from: 'page' });
    expect(page.phase).toBe('entry');
    expect(page.pageMode.refNo).toBe('P1');
    expect(cursor(page)).toEqual({ field: 'confirm' });
  });

  it('nothing before the ID, nothing after the trade', () => {
    const s = quoted();
    expect(run(s, { type: 'back', from: 'id' })).toBe(s);
    expect(run(s, { type: 'back', from: 'done' })).toBe(s);
  });
});

// ---- issue 19 items 5 and 6 (identity): the scanner's MRZ, the expiry, the fund attribute ----
describe('第三十一条: a passport scanned into the ID field (issue 19)', () => {
  const LINES = ['P<USAERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36USA7408122F3104150ZE184226B<<<<<16'] as const;
  /** The scanner's keystrokes: each character an input event, Enter after each line. */
  const scanned = (lines: readonly string[], today = '2026-12-04'): CounterEvent[] =>
    lines.flatMap((l) => [...[...l].map((_, i): CounterEvent => ({ type: 'idNumber', value: l.slice(0, i + 1), today })), { type: 'customerEnter', today } as CounterEvent]);

  it('fills type, country, number, name and expiry, says so, and waits for the lookup of the number filled (never of the lines)', () => {
    const s = run(start(), ...scanned(LINES));
    expect(s.customer).toMatchObject({ idType: '04', idNumber: 'L898902C3', country: 'USA', name: 'ERIKSSON ANNA MARIA', idExpiry: '2031-04-15', mrz: '' });
    expect(s.mrzNotice).toMatchObject({ state: 'filled', fill: { birthDate: '1974-08-12' } });
    expect(JSON.parse(customerKey(s))).toEqual({ idType: '04', idNumber: 'L898902C3', country: 'USA', idExpiry: '2031-04-15' });
    // Half-way through, nothing is looked up.
    expect(customerKey(run(start(), ...scanned([LINES[0]])))).toBe('');
  });

  it('a failed check digit fills nothing, says which field, and the cursor stays on the ID', () => {
    const bad = [LINES[0], `${LINES[1].slice(0, 19)}9${LINES[1].slice(20)}`];
    const s = run(start(), ...scanned(bad));
    expect(s.customer).toMatchObject({ idType: '01', idNumber: '', name: '', idExpiry: '' });
    expect(s.mrzNotice).toMatchObject({ state: 'refused', error: { code: 'MRZ_CHECK_FAILED' } });
    expect(cursor(s)).toEqual({ field: 'idNumber' });
  });

  it('a passport without its expiry gets no quote; the lookup sends the cursor to the expiry; an expiry refusal does too', () => {
    let s = run(start(), { type: 'idType', value: '04' }, { type: 'country', value: 'USA' }, { type: 'idNumber', value: 'X1234567' }, { type: 'customerEnter' });
    const key = customerKey(s);
    s = run(s, { type: 'lookupStarted', key }, { type: 'lookupAnswered', key, result: { ok: true, value: lookup({ idType: '04', idNumber: 'X1234567', country: 'USA', residency: 'foreign', name: undefined }) } });
    expect(cursor(s)).toEqual({ field: 'idExpiry' });
    s = run(s, { type: 'name', value: 'BOB' }, { type: 'currency', value: 'USD' }, { type: 'amount', value: '100' });
    expect(quoteRequest(s)).toBeUndefined();
    s = run(s, { type: 'idExpiry', value: '2020-01-01' }, { type: 'idExpiryEnter' });
    const k2 = customerKey(s);
    s = run(s, { type: 'lookupStarted', key: k2 }, { type: 'lookupAnswered', key: k2, result: fail('ID_EXPIRED') });
    expect(cursor(s)).toEqual({ field: 'idExpiry' });
  });

  it('第三十二条(三): the fund attribute chosen is sent; another direction goes back to its default', () => {
    let s = run(start(), { type: 'idNumber', value: ALICE_ID }, { type: 'customerEnter' });
    const key = customerKey(s);
    s = run(s, { type: 'lookupStarted', key }, { type: 'lookupAnswered', key, result: { ok: true, value: lookup() } }, { type: 'direction', value: 'purchase' }, { type: 'currency', value: 'USD' }, { type: 'amount', value: '100' });
    expect(quoteRequest(s)?.fundAttribute).toBeUndefined();
    s = run(s, { type: 'fundAttribute', value: '3221' });
    expect(quoteRequest(s)?.fundAttribute).toBe('3221');
    s = run(s, { type: 'switchDirection' });
    expect(quoteRequest(s)?.fundAttribute).toBeUndefined();
  });
});

// ---- issue 20 items 1, 4 and 5 (counter state, keys, errors where the eye is) ----
describe('issue 20: the closed day, page mode said before Enter (第三十二条(五), 第三十六条(二))', () => {
  it('第三十二条(五): on a closed day the first key of a trade is refused and nothing typed is taken; the next day it is taken again', () => {
    const closed = run(start(), { type: 'dayClosed', date: '2026-12-04' }, { type: 'shown' });
    expect(closed.dayClosedRefused).toBeFalsy();
    const refused = run(closed, { type: 'idNumber', value: '1' });
    expect(refused.dayClosedRefused).toBe(true);
    expect(refused.customer.idNumber).toBe('');
    for (const e of [{ type: 'idTypeStep', by: 1 }, { type: 'currency', value: 'USD' }, { type: 'amount', value: '5' }, { type: 'customerEnter' }, { type: 'switchDirection' }] as CounterEvent[]) {
      const after = run(closed, e);
      expect(after.dayClosedRefused).toBe(true);
      expect(after.customer).toEqual(closed.customer);
      expect(after.trade).toEqual(closed.trade);
    }
    // A new trade keeps what the session said; the date turning opens the counter again.
    expect(run(refused, { type: 'newTrade' }).dayClosed).toBe('2026-12-04');
    const open = run(refused, { type: 'dayClosed', date: undefined });
    expect(open.dayClosedRefused).toBe(false);
    expect(run(open, { type: 'idNumber', value: '1' }).customer.idNumber).toBe('1');
  });

  it('第三十六条(二): a real-time quote the monitoring system did not answer, offline: page mode at Enter, with no refusal first', () => {
    const q = quote({ reportingPath: 'realtime', monitoring: { online: false } });
    const s = quoted(q);
    expect(pageModeAhead(s)).toBe(true);
    const page = run(s, { type: 'commit', recordRefusal: false });
    expect(page.phase).toBe('pageMode');
    expect(page.job).toBeUndefined();
    expect(page.commitError).toBeUndefined();
    expect(cursor(page)).toEqual({ field: 'pageRefNo' });
    // The sync loop finds the system online: the interface is tried, as before.
    const online = run(s, { type: 'monitoring', online: true });
    expect(pageModeAhead(online)).toBe(false);
    expect(run(online, { type: 'commit', recordRefusal: false }).phase).toBe('committing');
    // Not for a back-fill trade, nor a refused quote.
    expect(pageModeAhead(quoted(quote({ monitoring: { online: false } })))).toBe(false);
  });
});

describe('issue 20: keys for what tellers do every trade', () => {
  it('the ID types in the order of use, 01 first and 10 last; ↓ / ↑ step through them, round', () => {
    const types = ['10', '01', '04', '05', '06', '07', '09'].map((code) => ({ code }));
    expect(orderIdTypes(types).map((t) => t.code)).toEqual(['01', '04', '06', '07', '09', '05', '10']);
    expect(ID_TYPE_ORDER[0]).toBe('01');
    const down = run(start(), { type: 'idTypeStep', by: 1 });
    expect(down.customer.idType).toBe('04');
    expect(run(down, { type: 'idTypeStep', by: 1 }).customer.idType).toBe('06');
    expect(run(start(), { type: 'idTypeStep', by: -1 }).customer.idType).toBe('10');
  });

  it('the last ID type is kept for the next trade (not back to 01); the number, country and name are not', () => {
    let s = run(start(), { type: 'idTypeStep', by: 1 }, { type: 'country', value: 'US' }, { type: 'idNumber', value: 'P123456' }, { type: 'name', value: 'BOB' });
    s = run(s, { type: 'newTrade' });
    expect(s.customer).toMatchObject({ idType: '04', idNumber: '', country: '', name: '' });
  });

  it('three letters of a known country move on: to the lookup when the number is there, else to the number', () => {
    const withNumber = run(start(), { type: 'idType', value: '04' }, { type: 'idNumber', value: 'P1234567' }, { type: 'customerEnter' });
    // No country yet: to the country, and no refusal is said for it.
    expect(cursor(withNumber)).toEqual({ field: 'country' });
    expect(withNumber.idEntered).toBe(false);
    const usa = run(withNumber, { type: 'country', value: 'usa' });
    expect(usa.awaiting).toEqual({ for: 'customer', key: customerKey(usa) });
    expect(cursor(run(start(), { type: 'idType', value: '04' }, { type: 'country', value: 'GBR' }))).toEqual({ field: 'idNumber' });
    // Not a country: stays.
    expect(run(withNumber, { type: 'country', value: 'XXQ' }).awaiting).toBeUndefined();
  });

  it('a whole expiry date moves on by itself; part of one does not', () => {
    const s = run(start(), { type: 'idType', value: '04' }, { type: 'country', value: 'USA' }, { type: 'idNumber', value: 'P1234567' });
    expect(run(s, { type: 'idExpiry', value: '2031-04-1' }).awaiting).toBeUndefined();
    const whole = run(s, { type: 'idExpiry', value: '2031-04-15' });
    expect(whole.idEntered).toBe(true);
    expect(whole.awaiting).toEqual({ for: 'customer', key: customerKey(whole) });
    expect(run(s, { type: 'idExpiry', value: '2031-02-30' }).awaiting).toBeUndefined();
  });

  it('the amount switches between foreign currency and RMB by a key; the small board by ↓ / ↑ and by digit', () => {
    const s = typed();
    expect(run(s, { type: 'switchSide' }).trade.side).toBe('rmb');
    expect(run(s, { type: 'switchSide' }, { type: 'switchSide' }).trade.side).toBe('foreign');
    const board = ['EUR', 'USD', 'JPY', 'XXX'];
    const none = run(start(), { type: 'currencyStep', by: 1, codes: board });
    expect(none.trade.currency).toBe('EUR');
    expect(run(none, { type: 'currencyStep', by: 1, codes: board }).trade.currency).toBe('USD');
    // Round, and only the currencies traded here.
    expect(run(start(), { type: 'currencyStep', by: -1, codes: board }).trade.currency).toBe('JPY');
    expect(cursor(run(start(), { type: 'currencyPicked', code: 'JPY' }))).toEqual({ field: 'amount' });
  });
});

describe('issue 20: errors where the eye is', () => {
  it('the ID field says its refusal when the number is complete or on Enter, not while it is typed', () => {
    const partial = answerLookup(run(start(), { type: 'idNumber', value: '11010119900307' }), fail('ID_FORMAT'));
    expect(idErrorShown(partial)).toBeUndefined();
    expect(idErrorShown(run(partial, { type: 'customerEnter' }))?.code).toBe('ID_FORMAT');
    const whole = answerLookup(run(start(), { type: 'idNumber', value: '110101199003077778' }), fail('ID_CHECK_CHARACTER'));
    expect(idErrorShown(whole)?.code).toBe('ID_CHECK_CHARACTER');
    // A complete number whose expiry is being typed: the expiry's refusal waits for its Enter.
    const expiry = answerLookup(run(start(), { type: 'idNumber', value: ALICE_ID }, { type: 'idExpiry', value: '2031-0' }), fail('ID_EXPIRY_INVALID'));
    expect(idErrorShown(expiry)).toBeUndefined();
  });

  it('after a trade the customer is looked up again: the day counts it', () => {
    const done = run(quoted(), { type: 'commit', recordRefusal: false });
    const after = run(done, { type: 'commitAnswered', seq: done.job!.seq, result: { ok: true, value: trade() } });
    const key = customerKey(after);
    const day = { ...lookup().today, count: 1, usdTotal: '300' };
    const refreshed = run(after, { type: 'customerRefreshed', key, result: { ok: true, value: lookup({ today: day }) } });
    expect(found(refreshed)?.today.count).toBe(1);
    expect(refreshed.customer.name).toBe('李小华');
    // An answer for another customer (the next trade begun) is dropped.
    expect(found(run(after, { type: 'customerRefreshed', key: 'other', result: { ok: true, value: lookup({ today: day }) } }))?.today.count).toBe(0);
  });

  it('a refresh that comes back after the same customer is typed again does not strand the Enter waiting on the new lookup', () => {
    const done = run(quoted(), { type: 'commit', recordRefusal: false });
    const after = run(done, { type: 'commitAnswered', seq: done.job!.seq, result: { ok: true, value: trade() } });
    const key = customerKey(after);
    // The next trade, the same customer: the number typed, its lookup asked, Enter pressed before it answers.
    let s = run(after, { type: 'newTrade' }, { type: 'idNumber', value: ALICE_ID }, { type: 'lookupStarted', key }, { type: 'customerEnter' });
    expect(s.awaiting).toEqual({ for: 'customer', key });
    // The slow refresh of the trade before lands now (a loaded machine), then the new lookup answers.
    s = run(s, { type: 'customerRefreshed', key, result: { ok: true, value: lookup() } });
    s = run(s, { type: 'lookupAnswered', key, result: { ok: true, value: lookup() } });
    expect(s.awaiting).toBeUndefined();
    expect(cursor(s)).toEqual({ field: 'currency' });
  });
});
