// Step 3 of the day close (renderer/screens/DayClose.tsx): the books' figures, asked for once both
// places are counted, against the count. A difference (in value or in note mix) needs a reason and
// a supervisor: an ID and password where the Terminal takes approvals for the close, else the ID.
import type { RefObject } from 'react';
import type { CountDifference } from '../../apiTypes';
import type { SupervisorEntry } from '../../approval';
import { DifferenceTable } from '../../components/DifferenceTable';
import { EnterField } from '../../components/EnterField';
import { SupervisorFields } from '../../components/SupervisorFields';
import { Bi, useI18n } from '../../i18n/i18n';
import { APPROVAL_BY_PASSWORD, type Step } from './flow';

export function CompareStep(props: {
  /** The books' figures have come (until then: loading). */
  loaded: boolean;
  differences: CountDifference[];
  /** The differences that need a reason and a supervisor. */
  off: CountDifference[];
  reason: string;
  onReason(reason: string): void;
  supervisor: SupervisorEntry;
  onSupervisor(supervisor: SupervisorEntry): void;
  /** What is left to do at this step: step 4 opens when it is empty. */
  left: string[];
  nextRef: RefObject<HTMLButtonElement | null>;
  panel: RefObject<HTMLDivElement | null>;
  go(step: Step): void;
}) {
  const { t } = useI18n();
  const { differences, off, reason, supervisor, nextRef, panel, go } = props;
  return (
    <section data-testid="dayclose-compare">
      <h2>{t('dayClose.compareTitle')}</h2>
      {!props.loaded ? (
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
                  onChange={(e) => props.onReason(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && !e.shiftKey) {
                      e.preventDefault();
                      panel.current?.querySelector<HTMLInputElement>('[data-testid="dayclose-supervisor"]')?.focus();
                    }
                  }}
                />
              </label>
              {APPROVAL_BY_PASSWORD ? (
                <SupervisorFields value={supervisor} onChange={props.onSupervisor} onEnter={() => nextRef.current?.focus()} testId="dayclose-supervisor" />
              ) : (
                <EnterField
                  label={t('quote.supervisorApproval')}
                  value={supervisor.id}
                  onChange={(id) => props.onSupervisor({ ...supervisor, id })}
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
            <button type="button" className="confirm next" ref={nextRef} data-testid="dayclose-next" disabled={props.left.length > 0} onClick={() => go(4)}>
              <Bi k="dayClose.nextReconcile" />
            </button>
          </div>
        </>
      )}
    </section>
  );
}
