// Page-mode fallback (第三十六条(二)): the trade entered on SAFE's web page by hand, its reference
// number typed here, and a supervisor who approves. Esc goes back to the quote.
import type { RefObject } from 'react';
import type { QuoteView } from '../../shared/api';
import type { ApiError } from '../apiError';
import { ErrorView } from '../components/ErrorView';
import { SupervisorFields } from '../components/SupervisorFields';
import { money } from '../format';
import { Bi, useI18n } from '../i18n/i18n';
import { onEnter } from './keys';
import type { PageModeEntry } from './state';
import type { Dispatch } from './useCounter';

export function PageModePanel(props: {
  quote: QuoteView;
  error: ApiError | undefined;
  /** Issue 20 item 1: opened because the monitoring system is offline (said before Enter), not after a failed entry. */
  offline?: boolean;
  value: PageModeEntry;
  dispatch: Dispatch;
  refNoRef: RefObject<HTMLInputElement | null>;
  supervisorRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useI18n();
  const { quote: q, value, dispatch } = props;
  const submit = () => dispatch({ type: 'pageSubmit' });
  return (
    <div className="page-mode" data-testid="pagemode-panel">
      {props.error && <ErrorView error={props.error} testId="pagemode-error" />}
      {!props.error && props.offline && (
        <p className="warn-text" data-testid="pagemode-offline">
          <Bi k="pageMode.offlineNote" />
        </p>
      )}
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
          onChange={(e) => dispatch({ type: 'pageRefNo', value: e.target.value })}
          onKeyDown={onEnter(dispatch, { type: 'pageRefNoEnter' })}
        />
      </label>
      <SupervisorFields
        value={value.supervisor}
        onChange={(supervisor) => dispatch({ type: 'pageSupervisor', value: supervisor })}
        onEnter={submit}
        testId="pagemode-supervisor"
        idRef={props.supervisorRef}
      />
      <button type="button" className="confirm" data-testid="pagemode-submit" onClick={submit}>
        <Bi k="confirm.pageModeAndPrint" />
      </button>
      <div className="muted small">{t('pageMode.escBack')}</div>
    </div>
  );
}
