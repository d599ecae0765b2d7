// The counter (design/counter-ux.md): one screen, Customer on the left, Trade in the centre, Quote
// on the right, the status bar below. The keyboard leads: a returning customer's trade is
// ID, Enter, currency, amount, Enter, Enter. Esc goes back one step and keeps what was typed.
// Everything that decides (the ID check, the limit, the rate, the reporting path, the receipt
// number) is the Terminal's answer; this screen only shows and asks.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { Input, QuoteView, TradeView } from '../../shared/contract';
import { call, type ApiError } from '../api';
import type { CustomerLookup, PrintJobView, RateView } from '../apiTypes';
import { useApp, useFKey } from '../session';
import { ErrorView } from '../components/ErrorView';
import { dateTime, money, percent, rate, time, usd } from '../format';
import { usePoll } from '../hooks';
import { Bi, both, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useKeyed } from '../keyed';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from '../approval';
import { SupervisorFields } from '../components/SupervisorFields';
import { NO_NOTES, NotesEntry, NotesLine, notesForCommit, type NotesTyped, type Payout, type PayoutLoad } from '../components/NotesLine';
import { notesOf, totalOf } from '../backoffice';
import { dec } from '../../shared/money/money';
import { amountTextProblem, describeTyped, isPlainDecimal, normaliseAmountText, type AmountTextProblem } from '../../shared/input';
import { describeChars, unprintable } from '../../shared/printable';

type Direction = 'settlement' | 'purchase';
type Side = 'foreign' | 'rmb';
type Step = 'id' | 'name' | 'currency' | 'amount' | 'quote' | 'notes' | 'page' | 'done';

interface CustomerForm {
  idType: string;
  idNumber: string;
  country: string;
  supplementaryId: string;
  name: string;
  /** The teller typed the name (a looked-up name never overwrites it). */
  nameTyped: boolean;
}

interface TradeForm {
  direction: Direction;
  currency: string;
  amount: string;
  side: Side;
  originalReceiptNo: string;
  /**
   * A foreign individual's purchase: the teller's answer to "reconversion of RMB from an earlier
   * exchange?" (第二十九条(三)); unanswered until a button is pressed. No: the quote is refused.
   */
  reconversion?: boolean;
}

const EMPTY_CUSTOMER: CustomerForm = { idType: '01', idNumber: '', country: '', supplementaryId: '', name: '', nameTyped: false };
const EMPTY_TRADE: TradeForm = { direction: 'settlement', currency: '', amount: '', side: 'foreign', originalReceiptNo: '' };
/** ID types whose issuing country is typed (the others carry it in the number). */
const NEEDS_COUNTRY = new Set(['04', '10']);
const NEEDS_SUPPLEMENTARY = new Set(['09']);

const PATH_WORDS: Record<QuoteView['reportingPath'], { word: MessageKey; note: MessageKey }> = {
  realtime: { word: 'reportingPath.realtime', note: 'reportingPath.realtimeNote' },
  backfill: { word: 'reportingPath.backfill', note: 'reportingPath.backfillNote' },
  exempt: { word: 'reportingPath.exempt', note: 'reportingPath.exemptNote' },
};

type Phase = 'entry' | 'committing' | 'pageMode' | 'done';
/** Page mode (第三十六条(二)): the reference number SAFE's page gave, and the supervisor who approves. */
interface PageModeEntry {
  refNo: string;
  supervisor: SupervisorEntry;
}
const NO_PAGE_MODE: PageModeEntry = { refNo: '', supervisor: NO_SUPERVISOR };
type Outcome = { kind: 'trade'; trade: TradeView } | { kind: 'refused'; error: ApiError };
/** How the counter words what is wrong with a typed amount (shared/input.ts). */
const AMOUNT_PROBLEM_WORDS: Record<AmountTextProblem['kind'], MessageKey> = {
  chars: 'trade.amountChars',
  points: 'trade.amountPoints',
  pointFirst: 'trade.amountPointPlace',
  pointLast: 'trade.amountPointPlace',
};
/** Refusals about the notes of a commit: the notes step opens, at the side to fix. */
const NOTES_REFUSALS = new Set(['NOTES_INVALID', 'NOTES_UNAVAILABLE', 'CHANGE_UNAVAILABLE']);

function customerInput(f: CustomerForm): Input<'customers.lookup'> {
  const country = f.country.trim().toUpperCase();
  const supplementaryId = f.supplementaryId.trim();
  return {
    idType: f.idType,
    idNumber: f.idNumber.trim(),
    ...(NEEDS_COUNTRY.has(f.idType) && country ? { country } : {}),
    ...(NEEDS_SUPPLEMENTARY.has(f.idType) && supplementaryId ? { supplementaryId } : {}),
  };
}

