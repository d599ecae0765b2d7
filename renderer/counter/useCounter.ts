// The counter's hook: the machine (machine.ts) in React, and everything it cannot do itself:
// asking the Terminal (the lookup and the quote as they are typed, the notes to pay, the commit,
// the print job), telling the machine the answers, putting the cursor where the machine says, and
// the keys (Esc, F1–F3). The panels show the state and send events; they decide nothing.
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, type KeyboardEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { QuoteView } from '../../shared/api';
import { call, type ApiResult } from '../api';
import type { CustomerLookup, RateView } from '../apiTypes';
import { approve } from '../approval';
import { usePoll } from '../hooks';
import { notesForCommit } from '../noteCounts';
import { useApp, useFKey } from '../session';
import { counterReducer, type CounterEvent } from './machine';
import {
  currentQuote, customerInput, customerKey, initialState, payoutAsk, quoteKey, quoteRequest, unansweredRealtime, type CommitJob, type CounterState, type FocusTarget, type Payout, type Step,
} from './state';

type Focusable = HTMLInputElement | HTMLButtonElement | HTMLSelectElement;

/** The fields the machine moves the cursor to (prompts and notes are found by their code and side). */
export interface CounterRefs {
  idType: RefObject<HTMLSelectElement | null>;
  idNumber: RefObject<HTMLInputElement | null>;
  country: RefObject<HTMLInputElement | null>;
  supplementary: RefObject<HTMLInputElement | null>;
  idExpiry: RefObject<HTMLInputElement | null>;
  fundAttribute: RefObject<HTMLSelectElement | null>;
  name: RefObject<HTMLInputElement | null>;
  currency: RefObject<HTMLInputElement | null>;
  amount: RefObject<HTMLInputElement | null>;
  originalReceipt: RefObject<HTMLInputElement | null>;
  supervisor: RefObject<HTMLInputElement | null>;
  supervisorPassword: RefObject<HTMLInputElement | null>;
  confirm: RefObject<HTMLButtonElement | null>;
  pageRefNo: RefObject<HTMLInputElement | null>;
  pageSupervisor: RefObject<HTMLInputElement | null>;
  newTrade: RefObject<HTMLButtonElement | null>;
  notesBox: RefObject<HTMLDivElement | null>;
  /** The prompts' checkboxes, by prompt code. */
  prompts: RefObject<Map<string, HTMLInputElement>>;
}

export type Dispatch = (e: CounterEvent) => void;

/** After the browser has laid out and painted what was just rendered. */
const later = (fn: () => void) => requestAnimationFrame(() => requestAnimationFrame(fn));

/** One call per input (its key): the same input asks once; an answer for older input is dropped. */
function useAsker<T>(started: (key: string) => CounterEvent, answered: (key: string, r: ApiResult<T>) => CounterEvent, dispatch: Dispatch) {
  const current = useRef<{ key: string; promise: Promise<ApiResult<T>> } | undefined>(undefined);
  const ensure = useCallback(
    (key: string, run: () => Promise<ApiResult<T>>) => {
      if (current.current?.key === key) return;
      const promise = run();
      current.current = { key, promise };
      dispatch(started(key));
      void promise.then((r) => {
        if (current.current?.promise === promise) dispatch(answered(key, r));
      });
    },
    [dispatch, started, answered],
  );
  const reset = useCallback(() => {
    current.current = undefined;
  }, []);
  return useMemo(() => ({ ensure, reset }), [ensure, reset]);
}

const lookupStarted = (key: string): CounterEvent => ({ type: 'lookupStarted', key });
const lookupAnswered = (key: string, result: ApiResult<CustomerLookup>): CounterEvent => ({ type: 'lookupAnswered', key, result });
const payoutStarted = (key: string): CounterEvent => ({ type: 'payoutStarted', key });
const payoutAnswered = (key: string, result: ApiResult<Payout>): CounterEvent => ({ type: 'payoutAnswered', key, result });
const quoteStarted = (key: string): CounterEvent => ({ type: 'quoteStarted', key });

function useFocus(cursor: CounterState['cursor'], refs: CounterRefs): void {
  useLayoutEffect(() => {
    if (!cursor) return;
    const t: FocusTarget = cursor.target;
    const el: Focusable | null | undefined =
      t.field === 'prompt'
        ? refs.prompts.current.get(t.code)
        : t.field === 'notes'
          ? refs.notesBox.current?.querySelector<HTMLInputElement>(`[data-testid="note-grid-${t.side}"] input[data-count]`)
          : refs[t.field].current;
    if (!el) return;
    if (t.field === 'amount' && t.keep) {
      // The cursor stays where it is in the text (a trailing point to take out with Backspace).
      if (document.activeElement !== el) el.focus();
      return;
    }
    el.focus();
    if (t.field === 'name' && t.select && el instanceof HTMLInputElement) el.setSelectionRange(t.select.start, t.select.end);
    else if (el instanceof HTMLInputElement && el.type === 'text') el.select();
  }, [cursor, refs]);
}

