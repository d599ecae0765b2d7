// The day close (日终, counter-ux.md; 第三十二条(五)): a guided sequence. 1 count the till by note,
// 2 the safe, 3 expected against counted (a difference needs a reason and a supervisor), 4 the
// three-way reconciliation and the back-fills still pending, 5 close, then print the summary and
// the back-fill list. Every step says what is left to do. The count is blind: the books' figures
// appear only at step 3, after both places are counted; until then nothing on screen tells what
// the books hold where (issue 20 item 6): both places list the same currencies, each counted,
// 0 included, and a step is done only once it was counted. While closing and printing, a sentence
// says what is happening; after the print, focus goes to the way back to the counter.
//
// This file holds the sequence (its state, what is left per step, the close and the print); each
// step's panel is in dayClose/: CountStep (1, 2), CompareStep (3), ReconcileStep (4), CloseStep (5),
// ClosedPanel (a closed day); flow.ts names the steps, compare.ts sets the count beside the books.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApprovalAction } from '../../shared/api';
import type { Input } from '../../shared/api';
import { call, type ApiError } from '../api';
import type { DayClosePreparation, DayCloseView } from '../apiTypes';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from '../approval';
import { byCurrency, CASH_PLACES, notesOf, touched, type CashPlace, type CountSheet } from '../backoffice';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { ErrorView } from '../components/ErrorView';
import { DateField } from '../components/DateField';
import { Bi, both, useI18n } from '../i18n/i18n';
import type { ApiErrorCode } from '../apiError';
import { useApp } from '../session';
import { RMB } from '../../shared/money/currencies';
import { ClosedPanel } from './dayClose/ClosedPanel';
import { OutletPanel } from './dayClose/OutletPanel';
import { CloseStep } from './dayClose/CloseStep';
import { CompareStep } from './dayClose/CompareStep';
import { compareCounts, isOff } from './dayClose/compare';
import { CountStep } from './dayClose/CountStep';
import { ChequeCount, chequesOff, type ChequeSheet } from './dayClose/ChequeCount';
import { APPROVAL_BY_PASSWORD, CLOSE_ACTION, STEPS, type Step } from './dayClose/flow';
import { ReconcileStep } from './dayClose/ReconcileStep';

/** An approval the close carried and the Terminal refused: back to the step where the supervisor signs. */
const APPROVAL_REFUSALS: readonly ApiErrorCode[] = [
  'APPROVAL_INVALID', 'APPROVAL_EXPIRED', 'APPROVAL_MISMATCH', 'APPROVAL_USED', 'APPROVAL_THROTTLED', 'APPROVER_IS_REQUESTER', 'APPROVER_NOT_SUPERVISOR',
];

export { compareCounts } from './dayClose/compare';