export function Counter({ visible }: { visible: boolean }) {
  const { t, pick } = useI18n();
  const { person, info, setLastTrade, bumpStatus, notify } = useApp();
  const [form, setForm] = useState<CustomerForm>(EMPTY_CUSTOMER);
  const [trade, setTrade] = useState<TradeForm>(EMPTY_TRADE);
  const [acks, setAcks] = useState<string[]>([]);
  // A supervisor-level prompt: the supervisor's ID and password, typed here (auth.approve).
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [phase, setPhase] = useState<Phase>('entry');
  const [commitError, setCommitError] = useState<ApiError>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [pageMode, setPageMode] = useState<PageModeEntry>(NO_PAGE_MODE);
  const [printJob, setPrintJob] = useState<PrintJobView | 'waiting'>();
  const [idEntered, setIdEntered] = useState(false);
  // The teller pressed Enter on the amount or left it: "300." is then a mistake, not a step to "300.5".
  const [amountLeft, setAmountLeft] = useState(false);
  // Cash by note (optional): the notes typed in the notes step, and whether the step is open.
  const [notes, setNotes] = useState<NotesTyped>(NO_NOTES);
  const [notesOpen, setNotesOpen] = useState(false);
  const lookup = useKeyed<CustomerLookup>();
  const quote = useKeyed<QuoteView>();
  const payout = useKeyed<Payout>();
  const board = usePoll(() => call('rates.board', {}), 15_000);

  const refs = {
    idType: useRef<HTMLSelectElement>(null),
    idNumber: useRef<HTMLInputElement>(null),
    country: useRef<HTMLInputElement>(null),
    supplementary: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
    currency: useRef<HTMLInputElement>(null),
    amount: useRef<HTMLInputElement>(null),
    originalReceipt: useRef<HTMLInputElement>(null),
    supervisor: useRef<HTMLInputElement>(null),
    supervisorPassword: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLButtonElement>(null),
    pageRefNo: useRef<HTMLInputElement>(null),
    newTrade: useRef<HTMLButtonElement>(null),
    notesToggle: useRef<HTMLButtonElement>(null),
    notesBox: useRef<HTMLDivElement>(null),
  };
  const promptRefs = useRef(new Map<string, HTMLInputElement>());
  const focus = (el: HTMLInputElement | HTMLButtonElement | HTMLSelectElement | null | undefined) => {
    if (!el) return;
    el.focus();
    if (el instanceof HTMLInputElement && el.type === 'text') el.select();
  };
  const later = (fn: () => void) => requestAnimationFrame(() => requestAnimationFrame(fn));

  // ---- the customer, looked up as the ID is typed ----
  const custInput = useMemo(() => customerInput(form), [form.idType, form.idNumber, form.country, form.supplementaryId]); // eslint-disable-line react-hooks/exhaustive-deps
  const custKey = JSON.stringify(custInput);
  const runLookup = useCallback(() => lookup.ensure(custKey, () => call('customers.lookup', custInput)), [custKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!custInput.idNumber) {
      lookup.reset();
      return;
    }
    const timer = setTimeout(() => void runLookup(), 150);
    return () => clearTimeout(timer);
  }, [custKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const found = lookup.load.state === 'ok' && lookup.load.key === custKey ? lookup.load.value : undefined;
  const lookupError = lookup.load.state === 'error' && lookup.load.key === custKey ? lookup.load.error : undefined;

  // A returning customer's name comes from the ledger, unless the teller typed one.
  useEffect(() => {
    if (lookup.load.state !== 'ok') return;
    const name = lookup.load.value.name ?? '';
    setForm((f) => (f.nameTyped || f.name === name ? f : { ...f, name }));
  }, [lookup.load]);

  // ---- what the teller typed that cannot be used: said at the field, as it is typed ----
  // A name the receipt printer cannot print: the Terminal refuses it at commit (NAME_NOT_PRINTABLE).
  const nameBad = useMemo(() => unprintable(form.name), [form.name]);
  const nameError: ApiError | undefined =
    nameBad.length > 0 ? { code: 'NAME_NOT_PRINTABLE', message: both('customer.nameNotPrintable', { chars: describeChars(nameBad) }) } : undefined;
  // An amount that is not a plain decimal: kept as typed, refused here, never quoted.
  const amountProblem = amountTextProblem(trade.amount);
  const amountShown = amountProblem && (amountProblem.kind !== 'pointLast' || amountLeft) ? amountProblem : undefined;
  const amountError: ApiError | undefined = amountShown
    ? { code: 'AMOUNT_INVALID', message: both(AMOUNT_PROBLEM_WORDS[amountShown.kind], amountShown.kind === 'chars' ? { chars: describeTyped(amountShown.chars) } : {}) }
    : undefined;

  // ---- the trade and its quote, asked for as it is typed ----
  const currencies = info?.currencies ?? [];
  const currency = trade.currency.trim().toUpperCase();
  const currencyKnown = currencies.some((c) => c.code === currency);
  const request: Input<'trades.quote'> | undefined = useMemo(() => {
    if (!found || !currencyKnown || !isPlainDecimal(trade.amount) || !person) return undefined;
    const original = trade.originalReceiptNo.trim();
    const foreignPurchase = found.residency === 'foreign' && trade.direction === 'purchase';
    return {
      customer: { ...custInput, name: form.name.trim() },
      direction: trade.direction,
      currency,
      amount: trade.amount,
      side: trade.side,
      ...(/^\d{1,15}$/.test(original) ? { originalReceiptNo: Number(original) } : {}),
      ...(foreignPurchase && trade.reconversion !== undefined ? { reconversion: trade.reconversion } : {}),
      tellerId: person.id,
    };
  }, [found, currencyKnown, currency, trade, custInput, form.name, person]);
  const quoteKey = request ? JSON.stringify(request) : '';
  const runQuote = useCallback(() => (request ? quote.ensure(quoteKey, () => call('trades.quote', request)) : undefined), [quoteKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!request || phase !== 'entry') return;
    const timer = setTimeout(() => void runQuote(), 250);
    return () => clearTimeout(timer);
  }, [quoteKey, phase]); // eslint-disable-line react-hooks/exhaustive-deps

  const q = quote.load.state === 'ok' && quote.load.key === quoteKey ? quote.load.value : undefined;
  const shownQuote = q ?? (quote.load.state === 'loading' && quoteKey ? quote.load.prev : undefined);
  // On the watch list or pre-watch, as the quote found it, or as the lookup did before any quote.
  const standing = shownQuote?.monitoring.online ? shownQuote.monitoring : found?.monitoring.online ? found.monitoring : undefined;
  const listed = standing && standing.status !== 'normal' ? standing.status : undefined;
  const quoteError = quote.load.state === 'error' && quote.load.key === quoteKey ? quote.load.error : undefined;
  const needsSupervisor = !!q && !q.refusal && q.prompts.some((p) => p.level === 'supervisor');

  // ---- the notes to pay: proposed from the till for what the customer receives, per quote ----
  const payTarget = q && !q.refusal ? q.customerReceives : undefined;
  const payoutKey = q && payTarget ? q.quoteToken : '';
  useEffect(() => {
    if (!payTarget || phase !== 'entry') return;
    void payout.ensure(payoutKey, () => call('cash.proposePayout', { currency: payTarget.currency, amount: payTarget.amount, location: 'till' }));
  }, [payoutKey, phase]); // eslint-disable-line react-hooks/exhaustive-deps
  const payoutLoad: PayoutLoad | undefined = (() => {
    if (!shownQuote || shownQuote.refusal) return undefined;
    const l = payout.load;
    if (l.state === 'ok' && l.key === payoutKey) return { state: 'ok', value: l.value };
    if (l.state === 'error' && l.key === payoutKey) return { state: 'error', error: l.error };
    // Asking (or the quote is being asked again): the last proposal, greyed.
    return { state: 'loading', prev: l.state === 'ok' ? l.value : l.state === 'idle' ? undefined : l.prev };
  })();

  /** The notes step: opened (it stays open for this trade), the cursor on a side's first count. */
  function openNotes(side: 'received' | 'paid' = 'received'): void {
    setNotesOpen(true);
    later(() => focus(refs.notesBox.current?.querySelector<HTMLInputElement>(`[data-testid="note-grid-${side}"] input[data-count]`)));
  }

  /** After a refusal about the notes: the side the teller has to change. */
  function notesSideToFix(code: string): 'received' | 'paid' {
    if (code !== 'NOTES_INVALID' || !q) return 'paid';
    const typed = notesOf(notes.received);
    if (typed.length === 0) return 'paid';
    try {
      return totalOf(notes.received).eq(dec(q.customerPays.amount)) ? 'paid' : 'received';
    } catch {
      return 'received';
    }
  }

  // ---- moving through the steps ----
  /** To the name; with a character the printer cannot print, that character selected, to retype. */
  function focusName(): void {
    const el = refs.name.current;
    if (!el || nameBad.length === 0) return focus(el);
    el.focus();
    const at = form.name.indexOf(nameBad[0]!);
    el.setSelectionRange(at, at + nameBad[0]!.length);
  }

  function nextCustomerField(v: CustomerLookup | undefined, error?: ApiError): void {
    if (error) {
      if (/^ID_COUNTRY/.test(error.code) && NEEDS_COUNTRY.has(form.idType)) return focus(refs.country.current);
      if (error.code === 'ID_SUPPLEMENTARY_REQUIRED') return focus(refs.supplementary.current);
      return focus(refs.idNumber.current);
    }
    if (NEEDS_COUNTRY.has(form.idType) && !form.country.trim()) return focus(refs.country.current);
    if (NEEDS_SUPPLEMENTARY.has(form.idType) && !form.supplementaryId.trim()) return focus(refs.supplementary.current);
    if ((!form.name.trim() && !v?.name) || nameBad.length > 0) return focusName();
    focus(refs.currency.current);
  }

  async function customerEnter(): Promise<void> {
    setIdEntered(true);
    if (!custInput.idNumber) return focus(refs.idNumber.current);
    const r = await runLookup();
    if (r.ok) nextCustomerField(r.value);
    else nextCustomerField(undefined, r.error);
  }

  function nextQuoteField(v: QuoteView, acked: string[] = acks): void {
    if (v.refusal) {
      if (v.refusal.code === 'RECONVERSION_RECEIPT_REQUIRED' && !trade.originalReceiptNo.trim()) return focus(refs.originalReceipt.current);
      // Back to the amount, never to "Record the refusal": a habitual Enter must not record an
      // attempt against the customer. Recording it is its own key (Tab to the button, Enter).
      return focus(refs.amount.current);
    }
    const open = v.prompts.find((p) => !acked.includes(p.code));
    if (open) return focus(promptRefs.current.get(open.code));
    if (v.prompts.some((p) => p.level === 'supervisor') && !filled(supervisor)) return focus(supervisor.id.trim() ? refs.supervisorPassword.current : refs.supervisor.current);
    if (!form.name.trim() || nameBad.length > 0) return focusName();
    focus(refs.confirm.current);
  }

  async function amountEnter(): Promise<void> {
    if (!found) return void customerEnter();
    if (!currencyKnown) return focus(refs.currency.current);
    if (!trade.amount) return focus(refs.amount.current);
    if (amountProblem) {
      // Refused where it was typed (trade-amount-error); the cursor stays to put it right.
      setAmountLeft(true);
      if (document.activeElement !== refs.amount.current) refs.amount.current?.focus();
      return;
    }
    const r = await runQuote();
    if (!r) return;
    // After the quote is on screen (the confirm button is enabled by it).
    if (r.ok) later(() => nextQuoteField(r.value));
    else focus(refs.amount.current);
  }

  function back(step: Step): void {
    switch (step) {
      case 'quote':
        return focus(refs.amount.current);
      case 'amount':
        return focus(refs.currency.current);
      case 'currency':
        return focus(found?.known && form.name.trim() ? refs.idNumber.current : refs.name.current);
      case 'name':
        return focus(refs.idNumber.current);
      case 'notes':
        return focus(refs.confirm.current);
      case 'page':
        setPhase('entry');
        later(() => focus(refs.confirm.current));
        return undefined;
      default:
        return undefined;
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if (e.key !== 'Escape') return;
    const step = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-step]')?.dataset.step as Step | undefined;
    if (!step) return;
    e.preventDefault();
    back(step);
  }

  const newTrade = useCallback(() => {
    // Rendered at once, so the ID field takes the very next key (a scanner does not wait).
    flushSync(() => {
      setForm(EMPTY_CUSTOMER);
      setTrade(EMPTY_TRADE);
      setAcks([]);
      setSupervisor(NO_SUPERVISOR);
      setPhase('entry');
      setCommitError(undefined);
      setOutcome(undefined);
      setPageMode(NO_PAGE_MODE);
      setPrintJob(undefined);
      setIdEntered(false);
      setAmountLeft(false);
      setNotes(NO_NOTES);
      setNotesOpen(false);
      lookup.reset();
      quote.reset();
      payout.reset();
    });
    focus(refs.idNumber.current);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useFKey((key) => {
    if (key === 'F1') return newTrade();
    if (!visible || phase === 'done' || phase === 'committing') return;
    if (key === 'F2') {
      setTrade((tr) => ({ ...tr, direction: tr.direction === 'settlement' ? 'purchase' : 'settlement' }));
    } else if (key === 'F3') {
      focus(refs.currency.current);
    }
  });

  // Coming back to the counter: the cursor is where the work is.
  useEffect(() => {
    if (!visible) return;
    later(() => {
      if (document.activeElement && document.activeElement !== document.body && document.activeElement.closest('.counter')) return;
      if (phase === 'done') focus(refs.newTrade.current);
      else if (phase === 'pageMode') focus(refs.pageRefNo.current);
      else focus(refs.idNumber.current);
    });
  }, [visible]); // eslint-disable-line react-hooks/exhaustive-deps

  // A refusal that arrives while the cursor is in the quote (F2 switched the direction, the
  // confirm button it was on is gone): the cursor goes back to the amount, not to nowhere.
  const refusedNow = !!q?.refusal;
  useEffect(() => {
    if (!refusedNow || phase !== 'entry' || !visible) return;
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('.region.quote')) focus(refs.amount.current);
  }, [refusedNow, quoteKey]); // eslint-disable-line react-hooks/exhaustive-deps

  // A refusal of the commit is scrolled into sight, above the confirm row that stays at the bottom.
  useEffect(() => {
    if (!commitError) return;
    later(() => document.querySelector('[data-testid="commit-error"]')?.scrollIntoView({ block: 'nearest' }));
  }, [commitError]); // eslint-disable-line react-hooks/exhaustive-deps

  // ---- commit ----
  /**
   * The trade (or, with `recordRefusal`, the attempt a refused quote records: only from the
   * "Record the refusal" button, never from the confirm button or Enter on a field).
   */
  async function commit(page?: PageModeEntry, recordRefusal = false): Promise<void> {
    if (!q || !request || phase === 'committing') return;
    if (!!q.refusal !== recordRefusal) return;
    const sup = page && filled(page.supervisor) ? page.supervisor : supervisor;
    if (!q.refusal) {
      const open = q.prompts.find((p) => !acks.includes(p.code));
      if (open || (needsSupervisor && !filled(sup)) || !form.name.trim() || nameBad.length > 0) {
        if (!form.name.trim()) setCommitError({ code: 'NAME_REQUIRED', message: both('customer.nameRequired') });
        return nextQuoteField(q);
      }
    }
    setPhase('committing');
    setCommitError(undefined);
    // The supervisor approves this quote (a supervisor-level prompt, or the page-mode entry); the
    // password is forgotten once sent.
    let approval: string | undefined;
    if (!q.refusal && filled(sup) && (needsSupervisor || page)) {
      setSupervisor((s) => ({ ...s, password: '' }));
      setPageMode((m) => ({ ...m, supervisor: { ...m.supervisor, password: '' } }));
      const a = await approve('trades.commit', { quoteToken: q.quoteToken }, sup);
      if (!a.ok) {
        setCommitError(a.error);
        setPhase(page ? 'pageMode' : 'entry');
        if (!page) later(() => focus(refs.supervisor.current));
        return;
      }
      approval = a.value;
    }
    const r = await call('trades.commit', {
      ...request,
      quoteToken: q.quoteToken,
      acknowledgedPrompts: q.prompts.map((p) => p.code).filter((c) => acks.includes(c)),
      ...(approval ? { approval } : {}),
      ...(page ? { pageModeRefNo: page.refNo.trim() } : {}),
      // Only the notes the teller recorded; a blank side is the Terminal's default.
      ...(q.refusal ? {} : notesForCommit(notes)),
    });
    bumpStatus();
    if (r.ok) {
      setOutcome({ kind: 'trade', trade: r.value });
      setLastTrade({ tradeId: r.value.id, receiptNo: r.value.receiptNo });
      setPrintJob('waiting');
      setPhase('done');
      later(() => focus(refs.newTrade.current));
      return;
    }
    if (q.refusal && r.error.code === q.refusal.code) {
      // A refusal by a counter rule: the Terminal recorded the attempt; nothing else was written.
      setOutcome({ kind: 'refused', error: r.error });
      setPhase('done');
      later(() => focus(refs.newTrade.current));
      return;
    }
    if (!q.refusal && NOTES_REFUSALS.has(r.error.code)) {
      // The trade was not written: the notes are put right here, then Enter commits again.
      setCommitError(r.error);
      setPhase('entry');
      openNotes(notesSideToFix(r.error.code));
      return;
    }
    if (r.error.code === 'REALTIME_ENTRY_REQUIRED') {
      setCommitError(r.error);
      setPhase('pageMode');
      later(() => focus(refs.pageRefNo.current));
      return;
    }
    setCommitError(r.error);
    setPhase(page ? 'pageMode' : 'entry');
    if (r.error.code === 'QUOTE_EXPIRED' || r.error.code === 'QUOTE_STALE') {
      // Quote again at once: the teller confirms the new figures with the customer.
      quote.invalidate();
      const again = await runQuote();
      if (again?.ok) later(() => nextQuoteField(again.value));
      return;
    }
    later(() => focus(page ? refs.pageRefNo.current : q.refusal ? refs.amount.current : refs.confirm.current));
  }

  // ---- printing, after the commit ----
  const doneTrade = outcome?.kind === 'trade' ? outcome.trade : undefined;
  useEffect(() => {
    if (!doneTrade) return;
    let tries = 0;
    let stop = false;
    const poll = async () => {
      if (stop) return;
      tries++;
      const r = await call('printer.jobs', { limit: 50 });
      if (stop) return;
      const job = r.ok ? r.value.find((j) => j.receiptNo === doneTrade.receiptNo && j.kind === 'receipt') : undefined;
      if (job) setPrintJob(job);
      if (job && (job.state === 'done' || job.state === 'failed')) {
        bumpStatus();
        return;
      }
      if (tries < 240) setTimeout(() => void poll(), 500);
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [doneTrade]); // eslint-disable-line react-hooks/exhaustive-deps

  // ---- what the screen shows ----
  const boardRates: RateView[] = board.value?.ok ? board.value.value : [];
  const idType = info?.idTypes.find((x) => x.code === form.idType);
  const locked = phase === 'committing' || phase === 'done' || phase === 'pageMode';

  return (
    <div className="counter" hidden={!visible} onKeyDown={onKeyDown} data-testid="counter">
      {/* ---- Customer ---- */}
      <section className="region customer" aria-labelledby="customer-h" data-step="id">
        <h2 id="customer-h">{t('customer')}</h2>
        <label className="field">
          <span>{t('customer.idType')}</span>
          <select
            ref={refs.idType}
            value={form.idType}
            disabled={locked}
            data-testid="customer-idtype"
            onChange={(e) => setForm((f) => ({ ...f, idType: e.target.value }))}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                focus(NEEDS_COUNTRY.has(form.idType) ? refs.country.current : refs.idNumber.current);
              }
            }}
          >
            {(info?.idTypes ?? [{ code: '01', zh: '居民身份证', en: 'resident ID card' }]).map((x) => (
              <option key={x.code} value={x.code}>
                {x.code} {pick(x)}
              </option>
            ))}
          </select>
        </label>
        {NEEDS_COUNTRY.has(form.idType) && (
          <label className="field">
            <span>{t('customer.country')}</span>
            <input
              ref={refs.country}
              type="text"
              value={form.country}
              disabled={locked}
              maxLength={3}
              autoComplete="off"
              spellCheck={false}
              placeholder="USA"
              data-testid="customer-country"
              onChange={(e) => setForm((f) => ({ ...f, country: e.target.value.toUpperCase() }))}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (!form.idNumber.trim()) focus(refs.idNumber.current);
                  else void customerEnter();
                }
              }}
            />
          </label>
        )}
        <label className="field">
          <span>{t('customer.idNumber')}</span>
          <input
            ref={refs.idNumber}
            type="text"
            className="big-input mono"
            value={form.idNumber}
            disabled={locked}
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            data-testid="customer-idnumber"
            aria-invalid={!!lookupError}
            onChange={(e) => {
              setIdEntered(false);
              setForm((f) => ({ ...f, idNumber: e.target.value }));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void customerEnter();
              }
            }}
          />
        </label>
        {NEEDS_SUPPLEMENTARY.has(form.idType) && (
          <label className="field">
            <span>{t('customer.supplementaryId')}</span>
            <input
              ref={refs.supplementary}
              type="text"
              value={form.supplementaryId}
              disabled={locked}
              autoComplete="off"
              spellCheck={false}
              data-testid="customer-supplementary"
              onChange={(e) => setForm((f) => ({ ...f, supplementaryId: e.target.value }))}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void customerEnter();
                }
              }}
            />
          </label>
        )}
        <div className="lookup-state" aria-live="polite">
          {lookupError && <div className={idEntered ? '' : 'typing'}><ErrorView error={lookupError} testId="customer-error" /></div>}
          {lookup.load.state === 'loading' && !found && <span className="muted">{t('customer.checking')}</span>}
          {found && (
            <div className="found" data-testid="customer-found" data-known={found.known}>
              <span className="check" aria-hidden="true">✓</span> {pick(found.idTypeName)} · {found.idNumber} · {found.country}
              {found.birthDate && <span className="muted"> · {t('customer.birthDate')} {found.birthDate}</span>}
            </div>
          )}
        </div>
        <label className="field" data-step="name">
          <span>
            {t('customer.name')} {found && !found.known && <em className="new-customer">{t('customer.new')}</em>}
          </span>
          <input
            ref={refs.name}
            type="text"
            className="big-input"
            value={form.name}
            disabled={locked}
            autoComplete="off"
            maxLength={100}
            data-testid="customer-name"
            aria-invalid={nameBad.length > 0}
            aria-describedby={nameError ? 'customer-name-error' : undefined}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value, nameTyped: true }))}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                // A name the printer cannot print: the cursor stays to put it right.
                if (nameBad.length > 0) return;
                if (found) focus(refs.currency.current);
                else void customerEnter();
              }
            }}
          />
        </label>
        {nameError && (
          <div id="customer-name-error" className="field-error">
            <ErrorView error={nameError} testId="customer-name-error" />
          </div>
        )}
        {found && (
          <div className="customer-facts">
            <div data-testid="customer-residency">
              {t(found.residency === 'domestic' ? 'residency.domestic' : 'residency.foreign')}
              {idType && <span className="muted"> · {pick(idType)}</span>}
            </div>
            <DayBar day={found.today} direction={trade.direction} />
            {found.today.trades.length > 0 && (
              <ul className="today-trades" data-testid="customer-today-trades">
                {found.today.trades.map((tr) => (
                  <li key={tr.id} className={tr.status === 'void' ? 'void' : ''}>
                    <span className="mono">#{tr.receiptNo}</span> {time(tr.createdAt)} {t(tr.direction === 'settlement' ? 'settlement' : 'purchase')}{' '}
                    <span className="mono">{money(tr.foreign)}</span>
                    <span className="muted"> · {t('usdEquivalent')} USD {tr.usdEquivalentShown}</span>
                    {tr.status === 'void' && <strong> {t('void.done')}</strong>}
                  </li>
                ))}
              </ul>
            )}
            {found.today.attempts > 0 && <div className="warn-text">{t('customer.attempts', { n: found.today.attempts })}</div>}
            <Monitoring quote={shownQuote} standing={found.monitoring} />
          </div>
        )}
        {listed && (
          <div className={`watch-banner ${listed}`} role="alert" data-testid="watch-banner" data-status={listed}>
            <Bi k={listed === 'watch' ? 'watchList.banner' : 'preWatch.banner'} />
          </div>
        )}
      </section>

      {/* ---- Trade ---- */}
      <section className="region trade" aria-labelledby="trade-h">
        <h2 id="trade-h">{t('trade')}</h2>
        <div className="direction" role="group" aria-label={t('trade.direction')}>
          {(['settlement', 'purchase'] as const).map((d) => (
            <button
              key={d}
              type="button"
              tabIndex={-1}
              disabled={locked}
              className={trade.direction === d ? 'on' : ''}
              aria-pressed={trade.direction === d}
              data-testid={`trade-direction-${d}`}
              onClick={() => setTrade((tr) => ({ ...tr, direction: d }))}
            >
              <span className="dir-word">{t(d)}</span>
              <span className="dir-note">{t(d === 'settlement' ? 'trade.settlementNote' : 'trade.purchaseNote')}</span>
            </button>
          ))}
          <kbd className="hint">F2</kbd>
        </div>
        <label className="field" data-step="currency">
          <span>
            {t('trade.currency')} <kbd className="hint">F3</kbd>
          </span>
          <input
            ref={refs.currency}
            type="text"
            className="big-input mono"
            value={trade.currency}
            disabled={locked}
            maxLength={3}
            autoComplete="off"
            spellCheck={false}
            data-testid="trade-currency"
            aria-invalid={trade.currency.length === 3 && !currencyKnown}
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => {
              const v = e.target.value.toUpperCase().replace(/[^A-Z]/g, '');
              setTrade((tr) => ({ ...tr, currency: v }));
              // Three letters of a known currency: on to the amount, no key needed.
              if (v.length === 3 && currencies.some((c) => c.code === v)) focus(refs.amount.current);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (currencyKnown) focus(refs.amount.current);
              }
            }}
          />
          <span className="currency-name" data-testid="trade-currency-name">
            {currencyKnown ? pick(currencies.find((c) => c.code === currency)!) : trade.currency.length === 3 ? t('trade.currencyUnknown') : ''}
          </span>
        </label>
        <div className="board-mini" aria-label={t('rateBoard')}>
          {boardRates.map((r) => (
            <button
              key={r.currency}
              type="button"
              tabIndex={-1}
              disabled={locked}
              className={`${r.currency === currency ? 'on' : ''} ${r.stale ? 'stale' : ''}`}
              data-testid={`trade-pick-${r.currency}`}
              onClick={() => {
                setTrade((tr) => ({ ...tr, currency: r.currency }));
                later(() => focus(refs.amount.current));
              }}
            >
              <span className="mono">{r.currency}</span>
              <span className="mono small">
                {rate(r.buyPer100)} / {rate(r.sellPer100)}
              </span>
              {r.stale && <span className="stale-word">{t('rates.stale')}</span>}
            </button>
          ))}
        </div>
        <label className="field" data-step="amount">
          <span>{t(trade.side === 'foreign' ? 'trade.amountForeign' : 'trade.amountRmb', { currency: currencyKnown ? currency : t('trade.foreignCurrency') })}</span>
          <div className="amount-row">
            <span className="amount-code mono">{trade.side === 'foreign' ? (currencyKnown ? currency : '···') : 'CNY'}</span>
            <input
              ref={refs.amount}
              type="text"
              inputMode="decimal"
              className="big-input mono amount"
              value={trade.amount}
              disabled={locked}
              autoComplete="off"
              spellCheck={false}
              data-testid="trade-amount"
              aria-invalid={!!amountShown}
              aria-describedby={amountError ? 'trade-amount-error' : undefined}
              // Kept as typed (no maxLength either: a paste is never cut short); only full-width
              // digits and point, the same keys with an input method on, are shown as ASCII.
              onChange={(e) => {
                const amount = normaliseAmountText(e.target.value);
                setAmountLeft(false);
                setTrade((tr) => ({ ...tr, amount }));
              }}
              onBlur={() => setAmountLeft(true)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void amountEnter();
                }
              }}
            />
          </div>
        </label>
        {amountError && (
          <div id="trade-amount-error" className="field-error">
            <ErrorView error={amountError} testId="trade-amount-error" />
          </div>
        )}
        <div className="side" role="group" aria-label={t('trade.side')}>
          {(['foreign', 'rmb'] as const).map((s) => (
            <button
              key={s}
              type="button"
              tabIndex={-1}
              disabled={locked}
              className={trade.side === s ? 'on' : ''}
              aria-pressed={trade.side === s}
              data-testid={`trade-side-${s}`}
              onClick={() => {
                setTrade((tr) => ({ ...tr, side: s }));
                focus(refs.amount.current);
              }}
            >
              {t(s === 'foreign' ? 'trade.sideForeign' : 'trade.sideRmb')}
            </button>
          ))}
        </div>
        {found?.residency === 'foreign' && trade.direction === 'purchase' && (
          // 第二十九条: a foreign individual buys foreign currency only by changing back RMB from an
          // earlier exchange. Asked in so many words; "no" is refused by the Terminal (an attempt).
          <div className="field" data-step="amount" role="group" aria-label={t('trade.reconversionQuestion')} data-testid="trade-reconversion">
            <span>{t('trade.reconversionQuestion')}</span>
            <div className="side">
            {([true, false] as const).map((yes) => (
              <button
                key={String(yes)}
                type="button"
                className={trade.reconversion === yes ? 'on' : ''}
                aria-pressed={trade.reconversion === yes}
                disabled={locked}
                data-testid={`trade-reconversion-${yes ? 'yes' : 'no'}`}
                onClick={() => {
                  setTrade((tr) => ({ ...tr, reconversion: yes }));
                  focus(refs.amount.current);
                }}
              >
                {t(yes ? 'trade.reconversionYes' : 'trade.reconversionNo')}
              </button>
            ))}
            </div>
          </div>
        )}
        {(shownQuote?.kind === 'reconversion' || (found?.residency === 'foreign' && trade.direction === 'purchase')) && (
          <label className="field" data-step="amount">
            <span>{t('trade.originalReceiptNo')}</span>
            <input
              ref={refs.originalReceipt}
              type="text"
              inputMode="numeric"
              className="mono"
              value={trade.originalReceiptNo}
              disabled={locked}
              data-testid="trade-original-receipt"
              onChange={(e) => setTrade((tr) => ({ ...tr, originalReceiptNo: e.target.value.replace(/\D/g, '') }))}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void amountEnter();
                }
              }}
            />
          </label>
        )}
      </section>

      {/* ---- Quote ---- */}
      <section className="region quote" aria-labelledby="quote-h" data-testid="quote-panel" data-step={phase === 'pageMode' ? 'page' : 'quote'} aria-busy={quote.load.state === 'loading'}>
        <h2 id="quote-h">{t('quote')}</h2>
        {phase === 'done' && outcome ? (
          <Done outcome={outcome} printJob={printJob} newTradeRef={refs.newTrade} onNewTrade={newTrade} />
        ) : (
          <>
            {!shownQuote && !quoteError && (
              <p className="muted" data-testid="quote-waiting">
                {amountShown && found ? <Bi k="quote.amountInvalid" /> : t(found ? 'quote.waitingForAmount' : 'quote.waitingForCustomer')}
              </p>
            )}
            {quoteError && <ErrorView error={quoteError} testId="quote-error" big />}
            {shownQuote && (
              <div className={`quote-body ${q ? '' : 'stale-quote'}`} data-testid="quote-body">
                <div className="figures">
                  <div className="figure">
                    <span className="figure-label">{t('quote.customerPays')}</span>
                    <span className="figure-value mono" data-testid="quote-pays">
                      {money(shownQuote.customerPays)}
                    </span>
                  </div>
                  <div className="figure">
                    <span className="figure-label">{t('quote.customerReceives')}</span>
                    <span className="figure-value mono" data-testid="quote-receives">
                      {money(shownQuote.customerReceives)}
                    </span>
                  </div>
                </div>
                {payoutLoad && <NotesLine load={payoutLoad} stale={!q} />}
                <dl className="quote-facts">
                  <dt>{t(shownQuote.rate.side === 'buy' ? 'cashBuyRate' : 'cashSellRate')}</dt>
                  <dd className="mono" data-testid="quote-rate">
                    CNY {rate(shownQuote.rate.per100)} / 100 {shownQuote.currency}
                  </dd>
                  <dt>{t('fee')}</dt>
                  <dd className="mono" data-testid="quote-fee">
                    {money(shownQuote.fee)}
                  </dd>
                  <dt>{t('usdEquivalent')}</dt>
                  <dd className="mono" data-testid="quote-usd">
                    USD {shownQuote.usdEquivalentShown}
                  </dd>
                  <dt>{t('quote.dayAfter')}</dt>
                  <dd className="mono">
                    USD {usd(shownQuote.day.usdAfter)} / {usd(shownQuote.day.limit)}
                  </dd>
                </dl>
                <div className={`path path-${shownQuote.reportingPath}`} data-testid="quote-path" data-path={shownQuote.reportingPath}>
                  <span className="path-mark" aria-hidden="true">
                    {shownQuote.reportingPath === 'realtime' ? '●' : shownQuote.reportingPath === 'backfill' ? '◆' : '○'}
                  </span>
                  <Bi k={PATH_WORDS[shownQuote.reportingPath].word} className="path-word" />
                  <div className="path-note">{t(PATH_WORDS[shownQuote.reportingPath].note)}</div>
                </div>
                {shownQuote.refusal ? (
                  <div className="refusal" data-testid="quote-refusal" data-code={shownQuote.refusal.code}>
                    <ErrorView error={shownQuote.refusal} big />
                    {q && phase === 'entry' && (
                      <p className="refusal-how" data-testid="quote-refusal-how">
                        <Bi k="quote.recordRefusalHow" />
                      </p>
                    )}
                  </div>
                ) : (
                  shownQuote.prompts.length > 0 && (
                    <ul className="prompts" aria-label={t('quote.prompts')}>
                      {shownQuote.prompts.map((p) => (
                        <li key={p.code} className={`prompt prompt-${p.level}`} data-testid={`quote-prompt-${p.code}`}>
                          <label>
                            <input
                              type="checkbox"
                              ref={(el) => {
                                if (el) promptRefs.current.set(p.code, el);
                                else promptRefs.current.delete(p.code);
                              }}
                              checked={acks.includes(p.code)}
                              disabled={locked}
                              data-testid={`quote-prompt-ack-${p.code}`}
                              onChange={(e) => setAcks((a) => (e.target.checked ? [...a, p.code] : a.filter((c) => c !== p.code)))}
                              onKeyDown={(e) => {
                                if (e.key === 'Enter') {
                                  e.preventDefault();
                                  const next = acks.includes(p.code) ? acks : [...acks, p.code];
                                  setAcks(next);
                                  if (q) nextQuoteField(q, next);
                                }
                              }}
                            />
                            <span>
                              <span lang="zh-CN">{p.message.zh}</span>
                              <span lang="en" className="bi-en">
                                {p.message.en}
                              </span>
                              <span className="prompt-do">{t(p.level === 'supervisor' ? 'quote.promptSupervisor' : 'quote.promptConfirm')}</span>
                            </span>
                          </label>
                        </li>
                      ))}
                    </ul>
                  )
                )}
                {needsSupervisor && phase !== 'pageMode' && (
                  <SupervisorFields
                    value={supervisor}
                    onChange={setSupervisor}
                    onEnter={() => focus(refs.confirm.current)}
                    testId="quote-supervisor"
                    idRef={refs.supervisor}
                    passwordRef={refs.supervisorPassword}
                    disabled={locked}
                  />
                )}
                {notesOpen && !shownQuote.refusal && phase !== 'pageMode' && (
                  <NotesEntry
                    received={shownQuote.customerPays}
                    paid={shownQuote.customerReceives}
                    value={notes}
                    onChange={setNotes}
                    onDone={() => focus(refs.confirm.current)}
                    boxRef={refs.notesBox}
                  />
                )}
                <div className="quote-validity muted">{t('quote.validUntil', { time: time(shownQuote.expiresAt) })}</div>
              </div>
            )}
            {commitError && phase !== 'pageMode' && <ErrorView error={commitError} testId="commit-error" big />}
            {phase === 'pageMode' && q ? (
              <PageModePanel
                quote={q}
                error={commitError}
                value={pageMode}
                onChange={setPageMode}
                refNoRef={refs.pageRefNo}
                busy={false}
                onSubmit={() => void commit(pageMode)}
              />
            ) : (
              <div className="confirm-row">
                {q?.refusal || (!q && shownQuote?.refusal) ? (
                  // A refused quote: recording the attempt is its own button, reached by Tab from
                  // the amount (or a click). The cursor is never put here by Enter.
                  <button
                    type="button"
                    className="confirm record-refusal"
                    disabled={!q || phase === 'committing'}
                    data-testid="record-refusal"
                    onClick={() => void commit(undefined, true)}
                  >
                    {phase === 'committing' ? <Bi k="confirm.committing" /> : <Bi k="confirm.recordRefusal" />}
                    <kbd className="hint">Tab → Enter</kbd>
                  </button>
                ) : (
                  <button
                    ref={refs.confirm}
                    type="button"
                    className="confirm"
                    disabled={!q || phase === 'committing'}
                    data-testid="confirm-button"
                    onClick={() => void commit()}
                  >
                    {phase === 'committing' ? (
                      <Bi k={q?.reportingPath === 'realtime' ? 'confirm.enteringRealtime' : 'confirm.committing'} />
                    ) : (q ?? shownQuote)?.reportingPath === 'realtime' ? (
                      <Bi k="confirm.realtimeAndPrint" />
                    ) : (
                      <Bi k="confirm.commitAndPrint" />
                    )}
                    <kbd className="hint">Enter</kbd>
                  </button>
                )}
                {shownQuote && !shownQuote.refusal && (
                  // The optional notes step, one Tab from the confirm button: never in the way of Enter.
                  <button
                    ref={refs.notesToggle}
                    type="button"
                    className="notes-toggle"
                    aria-expanded={notesOpen}
                    disabled={!q || phase === 'committing'}
                    data-testid="notes-toggle"
                    onClick={() => openNotes()}
                  >
                    <Bi k="notes.step" /> <kbd className="hint">Tab</kbd>
                  </button>
                )}
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}

const STATUS_WORDS: Record<'normal' | 'prewatch' | 'watch', MessageKey> = { normal: 'monitoringStatus.normal', prewatch: 'preWatch', watch: 'watchList' };

/**
 * The person's standing in the monitoring system: as the last quote found it (for its trade type),
 * or, before a quote, as the lookup found it: the status and the annual quota left for settlement
 * and for purchase (个人外汇管理办法实施细则 第二条). Unknown offline; the counter works on.
 */
function Monitoring({ quote: mq, standing: s }: { quote: QuoteView | undefined; standing: CustomerLookup['monitoring'] }) {
  const { t } = useI18n();
  if (mq?.monitoring.online) {
    const m = mq.monitoring;
    return (
      <div className="quota" data-testid="customer-quota" data-online="true">
        {t('customer.annualQuota', { used: usd(m.quotaUsedUsd), left: usd(m.quotaLeftUsd) })}
        <span className={`status-word status-${m.status}`}> · {t(STATUS_WORDS[m.status])}</span>
      </div>
    );
  }
  // The quote could not ask (or there is none yet): what the lookup found, if it found anything.
  if (!s.online) {
    return s.reason === 'notConfigured'
      ? <div className="muted small" data-testid="customer-quota" data-online="false" data-source="lookup">{t('customer.quotaNotConfigured')}</div>
      : <div className="warn-text small" data-testid="customer-quota" data-online="false">{t('customer.quotaOffline')}</div>;
  }
  return (
    <div className="quota" data-testid="customer-quota" data-online="true" data-source="lookup" data-status={s.status}>
      {t('customer.monitoringStatus')} <span className={`status-word status-${s.status}`}>{t(STATUS_WORDS[s.status])}</span>
      <div data-testid="customer-quota-left">
        <div>{t('customer.annualQuotaLeft', { quota: usd(s.annualQuotaUsd) })}</div>
        <span style={{ whiteSpace: 'nowrap' }}>
          {t('settlement')} <span className="mono" data-testid="customer-quota-settlement">USD {usd(s.settlement.quotaLeftUsd)}</span>
        </span>
        {' · '}
        <span style={{ whiteSpace: 'nowrap' }}>
          {t('purchase')} <span className="mono" data-testid="customer-quota-purchase">USD {usd(s.purchase.quotaLeftUsd)}</span>
        </span>
      </div>
    </div>
  );
}

/** The customer's day against the daily limit, as a bar with the figures. */
function DayBar({ day, direction }: { day: CustomerLookup['today']; direction: Direction }) {
  const { t } = useI18n();
  const width = percent(day.usdTotal, day.limit);
  const full = width === '100.0%';
  return (
    <div className="day-bar" data-testid="customer-day">
      <div className="day-text">
        {t('customer.today', { n: day.count })} <span className="mono" data-testid="customer-usd-total">USD {usd(day.usdTotal)}</span> / {usd(day.limit)}
      </div>
      <div className="bar" role="meter" aria-valuetext={`USD ${usd(day.usdTotal)} / ${usd(day.limit)}`} data-testid="customer-usd-bar">
        <div className={`bar-fill ${full ? 'full' : ''}`} style={{ width }} />
      </div>
      <div className="day-left">
        {t('customer.leftToday')} <span className="mono" data-testid="customer-remaining">USD {usd(day.remaining[direction])}</span>
      </div>
    </div>
  );
}

/** Page-mode fallback (第三十六条(二)): entered on SAFE's web page, reference number, a supervisor. */
function PageModePanel(props: {
  quote: QuoteView;
  error: ApiError | undefined;
  value: PageModeEntry;
  onChange(v: PageModeEntry): void;
  refNoRef: RefObject<HTMLInputElement | null>;
  busy: boolean;
  onSubmit(): void;
}) {
  const { t } = useI18n();
  const { quote: q, value, onChange } = props;
  const supRef = useRef<HTMLInputElement>(null);
  return (
    <div className="page-mode" data-testid="pagemode-panel">
      {props.error && <ErrorView error={props.error} testId="pagemode-error" />}
      <h3>
        <Bi k="pageMode.title" />
      </h3>
      <dl className="page-mode-facts">
        <dt>{t('pageMode.tradeType')}</dt>
        <dd>{q.direction === 'settlement' ? 'JH' : 'GH'}</dd>
        <dt>{t('customer.name')}</dt>
        <dd>{q.customer.name}</dd>
        <dt>{t('customer.idNumber')}</dt>
        <dd className="mono">
          {q.customer.idType} {q.customer.idNumber} {q.customer.country}
        </dd>
        <dt>{t('pageMode.amount')}</dt>
        <dd className="mono">{money(q.foreign)}</dd>
        <dt>{t('usdEquivalent')}</dt>
        <dd className="mono">USD {q.usdEquivalentShown}</dd>
      </dl>
      <label className="field">
        <span>{t('referenceNumber')}</span>
        <input
          ref={props.refNoRef}
          type="text"
          className="mono"
          value={value.refNo}
          autoComplete="off"
          data-testid="pagemode-refno"
          onChange={(e) => onChange({ ...value, refNo: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              supRef.current?.focus();
            }
          }}
        />
      </label>
      <SupervisorFields value={value.supervisor} onChange={(supervisor) => onChange({ ...value, supervisor })} onEnter={props.onSubmit} testId="pagemode-supervisor" idRef={supRef} />
      <button type="button" className="confirm" data-testid="pagemode-submit" disabled={props.busy} onClick={props.onSubmit}>
        <Bi k="confirm.pageModeAndPrint" />
      </button>
      <div className="muted small">{t('pageMode.escBack')}</div>
    </div>
  );
}

/** After the commit: the receipt number, the printing, and what comes next. */
function Done(props: { outcome: Outcome; printJob: PrintJobView | 'waiting' | undefined; newTradeRef: RefObject<HTMLButtonElement | null>; onNewTrade(): void }) {
  const { t } = useI18n();
  const { outcome, printJob } = props;
  const button = (
    <button ref={props.newTradeRef} type="button" className="confirm next" data-testid="new-trade" onClick={props.onNewTrade}>
      <Bi k="action.newTrade" /> <kbd className="hint">Enter / F1</kbd>
    </button>
  );
  if (outcome.kind === 'refused') {
    return (
      <div className="done refused" data-testid="done-panel" data-outcome="refused">
        <ErrorView error={outcome.error} testId="done-refusal" big />
        <p>
          <Bi k="quote.refusalRecorded" />
        </p>
        {button}
      </div>
    );
  }
  const tr = outcome.trade;
  const deadline = useBackfillDeadline(tr);
  const state = printJob === 'waiting' || printJob === undefined ? 'pending' : printJob.state;
  const printKey: MessageKey = { pending: 'print.pending', printing: 'print.printing', done: 'print.done', failed: 'print.failed' }[state] as MessageKey;
  return (
    <div className="done" data-testid="done-panel" data-outcome="trade">
      <div className="done-title">
        <Bi k="done.title" />
      </div>
      <div className="receipt-no">
        <span>{t('receipt.number')}</span>
        <span className="mono big" data-testid="done-receipt-no">
          {tr.receiptNo}
        </span>
      </div>
      <div className="figures">
        <div className="figure">
          <span className="figure-label">{t('quote.customerPays')}</span>
          <span className="figure-value mono">{money(tr.customerPays)}</span>
        </div>
        <div className="figure">
          <span className="figure-label">{t('quote.customerReceives')}</span>
          <span className="figure-value mono">{money(tr.customerReceives)}</span>
        </div>
      </div>
      <div className={`path path-${tr.reportingPath}`} data-testid="done-path" data-path={tr.reportingPath}>
        <Bi k={PATH_WORDS[tr.reportingPath].word} className="path-word" />
        <div className="path-note">
          {tr.reportingPath === 'realtime' && tr.refNo ? t('done.refNo', { refNo: tr.refNo }) : tr.reportingPath === 'backfill' ? t('done.queued', { time: deadline ? dateTime(deadline) : '…' }) : t(PATH_WORDS[tr.reportingPath].note)}
        </div>
      </div>
      <div className={`print-state print-${state}`} data-testid="print-state" data-state={state} role="status">
        <Bi k={printKey} />
        {state === 'failed' && printJob !== 'waiting' && printJob?.error && <div className="small">{printJob.error}</div>}
      </div>
      {button}
    </div>
  );
}

/** The back-fill deadline of a trade, as the reporting queue holds it. */
function useBackfillDeadline(tr: TradeView | undefined): string | undefined {
  const [deadline, setDeadline] = useState<string>();
  useEffect(() => {
    if (!tr || tr.reportingPath !== 'backfill') return;
    let alive = true;
    void call('queue.list', { limit: 200 }).then((r) => {
      if (!alive || !r.ok) return;
      setDeadline(r.value.find((row) => row.tradeId === tr.id && row.kind === 'backfill')?.deadlineAt);
    });
    return () => {
      alive = false;
    };
  }, [tr]);
  return deadline;
}
