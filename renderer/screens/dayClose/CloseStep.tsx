// Step 5 of the day close (renderer/screens/DayClose.tsx): the checklist of the steps before, the
// difference being approved, and the close itself; once closed, what was recorded and the print.
import type { RefObject } from 'react';
import type { CountDifference, DayCloseView } from '../../apiTypes';
import { Bi, useI18n } from '../../i18n/i18n';
import { ClosedPanel } from './ClosedPanel';
import { STEPS, type Step } from './flow';

export function CloseStep(props: {
  date: string;
  closed: DayCloseView | undefined;
  printed: { printed: boolean; lines: number } | undefined;
  busy: boolean;
  onPrint(): void;
  /** What is left to do, per step. */
  left: Record<Step, string[]>;
  /** The differences that need a reason and a supervisor (given at step 3). */
  off: CountDifference[];
  reason: string;
  supervisorId: string;
  readyToClose: boolean;
  onClose(): void;
  nextRef: RefObject<HTMLButtonElement | null>;
  go(step: Step): void;
}) {
  const { t } = useI18n();
  const { date, closed, left, off } = props;
  const needsApproval = off.length > 0;
  return (
    <section data-testid="dayclose-final">
      {closed ? (
        <ClosedPanel closed={closed} printed={props.printed} busy={props.busy} onPrint={props.onPrint} />
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
                {t('dayClose.varianceSummary', { n: off.length, reason: props.reason.trim(), supervisor: props.supervisorId.trim() })}
              </li>
            )}
          </ul>
          <p className="muted small">{t('dayClose.lockNote')}</p>
          <div className="step-actions">
            <button type="button" onClick={() => props.go(4)}>
              {t('dayClose.back')}
            </button>
            <button type="button" className="confirm" ref={props.nextRef} data-testid="dayclose-submit" disabled={!props.readyToClose || props.busy} onClick={props.onClose}>
              <Bi k="dayClose.submit" vars={{ date }} />
            </button>
          </div>
        </>
      )}
    </section>
  );
}
