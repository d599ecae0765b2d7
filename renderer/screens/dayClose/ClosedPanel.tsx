// A closed day (renderer/screens/DayClose.tsx): when and by whom it was closed, the difference and
// its reason with the supervisor, the backup made, the reconciliation as resolved, and the print of
// the summary and the back-fill list.
import { useEffect, useRef } from 'react';
import type { DayCloseView } from '../../apiTypes';
import { navigate } from '../../hooks';
import { DifferenceTable } from '../../components/DifferenceTable';
import { dateTime } from '../../format';
import { Bi, useI18n } from '../../i18n/i18n';
import { isOff } from './compare';

export function ClosedPanel({ closed, printed, busy, onPrint }: { closed: DayCloseView; printed: { printed: boolean; lines: number } | undefined; busy: boolean; onPrint(): void }) {
  const { t } = useI18n();
  const off = closed.differences.filter(isOff);
  // After the print the focus is not lost on the disabled print button: it goes to the way back
  // to the counter, Enter away (issue 20 item 6).
  const back = useRef<HTMLButtonElement>(null);
  const printButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (busy) return;
    if (printed) back.current?.focus();
    // A print that failed: back on the print key, to try again once the printer is seen to.
    else if (document.activeElement === document.body) printButton.current?.focus();
  }, [printed, busy]);
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
        <button type="button" ref={printButton} className={printed ? '' : 'confirm'} data-testid="dayclose-print" disabled={busy} onClick={onPrint}>
          <Bi k="dayClose.print" />
        </button>
        {printed && (
          <button type="button" className="confirm next" ref={back} data-testid="dayclose-back-counter" onClick={() => navigate('counter')}>
            <Bi k="dayClose.backToCounter" /> <kbd className="hint">F1</kbd>
          </button>
        )}
      </div>
      {printed && (
        <p className={printed.printed ? 'ok-banner' : 'warn-banner'} data-testid="dayclose-printed" data-printed={String(printed.printed)}>
          <Bi k={printed.printed ? 'dayClose.printed' : 'dayClose.noPrinter'} vars={{ lines: printed.lines }} />
        </p>
      )}
    </div>
  );
}
