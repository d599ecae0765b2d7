// Step 4 of the day close (renderer/screens/DayClose.tsx): the day's trades, receipts and audit
// chain; the three-way reconciliation, each open item needing a resolution before the close; and
// the back-fills still pending, the overdue ones marked.
import type { RefObject } from 'react';
import type { DayClosePreparation } from '../../apiTypes';
import { dateTime } from '../../format';
import { Bi, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { Step } from './flow';

const BACKFILL_STATES: Record<string, MessageKey> = {
  pending: 'queue.state.pending',
  needs_attention: 'queue.state.needsAttention',
  delivered: 'queue.state.delivered',
  not_needed: 'queue.state.notNeeded',
};

export function ReconcileStep({ facts, resolutions, onResolve, left, nextRef, panel, go }: {
  /** The books' figures (asked for again at step 3), or the first ones until they come. */
  facts: DayClosePreparation;
  /** What was typed against each reconciliation item, by key. */
  resolutions: Record<string, string>;
  onResolve(key: string, resolution: string): void;
  /** What is left to do at this step: step 5 opens when it is empty. */
  left: string[];
  nextRef: RefObject<HTMLButtonElement | null>;
  panel: RefObject<HTMLDivElement | null>;
  go(step: Step): void;
}) {
  const { t } = useI18n();
  const items = facts.reconciliation.items;
  const overdue = facts.backfills.filter((b) => b.overdue);
  return (
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
                onChange={(e) => onResolve(item.key, e.target.value)}
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
                <td className="mono">{b.receiptText}</td>
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
        <button type="button" className="confirm next" ref={nextRef} data-testid="dayclose-next" disabled={left.length > 0} onClick={() => go(5)}>
          <Bi k="dayClose.nextClose" />
        </button>
      </div>
    </section>
  );
}
