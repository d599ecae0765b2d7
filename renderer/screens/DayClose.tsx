// The day close (日终, counter-ux.md; 第三十二条(五)): a guided sequence. 1 count the till by note,
// 2 the safe, 3 expected against counted (a difference needs a reason and a supervisor), 4 the
// three-way reconciliation and the back-fills still pending, 5 close, then print the summary and
// the back-fill list. Every step says what is left to do. The count is blind: the books' figures
// appear only at step 3, after both places are counted.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApprovalAction } from '../../shared/access';
import type { Input } from '../../shared/contract';
import { dec } from '../../shared/money/money';
import { call, type ApiError } from '../api';
import type { CountDifference, DayClosePreparation, DayCloseView } from '../apiTypes';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from '../approval';
import { byCurrency, CASH_PLACES, notesOf, sameDenomination, totalOf, touched, type CashPlace, type CountSheet } from '../backoffice';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { DifferenceTable } from '../components/DifferenceTable';
import { EnterField } from '../components/EnterField';
import { ErrorView } from '../components/ErrorView';
import { NoteGrid } from '../components/NoteGrid';
import { SupervisorFields } from '../components/SupervisorFields';
import { dateTime } from '../format';
import { Bi, both, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useApp } from '../session';

type Step = 1 | 2 | 3 | 4 | 5;
const STEPS: readonly { step: Step; title: MessageKey }[] = [
  { step: 1, title: 'dayClose.step.till' },
  { step: 2, title: 'dayClose.step.safe' },
  { step: 3, title: 'dayClose.step.compare' },
  { step: 4, title: 'dayClose.step.reconcile' },
  { step: 5, title: 'dayClose.step.close' },
];

/**
 * Whether the Terminal takes a supervisor's approval (ID and password, auth.approve) for the close;
 * until it does, the close records the supervisor's ID.
 */
const CLOSE_ACTION: string = 'dayClose.close';
const APPROVAL_BY_PASSWORD = isApprovalAction(CLOSE_ACTION);

const BACKFILL_STATES: Record<string, MessageKey> = {
  pending: 'queue.state.pending',
  needs_attention: 'queue.state.needsAttention',
  delivered: 'queue.state.delivered',
  not_needed: 'queue.state.notNeeded',
};

/** Expected (the books) against what was counted, per place and currency: value and note mix. */
export function compareCounts(expected: DayClosePreparation['expected'], counts: Record<CashPlace, CountSheet>): CountDifference[] {
  const rows: CountDifference[] = [];
  for (const place of CASH_PLACES) {
    const currencies = new Set([...expected.filter((e) => e.location === place).map((e) => e.currency), ...Object.keys(counts[place]).filter((c) => touched(counts[place][c]))]);
    for (const currency of [...currencies].sort(byCurrency)) {
      const e = expected.find((x) => x.location === place && x.currency === currency);
      const counted = notesOf(counts[place][currency]);
      const denoms: string[] = [];
      for (const d of [...(e?.notes ?? []).map((n) => n.denomination), ...counted.map((n) => n.denomination)]) {
        if (!denoms.some((x) => sameDenomination(x, d))) denoms.push(d);
      }
      denoms.sort((a, b) => dec(b).comparedTo(dec(a)));
      const notes = denoms.map((d) => ({
        denomination: d,
        expected: e?.notes.find((n) => sameDenomination(n.denomination, d))?.count ?? 0,
        counted: counted.find((n) => sameDenomination(n.denomination, d))?.count ?? 0,
      }));
      const exp = dec(e?.total ?? '0');
      const cnt = totalOf(counts[place][currency]);
      rows.push({
        location: place, currency, expected: exp.toFixed(), counted: cnt.toFixed(), difference: cnt.minus(exp).toFixed(),
        mixDiffers: notes.some((n) => n.expected !== n.counted), notes,
      });
    }
  }
  return rows;
}

const isOff = (d: CountDifference) => !dec(d.difference).isZero() || d.mixDiffers;