export function DayClose({ date: requested }: { date?: string }) {
  const { t } = useI18n();
  const { person, info, notify, bumpStatus } = useApp();
  const [date, setDate] = useState(requested ?? '');
  const [prep, setPrep] = useState<DayClosePreparation>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [step, setStep] = useState<Step>(1);
  const [counts, setCounts] = useState<Record<CashPlace, CountSheet>>({ till: {}, safe: {} });
  const [extra, setExtra] = useState<Record<CashPlace, string[]>>({ till: [], safe: [] });
  // 第三十条: the traveller's cheques counted per currency (face value), apart from the notes.
  const [cheques, setCheques] = useState<ChequeSheet>({});
  /** The books' figures, asked for again when the count is done (step 3). */
  const [figures, setFigures] = useState<DayClosePreparation>();
  const [reason, setReason] = useState('');
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [resolutions, setResolutions] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [closed, setClosed] = useState<DayCloseView>();
  const [printed, setPrinted] = useState<{ printed: boolean; lines: number }>();
  /** The count steps the person has opened: a step is done only once counted, never before. */
  const [visited, setVisited] = useState<ReadonlySet<Step>>(new Set([1]));
  /** What is happening now, said as a sentence while the close or the print runs. */
  const [phase, setPhase] = useState<'approving' | 'closing' | 'printing'>();
  const nextRef = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!date && info) setDate(info.businessDate);
  }, [date, info]);

  const load = useCallback(async (d: string) => {
    setPrep(undefined);
    setLoadError(undefined);
    setClosed(undefined);
    const r = await call('dayClose.prepare', { date: d });
    if (!r.ok) return setLoadError(r.error);
    setPrep(r.value);
    if (r.value.closed) {
      const c = await call('dayClose.get', { date: d });
      if (c.ok) setClosed(c.value);
      else setLoadError(c.error);
    }
  }, []);

  // A new date starts the sequence again.
  useEffect(() => {
    if (!date) return;
    setStep(1);
    setCounts({ till: {}, safe: {} });
    setExtra({ till: [], safe: [] });
    setCheques({});
    setFigures(undefined);
    setReason('');
    setSupervisor(NO_SUPERVISOR);
    setResolutions({});
    setError(undefined);
    setPrinted(undefined);
    setVisited(new Set([1]));
    setPhase(undefined);
    void load(date);
  }, [date, load]);

  // The same list in the till and the safe, RMB always: which place the books hold a currency in
  // is not shown before the count (blind), so the person counts, or says 0, in each place.
  const currencies = (place: CashPlace): string[] =>
    [...new Set([RMB, ...(prep?.expected ?? []).map((e) => e.currency), ...extra.till, ...extra.safe, ...extra[place]])].sort(byCurrency);
  const uncounted = (place: CashPlace) => currencies(place).filter((c) => !touched(counts[place][c]));
  const chequeCurrencies = (prep?.travellersCheques ?? []).map((c) => c.currency);
  const uncountedCheques = chequeCurrencies.filter((c) => !(cheques[c] ?? '').trim());
  const countDone = uncounted('till').length === 0 && uncounted('safe').length === 0 && uncountedCheques.length === 0;

  const facts = figures ?? prep;
  const differences = figures ? compareCounts(figures.expected, counts) : [];
  const off = differences.filter(isOff);
  const chequeDiffs = figures ? chequesOff(figures.travellersCheques, cheques) : [];
  const needsApproval = off.length > 0 || chequeDiffs.length > 0;
  const approvalMissing = needsApproval && (!reason.trim() || (APPROVAL_BY_PASSWORD ? !filled(supervisor) : !supervisor.id.trim()));
  const items = facts?.reconciliation.items ?? [];
  const openItems = items.filter((i) => !resolutions[i.key]?.trim());

  /** What is left to do, per step: nothing when the list is empty (and nothing but the print once closed). */
  const left: Record<Step, string[]> = closed ? { 1: [], 2: [], 3: [], 4: [], 5: printed ? [] : [t('dayClose.left.print')] } : {
    1: uncounted('till').length ? [t('dayClose.left.count', { list: uncounted('till').join(', ') })] : [],
    2: [...uncounted('safe'), ...uncountedCheques.map((c) => `${t('trade.paymentCheques')} ${c}`)].length
      ? [t('dayClose.left.count', { list: [...uncounted('safe'), ...uncountedCheques.map((c) => `${t('trade.paymentCheques')} ${c}`)].join(', ') })]
      : [],
    3: !figures
      ? [t('dayClose.left.compare')]
      : [...(needsApproval && !reason.trim() ? [t('dayClose.left.reason')] : []), ...(approvalMissing && reason.trim() ? [t('dayClose.left.supervisor')] : [])],
    4: [
      ...(openItems.length ? [t('dayClose.left.resolutions', { n: openItems.length })] : []),
      ...(facts && !facts.audit.ok ? [t('dayClose.left.audit')] : []),
    ],
    5: [t('dayClose.left.close')],
  };
  const reachable = (s: Step) => s <= 2 || countDone;
  const readyToClose = countDone && !!figures && left[3].length === 0 && left[4].length === 0;

  const go = (s: Step) => {
    if (!reachable(s)) return;
    setError(undefined);
    setStep(s);
    setVisited((v) => (v.has(s) ? v : new Set([...v, s])));
    // The books' figures, fresh, once both places are counted.
    if (s >= 3 && date) {
      void call('dayClose.prepare', { date }).then((r) => {
        if (r.ok) setFigures(r.value);
        else setError(r.error);
      });
    }
  };

  // Focus follows the step: the first count, the reason, the first resolution, the close.
  useEffect(() => {
    requestAnimationFrame(() => {
      const first = panel.current?.querySelector<HTMLElement>('input:not([disabled]), textarea, button.confirm:not([disabled])');
      first?.focus();
    });
  }, [step, prep, figures === undefined, closed === undefined]); // eslint-disable-line react-hooks/exhaustive-deps -- on purpose: focus moves when the step or what it shows appears, not on every keystroke of the counts

  const countsInput = (): Input<'dayClose.close'>['counts'] =>
    CASH_PLACES.flatMap((place) => currencies(place).map((currency) => ({ location: place, currency, notes: notesOf(counts[place][currency]) })));

  const close = async () => {
    if (!person || !prep || busy) return;
    setBusy(true);
    setError(undefined);
    setPhase(needsApproval && isApprovalAction(CLOSE_ACTION) ? 'approving' : 'closing');
    const input: Input<'dayClose.close'> & { approval?: string } = {
      date,
      counts: countsInput(),
      travellersCheques: chequeCurrencies.map((currency) => ({ currency, amount: (cheques[currency] ?? '').trim() })),
      resolutions: items.map((i) => ({ key: i.key, resolution: (resolutions[i.key] ?? '').trim() })).filter((r) => r.resolution),
      actor: person.id,
      ...(needsApproval ? { varianceReason: reason.trim(), supervisorId: supervisor.id.trim() } : {}),
    };
    if (needsApproval && isApprovalAction(CLOSE_ACTION)) {
      const a = await approve(CLOSE_ACTION, input, supervisor);
      if (!a.ok) {
        setSupervisor((s) => ({ ...s, password: '' }));
        setBusy(false);
        setPhase(undefined);
        return setError(a.error);
      }
      input.approval = a.value;
      setPhase('closing');
    }
    const r = await call('dayClose.close', input);
    // The password is cleared only now: cleared before, step 3 turned to "supervisor approval
    // needed" (✗) while the close was still running (issue 20 item 6).
    setSupervisor((s) => ({ ...s, password: '' }));
    setBusy(false);
    setPhase(undefined);
    bumpStatus();
    if (!r.ok) {
      setError(r.error);
      // Back to the step the refusal is about.
      if (r.error.code === 'DAY_CLOSE_COUNT_MISSING') setStep(1);
      else if (r.error.code === 'DAY_CLOSE_VARIANCE_UNEXPLAINED' || APPROVAL_REFUSALS.includes(r.error.code)) go(3);
      else if (r.error.code === 'DAY_CLOSE_RECONCILIATION_OPEN') setStep(4);
      return;
    }
    setClosed(r.value);
    setSupervisor(NO_SUPERVISOR);
    notify({ kind: 'ok', message: both('dayClose.doneNotice', { date }) });
  };

  const print = async () => {
    if (!person || !closed) return;
    setBusy(true);
    setPhase('printing');
    const r = await call('dayClose.print', { date: closed.date, actor: person.id });
    setBusy(false);
    setPhase(undefined);
    bumpStatus();
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setPrinted(r.value);
  };

  const head = (
    <header className="screen-head">
      <h1>
        <Bi k="dayClose.title" /> <span className="mono">{date}</span>
      </h1>
      <label className="field inline-field">
        <span>{t('dayClose.date')}</span>
        <DateField value={date} max={info?.businessDate} testId="dayclose-date" onChange={setDate} />
      </label>
    </header>
  );

  if (loadError || !prep) {
    return (
      <div className="screen day-close" data-testid="dayclose-screen">
        <BackOfficeNav current="dayclose" />
        {head}
        {loadError ? <ErrorView error={loadError} testId="dayclose-load-error" /> : <p className="muted">{t('dayClose.loading')}</p>}
      </div>
    );
  }

  // A day already closed: what was recorded, and the print.
  if (prep.closed && closed && !figures) {
    return (
      <div className="screen day-close" data-testid="dayclose-screen" data-closed="true">
        <BackOfficeNav current="dayclose" />
        {head}
        <div ref={panel}>
          {phase && <Progress phase={phase} date={date} />}
          <ClosedPanel closed={closed} printed={printed} busy={busy} onPrint={() => void print()} />
          {error && <ErrorView error={error} testId="dayclose-error" />}
          <OutletPanel date={closed.date} />
        </div>
      </div>
    );
  }

  return (
    <div className="screen day-close" data-testid="dayclose-screen" data-step={step} data-closed={String(!!closed)}>
      <BackOfficeNav current="dayclose" />
      {head}
      {prep.earlierOpen && !closed && (
        <div className="warn-banner" role="alert" data-testid="dayclose-earlier-open">
          <Bi k="dayClose.earlierOpen" vars={{ earlier: prep.earlierOpen, date }} />{' '}
          <button type="button" data-testid="dayclose-go-earlier" onClick={() => setDate(prep.earlierOpen!)}>
            {t('dayClose.goEarlier', { earlier: prep.earlierOpen })}
          </button>
        </div>
      )}

      <ol className="steps" data-testid="dayclose-steps">
        {STEPS.map(({ step: s, title }) => {
          const todo = left[s];
          const done = todo.length === 0 && (!!closed || (s < 3 && visited.has(s)) || (s >= 3 && s < 5 && !!figures));
          return (
            <li key={s} className={`step ${step === s ? 'current' : ''} ${done ? 'done' : ''}`} data-testid={`step-${s}`} data-done={String(done)}>
              <button type="button" disabled={!reachable(s) || (!!closed && s < 5)} onClick={() => go(s)}>
                <span className="step-no">{done ? '✓' : s}</span>
                <span className="step-title">{t(title)}</span>
              </button>
              <div className="step-left" data-testid={`step-left-${s}`}>
                {done ? t('dayClose.left.none') : todo.join(' · ')}
              </div>
            </li>
          );
        })}
      </ol>

      {phase && <Progress phase={phase} date={date} />}
      {error && <ErrorView error={error} testId="dayclose-error" />}

      <div className="step-panel" ref={panel}>
        {(step === 1 || step === 2) && (
          <CountStep
            step={step}
            currencies={currencies(step === 1 ? 'till' : 'safe')}
            sheet={counts[step === 1 ? 'till' : 'safe']}
            countDone={countDone}
            nextRef={nextRef}
            onChange={(sheet) => setCounts((c) => ({ ...c, [step === 1 ? 'till' : 'safe']: sheet }))}
            onAddCurrency={(c) => setExtra((x) => ({ ...x, [step === 1 ? 'till' : 'safe']: [...x[step === 1 ? 'till' : 'safe'], c] }))}
            go={go}
          />
        )}
        {step === 2 && <ChequeCount currencies={chequeCurrencies} sheet={cheques} onChange={setCheques} />}
        {step === 3 && figures && <ChequeCount currencies={chequeCurrencies} sheet={cheques} onChange={setCheques} held={figures.travellersCheques} />}

        {step === 3 && (
          <CompareStep
            loaded={!!figures}
            differences={differences}
            off={off}
            reason={reason}
            onReason={setReason}
            supervisor={supervisor}
            onSupervisor={setSupervisor}
            left={left[3]}
            nextRef={nextRef}
            panel={panel}
            go={go}
          />
        )}

        {step === 4 && facts && (
          <ReconcileStep
            facts={facts}
            resolutions={resolutions}
            onResolve={(key, resolution) => setResolutions((r) => ({ ...r, [key]: resolution }))}
            left={left[4]}
            nextRef={nextRef}
            panel={panel}
            go={go}
          />
        )}

        {step === 5 && (
          <CloseStep
            date={date}
            closed={closed}
            printed={printed}
            busy={busy}
            onPrint={() => void print()}
            left={left}
            off={off}
            reason={reason}
            supervisorId={supervisor.id}
            readyToClose={readyToClose}
            onClose={() => void close()}
            nextRef={nextRef}
            go={go}
          />
        )}
        {step === 5 && closed && <OutletPanel date={closed.date} />}
      </div>
    </div>
  );
}

/** What the close is doing now, as a sentence (issue 20 item 6), read out by a screen reader too. */
function Progress({ phase, date }: { phase: 'approving' | 'closing' | 'printing'; date: string }) {
  return (
    <p className="progress-line" role="status" data-testid="dayclose-progress" data-phase={phase}>
      <Bi k={`dayClose.progress.${phase}`} vars={{ date }} />
    </p>
  );
}