export function useCounter(visible: boolean) {
  const { info, setLastTrade, bumpStatus, refreshInfo } = useApp();
  const [state, dispatch] = useReducer(counterReducer, undefined, () => initialState());
  // The state as last rendered, for effects that run on a key and timers that run later.
  const latest = useRef(state);
  useLayoutEffect(() => {
    latest.current = state;
  });
  const visibleRef = useRef(visible);
  useLayoutEffect(() => {
    visibleRef.current = visible;
  }, [visible]);

  const refs: CounterRefs = {
    idType: useRef<HTMLSelectElement>(null),
    idNumber: useRef<HTMLInputElement>(null),
    country: useRef<HTMLInputElement>(null),
    supplementary: useRef<HTMLInputElement>(null),
    idExpiry: useRef<HTMLInputElement>(null),
    fundAttribute: useRef<HTMLSelectElement>(null),
    name: useRef<HTMLInputElement>(null),
    currency: useRef<HTMLInputElement>(null),
    amount: useRef<HTMLInputElement>(null),
    originalReceipt: useRef<HTMLInputElement>(null),
    supervisor: useRef<HTMLInputElement>(null),
    supervisorPassword: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLButtonElement>(null),
    pageRefNo: useRef<HTMLInputElement>(null),
    pageSupervisor: useRef<HTMLInputElement>(null),
    newTrade: useRef<HTMLButtonElement>(null),
    notesBox: useRef<HTMLDivElement>(null),
    prompts: useRef(new Map<string, HTMLInputElement>()),
  };
  const stableRefs = useRef(refs).current;
  useFocus(state.cursor, stableRefs);

  // ---- the currencies traded here ----
  const currencyCodes = useMemo(() => (info?.currencies ?? []).map((c) => c.code), [info]);
  useEffect(() => dispatch({ type: 'currencies', codes: currencyCodes }), [currencyCodes]);

  // ---- issue 20 item 1: the closed day, as session.info says it (asked again when the counter is shown) ----
  const closedDate = info?.dayClosed ? info.businessDate : undefined;
  useEffect(() => dispatch({ type: 'dayClosed', date: closedDate }), [closedDate]);
  useEffect(() => {
    if (visible) refreshInfo();
  }, [visible, refreshInfo]);

  // ---- the customer, looked up as the ID is typed ----
  const lookup = useAsker<CustomerLookup>(lookupStarted, lookupAnswered, dispatch);
  const custKey = customerKey(state);
  const askLookup = useCallback(() => {
    const s = latest.current;
    const key = customerKey(s);
    if (key) lookup.ensure(key, () => call('customers.lookup', customerInput(s.customer)));
  }, [lookup]);
  useEffect(() => {
    if (!custKey) {
      lookup.reset();
      dispatch({ type: 'lookupReset' });
      return;
    }
    const timer = setTimeout(askLookup, 150);
    return () => clearTimeout(timer);
  }, [custKey, lookup, askLookup]);

  // ---- the quote, asked for as the trade is typed ----
  const quoteAnswered = useCallback(
    (key: string, result: ApiResult<QuoteView>): CounterEvent => {
      // Where the cursor is as the answer comes: a refusal takes it back to the amount from the quote.
      const active = document.activeElement;
      const cursorInQuote = visibleRef.current && (!active || active === document.body || !!active.closest('.region.quote'));
      return { type: 'quoteAnswered', key, result, cursorInQuote };
    },
    [],
  );
  const quote = useAsker<QuoteView>(quoteStarted, quoteAnswered, dispatch);
  const qKey = quoteKey(state);
  const askQuote = useCallback(() => {
    const s = latest.current;
    const request = quoteRequest(s);
    if (request) quote.ensure(quoteKey(s), () => call('trades.quote', request));
  }, [quote]);
  useEffect(() => {
    if (!qKey || state.phase !== 'entry') return;
    const timer = setTimeout(askQuote, 250);
    return () => clearTimeout(timer);
  }, [qKey, state.phase, askQuote]);

  // An Enter waits for an answer: it is asked for now, not after the pause for typing.
  useEffect(() => {
    const a = state.awaiting;
    if (!a) return;
    if (a.for === 'customer') return askLookup();
    if (a.fresh) quote.reset();
    askQuote();
  }, [state.awaiting, askLookup, askQuote, quote]);

  // Issue 20 item 1: a real-time quote the monitoring system did not answer: is it offline (the
  // sync loop's last word, as the status bar shows it)? Then the confirm button says page mode.
  const cq = currentQuote(state);
  const offlineQuote = unansweredRealtime(cq) ? cq.quoteToken : '';
  useEffect(() => {
    if (!offlineQuote) return;
    let alive = true;
    void call('queue.status', {}).then((r) => {
      if (!alive || !r.ok) return;
      const m = r.value.monitoring;
      dispatch({ type: 'monitoring', online: m.configured ? m.online : false });
    });
    return () => {
      alive = false;
    };
  }, [offlineQuote]);

  // ---- the notes to pay: proposed from the till for what the customer receives, per quote ----
  const payout = useAsker<Payout>(payoutStarted, payoutAnswered, dispatch);
  const pay = payoutAsk(state);
  const payKey = pay?.key ?? '';
  useEffect(() => {
    const ask = payoutAsk(latest.current);
    if (!ask || latest.current.phase !== 'entry') return;
    payout.ensure(ask.key, () => call('cash.proposePayout', { currency: ask.currency, amount: ask.amount, location: 'till' }));
  }, [payKey, state.phase, payout]);

  // ---- the commit the machine decided on ----
  const ran = useRef(0);
  useEffect(() => {
    const job: CommitJob | undefined = state.job;
    if (!job || ran.current >= job.seq) return;
    ran.current = job.seq;
    void (async () => {
      let approval: string | undefined;
      if (job.approveWith) {
        const a = await approve('trades.commit', { quoteToken: job.quote.quoteToken }, job.approveWith);
        if (!a.ok) return dispatch({ type: 'approvalRefused', seq: job.seq, error: a.error });
        approval = a.value;
      }
      const r = await call('trades.commit', {
        ...job.request,
        quoteToken: job.quote.quoteToken,
        acknowledgedPrompts: job.acknowledgedPrompts,
        ...(approval ? { approval } : {}),
        ...(job.pageModeRefNo !== undefined ? { pageModeRefNo: job.pageModeRefNo } : {}),
        ...notesForCommit(job.notes),
      });
      bumpStatus();
      if (r.ok) setLastTrade({ tradeId: r.value.id, receiptNo: r.value.receiptNo });
      dispatch({ type: 'commitAnswered', seq: job.seq, result: r });
      // Issue 20 item 5: the customer's day now counts this trade ("今日已兑换 N 笔"): asked again.
      if (r.ok) {
        const s = latest.current;
        const key = customerKey(s);
        if (key) void call('customers.lookup', customerInput(s.customer)).then((result) => dispatch({ type: 'customerRefreshed', key, result }));
      }
    })();
  }, [state.job, bumpStatus, setLastTrade]);

  // A refusal of the commit is scrolled into sight, above the confirm row that stays at the bottom.
  useEffect(() => {
    if (!state.commitError) return;
    later(() => document.querySelector('[data-testid="commit-error"]')?.scrollIntoView({ block: 'nearest' }));
  }, [state.commitError]);

  // ---- printing, after the commit ----
  const doneTrade = state.outcome?.kind === 'trade' ? state.outcome.trade : undefined;
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
      if (job) dispatch({ type: 'printJob', job });
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
  }, [doneTrade, bumpStatus]);

  // ---- the keys ----
  const newTrade = useCallback(() => {
    lookup.reset();
    quote.reset();
    payout.reset();
    // Rendered (and the cursor put on the ID) at once, so the ID field takes the very next key:
    // a scanner does not wait.
    flushSync(() => dispatch({ type: 'newTrade' }));
  }, [lookup, quote, payout]);

  useFKey((key) => {
    if (key === 'F1') return newTrade();
    if (!visible) return;
    if (key === 'F2') dispatch({ type: 'switchDirection' });
    else if (key === 'F3') dispatch({ type: 'toCurrency' });
  });

  /** Esc: one step back from the region the cursor is in. */
  const onKeyDown = useCallback((e: KeyboardEvent<HTMLDivElement>) => {
    // Alt+T: cash or traveller's cheques for what the customer hands over (第三十条), from any field.
    if (e.altKey && (e.key === 't' || e.key === 'T' || e.code === 'KeyT')) {
      e.preventDefault();
      dispatch({ type: 'switchPayment' });
      return;
    }
    if (e.key !== 'Escape') return;
    const step = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-step]')?.dataset.step as Step | undefined;
    if (!step) return;
    e.preventDefault();
    dispatch({ type: 'back', from: step });
  }, []);

  // Coming back to the counter: the cursor is where the work is.
  useEffect(() => {
    if (!visible) return;
    later(() => {
      const active = document.activeElement;
      if (active && active !== document.body && active.closest('.counter')) return;
      dispatch({ type: 'shown' });
    });
  }, [visible]);

  // ---- the small rate board beside the currency ----
  const board = usePoll(() => call('rates.board', {}), 15_000);
  const boardRates: RateView[] = board.value?.ok ? board.value.value : [];

  return { state, dispatch, refs: stableRefs, newTrade, onKeyDown, boardRates };
}