export function DayClose({ date: requested }: { date?: string }) {
  const { t } = useI18n();
  const { person, info, notify, bumpStatus } = useApp();
  const [date, setDate] = useState(requested ?? '');
  const [prep, setPrep] = useState<DayClosePreparation>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [step, setStep] = useState<Step>(1);
  const [counts, setCounts] = useState<Record<CashPlace, CountSheet>>({ till: {}, safe: {} });
  const [extra, setExtra] = useState<Record<CashPlace, string[]>>({ till: [], safe: [] });
  /** The books' figures, asked for again when the count is done (step 3). */
  const [figures, setFigures] = useState<DayClosePreparation>();
  const [reason, setReason] = useState('');
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [resolutions, setResolutions] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [closed, setClosed] = useState<DayCloseView>();
  const [printed, setPrinted] = useState<{ printed: boolean; lines: number }>();
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
    setFigures(undefined);
    setReason('');
    setSupervisor(NO_SUPERVISOR);
    setResolutions({});
    setError(undefined);
    setPrinted(undefined);
    void load(date);
  }, [date, load]);

  const currencies = (place: CashPlace): string[] =>
    [...new Set([...(prep?.expected ?? []).filter((e) => e.location === place).map((e) => e.currency), ...extra[place]])].sort(byCurrency);
  const uncounted = (place: CashPlace) => currencies(place).filter((c) => !touched(counts[place][c]));
  const countDone = uncounted('till').length === 0 && uncounted('safe').length === 0;

  const facts = figures ?? prep;
  const differences = figures ? compareCounts(figures.expected, counts) : [];
  const off = differences.filter(isOff);
  const needsApproval = off.length > 0;
  const approvalMissing = needsApproval && (!reason.trim() || (APPROVAL_BY_PASSWORD ? !filled(supervisor) : !supervisor.id.trim()));
  const items = facts?.reconciliation.items ?? [];
  const openItems = items.filter((i) => !resolutions[i.key]?.trim());
  const overdue = facts?.backfills.filter((b) => b.overdue) ?? [];

  /** What is left to do, per step: nothing when the list is empty (and nothing but the print once closed). */
  const left: Record<Step, string[]> = closed ? { 1: [], 2: [], 3: [], 4: [], 5: printed ? [] : [t('dayClose.left.print')] } : {
    1: uncounted('till').length ? [t('dayClose.left.count', { list: uncounted('till').join(', ') })] : [],
    2: uncounted('safe').length ? [t('dayClose.left.count', { list: uncounted('safe').join(', ') })] : [],
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
  }, [step, prep, figures === undefined, closed === undefined]); // eslint-disable-line react-hooks/exhaustive-deps

  const countsInput = (): Input<'dayClose.close'>['counts'] =>
    CASH_PLACES.flatMap((place) => currencies(place).map((currency) => ({ location: place, currency, notes: notesOf(counts[place][currency]) })));

  const close = async () => {
    if (!person || !prep || busy) return;
    setBusy(true);
    setError(undefined);
    const input: Input<'dayClose.close'> & { approval?: string } = {
      date,
      counts: countsInput(),
      resolutions: items.map((i) => ({ key: i.key, resolution: (resolutions[i.key] ?? '').trim() })).filter((r) => r.resolution),
      actor: person.id,
      ...(needsApproval ? { varianceReason: reason.trim(), supervisorId: supervisor.id.trim() } : {}),
    };
    if (needsApproval && isApprovalAction(CLOSE_ACTION)) {
      const a = await approve(CLOSE_ACTION, input, supervisor);
      setSupervisor((s) => ({ ...s, password: '' }));
      if (!a.ok) {
        setBusy(false);
        return setError(a.error);
      }
      input.approval = a.value;
    }
    const r = await call('dayClose.close', input);
    setBusy(false);
    bumpStatus();
    if (!r.ok) {
      setError(r.error);
      // Back to the step the refusal is about.
      if (r.error.code === 'DAY_CLOSE_COUNT_MISSING') setStep(1);
      else if (r.error.code === 'DAY_CLOSE_VARIANCE_UNEXPLAINED' || r.error.code.startsWith('APPROV')) go(3);
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
    const r = await call('dayClose.print', { date: closed.date, actor: person.id });
    setBusy(false);
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
        <input type="date" value={date} max={info?.businessDate} data-testid="dayclose-date" onChange={(e) => e.target.value && setDate(e.target.value)} />
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
          <ClosedPanel closed={closed} printed={printed} busy={busy} onPrint={() => void print()} />
          {error && <ErrorView error={error} testId="dayclose-error" />}
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
          const done = todo.length === 0 && (!!closed || s < 3 || (s < 5 && !!figures));
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

      {error && <ErrorView error={error} testId="dayclose-error" />}

      <div className="step-panel" ref={panel}>
        {(step === 1 || step === 2) && (
          <section data-testid={`dayclose-count-${step === 1 ? 'till' : 'safe'}`}>
            <h2>{t(step === 1 ? 'dayClose.countTill' : 'dayClose.countSafe')}</h2>
            <p className="muted small">{t('dayClose.blindNote')}</p>
            <NoteGrid
              place={step === 1 ? 'till' : 'safe'}
              currencies={currencies(step === 1 ? 'till' : 'safe')}
              sheet={counts[step === 1 ? 'till' : 'safe']}
              onChange={(sheet) => setCounts((c) => ({ ...c, [step === 1 ? 'till' : 'safe']: sheet }))}
              onLast={() => nextRef.current?.focus()}
              onAddCurrency={(c) => setExtra((x) => ({ ...x, [step === 1 ? 'till' : 'safe']: [...x[step === 1 ? 'till' : 'safe'], c] }))}
            />
            <div className="step-actions">
              {step === 2 && (
                <button type="button" onClick={() => go(1)}>
                  {t('dayClose.back')}
                </button>
              )}
              <button
                type="button"
                className="confirm next"
                ref={nextRef}
                data-testid="dayclose-next"
                disabled={step === 2 && !countDone}
                onClick={() => go(step === 1 ? 2 : 3)}
              >
                <Bi k={step === 1 ? 'dayClose.nextSafe' : 'dayClose.nextCompare'} />
              </button>
            </div>
          </section>
        )}

        {step === 3 && (
          <section data-testid="dayclose-compare">
            <h2>{t('dayClose.compareTitle')}</h2>
            {!figures ? (
              <p className="muted">{t('dayClose.loading')}</p>
            ) : (
              <>
                <DifferenceTable rows={differences} testId="dayclose-differences" />
                {off.length === 0 ? (
                  <p className="ok-banner" data-testid="dayclose-matches">
                    <Bi k="dayClose.allMatch" />
                  </p>
                ) : (
                  <div className="approval-box" data-testid="dayclose-approval">
                    <p className="bad">
                      <Bi k="dayClose.differencesFound" vars={{ n: off.length }} />
                    </p>
                    <label className="field">
                      <span>{t('dayClose.reason')}</span>
                      <textarea
                        rows={2}
                        maxLength={500}
                        value={reason}
                        data-testid="dayclose-reason"
                        onChange={(e) => setReason(e.target.value)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' && !e.shiftKey) {
                            e.preventDefault();
                            panel.current?.querySelector<HTMLInputElement>('[data-testid="dayclose-supervisor"]')?.focus();
                          }
                        }}
                      />
                    </label>
                    {APPROVAL_BY_PASSWORD ? (
                      <SupervisorFields value={supervisor} onChange={setSupervisor} onEnter={() => nextRef.current?.focus()} testId="dayclose-supervisor" />
                    ) : (
                      <EnterField
                        label={t('quote.supervisorApproval')}
                        value={supervisor.id}
                        onChange={(id) => setSupervisor({ ...supervisor, id })}
                        onEnter={() => nextRef.current?.focus()}
                        testId="dayclose-supervisor"
                        maxLength={64}
                      />
                    )}
                    <p className="muted small">{t('dayClose.approvalNote')}</p>
                  </div>
                )}
                <div className="step-actions">
                  <button type="button" onClick={() => go(2)}>
                    {t('dayClose.recount')}
                  </button>
                  <button type="button" className="confirm next" ref={nextRef} data-testid="dayclose-next" disabled={left[3].length > 0} onClick={() => go(4)}>
                    <Bi k="dayClose.nextReconcile" />
                  </button>
                </div>
              </>
            )}
          </section>
        )}

        {step === 4 && facts && (
          <section data-testid="dayclose-reconcile">
            <h2>{t('dayClose.reconcileTitle')}</h2>
            <dl className="facts">
              <dt>{t('dayClose.trades')}</dt>
              <dd data-testid="dayclose-trades">{t('dayClose.tradesLine', { trades: facts.trades, voids: facts.voids })}</dd>
              <dt>{t('dayClose.receipts')}</dt>
              <dd>
                {facts.receipts.first === null ? '—' : `${facts.receipts.first}–${facts.receipts.last ?? ''}`}
                {facts.receipts.gaps.length > 0 && <span className="bad"> · {t('dayClose.receiptGaps', { gaps: facts.receipts.gaps.join(', ') })}</span>}
              </dd>
              <dt>{t('dayClose.audit')}</dt>
              <dd className={facts.audit.ok ? '' : 'bad'} data-testid="dayclose-audit" data-ok={String(facts.audit.ok)}>
                {facts.audit.ok ? t('dayClose.auditOk', { n: facts.audit.entries }) : t('dayClose.auditBroken', { entry: facts.audit.firstBroken ?? '?' })}
              </dd>
            </dl>
            {!facts.reconciliation.checked && (
              <div className="warn-banner" data-testid="dayclose-recon-unchecked">
                <Bi k="dayClose.reconUnchecked" /> {facts.reconciliation.error && <span className="small mono">({facts.reconciliation.error})</span>}
              </div>
            )}
            <h3>{t('dayClose.reconItems')}</h3>
            {items.length === 0 ? (
              <p className="muted" data-testid="dayclose-recon-none">{t('dayClose.reconNone')}</p>
            ) : (
              <ol className="recon-items" data-testid="dayclose-recon-items">
                {items.map((item, i) => (
                  <li key={item.key} className={resolutions[item.key]?.trim() ? '' : 'open'}>
                    <div className="recon-detail">{item.detail}</div>
                    <input
                      type="text"
                      maxLength={500}
                      placeholder={t('dayClose.resolution')}
                      aria-label={t('dayClose.resolution')}
                      value={resolutions[item.key] ?? ''}
                      data-testid={`recon-resolution-${i}`}
                      data-key={item.key}
                      onChange={(e) => setResolutions((r) => ({ ...r, [item.key]: e.target.value }))}
                      onKeyDown={(e) => {
                        if (e.key !== 'Enter') return;
                        e.preventDefault();
                        const next = panel.current?.querySelector<HTMLElement>(`[data-testid="recon-resolution-${i + 1}"]`) ?? nextRef.current;
                        next?.focus();
                      }}
                    />
                  </li>
                ))}
              </ol>
            )}
            <h3>{t('dayClose.backfills')}</h3>
            {facts.backfills.length === 0 ? (
              <p className="muted" data-testid="dayclose-backfills-none">{t('dayClose.backfillsNone')}</p>
            ) : (
              <table className="table compact" data-testid="dayclose-backfills">
                <thead>
                  <tr>
                    <th>{t('receipt.number')}</th>
                    <th>{t('queue.state')}</th>
                    <th>{t('queue.deadline')}</th>
                  </tr>
                </thead>
                <tbody>
                  {facts.backfills.map((b) => (
                    <tr key={b.receiptNo} className={b.overdue ? 'bad' : ''} data-testid={`dayclose-backfill-${b.receiptNo}`} data-overdue={String(b.overdue)}>
                      <td className="mono">{b.receiptNo}</td>
                      <td>{BACKFILL_STATES[b.state] ? t(BACKFILL_STATES[b.state]!) : b.state}</td>
                      <td className="mono">
                        {dateTime(b.deadlineAt ?? undefined)}
                        {b.overdue && <strong className="overdue-word"> {t('dayClose.overdue')}</strong>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {overdue.length > 0 && (
              <p className="bad small">
                <Bi k="dayClose.overdueNote" vars={{ n: overdue.length }} />
              </p>
            )}
            <div className="step-actions">
              <button type="button" onClick={() => go(3)}>
                {t('dayClose.back')}
              </button>
              <button type="button" className="confirm next" ref={nextRef} data-testid="dayclose-next" disabled={left[4].length > 0} onClick={() => go(5)}>
                <Bi k="dayClose.nextClose" />
              </button>
            </div>
          </section>
        )}

        {step === 5 && (
          <section data-testid="dayclose-final">
            {closed ? (
              <ClosedPanel closed={closed} printed={printed} busy={busy} onPrint={() => void print()} />
            ) : (
              <>
                <h2>{t('dayClose.closeTitle', { date })}</h2>
                <ul className="checklist">
                  {STEPS.filter((s) => s.step < 5).map(({ step: s, title }) => (
                    <li key={s} className={left[s].length ? 'bad' : ''}>
                      {left[s].length ? '✗' : '✓'} {t(title)}
                      {left[s].length > 0 && <span> — {left[s].join(' · ')}</span>}
                    </li>
                  ))}
                  {needsApproval && (
                    <li>
                      {t('dayClose.varianceSummary', { n: off.length, reason: reason.trim(), supervisor: supervisor.id.trim() })}
                    </li>
                  )}
                </ul>
                <p className="muted small">{t('dayClose.lockNote')}</p>
                <div className="step-actions">
                  <button type="button" onClick={() => go(4)}>
                    {t('dayClose.back')}
                  </button>
                  <button type="button" className="confirm" ref={nextRef} data-testid="dayclose-submit" disabled={!readyToClose || busy} onClick={() => void close()}>
                    <Bi k="dayClose.submit" vars={{ date }} />
                  </button>
                </div>
              </>
            )}
          </section>
        )}
      </div>
    </div>
  );
}

function ClosedPanel({ closed, printed, busy, onPrint }: { closed: DayCloseView; printed: { printed: boolean; lines: number } | undefined; busy: boolean; onPrint(): void }) {
  const { t } = useI18n();
  const off = closed.differences.filter(isOff);
  return (
    <div className="closed-panel" data-testid="dayclose-closed">
      <p className="ok-banner">
        <Bi k="dayClose.closedBanner" vars={{ date: closed.date }} />
      </p>
      <dl className="facts">
        <dt>{t('dayClose.closedAt')}</dt>
        <dd className="mono">{dateTime(closed.closedAt)}</dd>
        <dt>{t('dayClose.closedBy')}</dt>
        <dd>{closed.closedBy}</dd>
        {closed.varianceReason && (
          <>
            <dt>{t('dayClose.reason')}</dt>
            <dd data-testid="dayclose-closed-reason">
              {closed.varianceReason} ({t('supervisor')} {closed.supervisorId ?? ''})
            </dd>
          </>
        )}
        {closed.backup && (
          <>
            <dt>{t('dayClose.backup')}</dt>
            <dd className="mono small">{closed.backup}</dd>
          </>
        )}
      </dl>
      {off.length > 0 && <DifferenceTable rows={off} testId="dayclose-closed-differences" />}
      {closed.reconciliation.length > 0 && (
        <ul className="small">
          {closed.reconciliation.map((r) => (
            <li key={r.key}>
              {r.detail} → {r.resolution ?? ''}
            </li>
          ))}
        </ul>
      )}
      <div className="step-actions">
        <button type="button" className="confirm" data-testid="dayclose-print" disabled={busy} onClick={onPrint}>
          <Bi k="dayClose.print" />
        </button>
      </div>
      {printed && (
        <p className={printed.printed ? 'ok-banner' : 'warn-banner'} data-testid="dayclose-printed" data-printed={String(printed.printed)}>
          <Bi k={printed.printed ? 'dayClose.printed' : 'dayClose.noPrinter'} vars={{ lines: printed.lines }} />
        </p>
      )}
    </div>
  );
}
