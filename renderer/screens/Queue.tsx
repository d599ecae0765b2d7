// The reporting queue (the outbox towards the monitoring system): what waits for back-fill and by
// when, what needs a person (retry after a supervisor's decision, or, for a back-fill refused for
// good, its resolution: notice given, page mode, reversed), and "send now".
import { useState } from 'react';
import { call, type ApiError } from '../api';
import type { OutboxState, QueueRow } from '../apiTypes';
import { useApp } from '../session';
import { Dialog } from '../components/Dialog';
import { ErrorView } from '../components/ErrorView';
import { dateTime, time } from '../format';
import { usePoll } from '../hooks';
import { Bi, both, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { SupervisorFields } from '../components/SupervisorFields';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from '../approval';

const STATES: readonly (OutboxState | 'all')[] = ['pending', 'needs_attention', 'delivered', 'not_needed', 'all'];
const STATE_WORDS: Record<OutboxState | 'all', MessageKey> = {
  pending: 'queue.state.pending',
  needs_attention: 'queue.state.needsAttention',
  delivered: 'queue.state.delivered',
  not_needed: 'queue.state.notNeeded',
  all: 'queue.state.all',
};
const KIND_WORDS: Record<QueueRow['kind'], MessageKey> = { realtime: 'reportingPath.realtime', backfill: 'reportingPath.backfill', cancel: 'queue.kind.cancel' };

export function Queue() {
  const { t } = useI18n();
  const { notify, bumpStatus } = useApp();
  const [filter, setFilter] = useState<OutboxState | 'all'>('pending');
  const status = usePoll(() => call('queue.status', {}), 3_000);
  const list = usePoll(() => call('queue.list', { ...(filter === 'all' ? {} : { state: filter }), limit: 200 }), 3_000);
  const [retrying, setRetrying] = useState<QueueRow>();
  const [resolving, setResolving] = useState<QueueRow>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const s = status.value?.ok ? status.value.value : undefined;
  const rows = list.value?.ok ? list.value.value.filter((r) => filter === 'all' || r.state === filter) : undefined;

  const refresh = () => {
    status.refresh();
    list.refresh();
    bumpStatus();
  };

  const syncNow = async () => {
    setBusy(true);
    // A person pressing "send now" means every pending row, whatever its backoff.
    const r = await call('queue.syncNow', { ignoreBackoff: true });
    setBusy(false);
    refresh();
    if (!r.ok) return setError(r.error);
    setError(undefined);
    notify({ kind: r.value.needsAttention > 0 ? 'error' : 'ok', message: both('queue.syncResult', { delivered: r.value.delivered, retrying: r.value.retrying, needsAttention: r.value.needsAttention }) });
  };

  return (
    <div className="screen queue" data-testid="queue-screen">
      <header className="screen-head">
        <h1>{t('queue.title')}</h1>
        <button type="button" className="primary" disabled={busy} data-testid="queue-sync-now" onClick={() => void syncNow()} autoFocus>
          <Bi k="queue.syncNow" />
        </button>
      </header>
      {s && (
        <div className="queue-summary">
          <div data-testid="queue-monitoring" data-online={String(s.monitoring.online)}>
            {t(!s.monitoring.configured ? 'status.monitoringNone' : s.monitoring.online ? 'status.monitoringOnline' : s.monitoring.online === false ? 'status.monitoringOffline' : 'status.monitoringNotContacted')}
            {s.monitoring.lastContactAt && <span className="muted"> · {t('status.lastContact', { time: time(s.monitoring.lastContactAt) })}</span>}
            {s.monitoring.online === false && s.monitoring.lastError && <div className="muted small">{s.monitoring.lastError}</div>}
            {s.monitoring.online === false && <div className="small">{t('queue.offlineWhatWorks')}</div>}
          </div>
          <div className="big-count" data-testid="queue-pending" data-count={s.pending}>
            {t('status.queuePending', { n: s.pending })}
            {s.nearestDeadline && <div className="small">{t('status.nearestDeadline', { time: dateTime(s.nearestDeadline) })}</div>}
          </div>
          <div className={s.needsAttention.length ? 'bad' : ''} data-testid="queue-attention" data-count={s.needsAttention.length}>
            {t('status.needsAttention', { n: s.needsAttention.length })}
          </div>
          {s.alerts.length > 0 && (
            <div className="warn-banner" role="alert" data-testid="queue-alerts">
              <Bi k="queue.alerts" vars={{ n: s.alerts.length, receipts: s.alerts.map((a) => a.receiptText).join(', ') }} />
            </div>
          )}
        </div>
      )}
      {error && <ErrorView error={error} testId="queue-error" />}
      <div className="tabs" role="tablist">
        {STATES.map((st) => (
          <button
            key={st}
            type="button"
            role="tab"
            aria-selected={filter === st}
            className={filter === st ? 'on' : ''}
            data-testid={`queue-filter-${st}`}
            onClick={() => {
              setFilter(st);
              setTimeout(() => list.refresh(), 0);
            }}
          >
            {t(STATE_WORDS[st])}
          </button>
        ))}
      </div>
      {rows && rows.length === 0 && <p className="muted" data-testid="queue-empty">{t('queue.none')}</p>}
      {rows && rows.length > 0 && (
        <table className="table" data-testid="queue-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('receipt.number')}</th>
              <th>{t('queue.kind')}</th>
              <th>{t('queue.state')}</th>
              <th className="num">{t('queue.attempts')}</th>
              <th>{t('queue.deadline')}</th>
              <th>{t('queue.nextAttempt')}</th>
              <th>{t('referenceNumber')}</th>
              <th>{t('queue.reason')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`queue-row-${r.id}`} data-state={r.state} data-receipt={r.receiptNo} className={r.state === 'needs_attention' ? 'bad' : ''}>
                <td className="mono">{r.id}</td>
                <td className="mono">{r.receiptText}</td>
                <td>{t(KIND_WORDS[r.kind])}</td>
                <td>{t(STATE_WORDS[r.state])}</td>
                <td className="num mono">{r.attempts}</td>
                <td className="mono">{dateTime(r.deadlineAt)}</td>
                <td className="mono">{r.nextAttemptAt ? time(r.nextAttemptAt) : '—'}</td>
                <td className="mono">{r.refNo ?? '—'}</td>
                <td className="small">{r.reason ?? ''}</td>
                <td>
                  {r.state === 'needs_attention' && (
                    <button type="button" data-testid={`queue-retry-${r.id}`} onClick={() => setRetrying(r)}>
                      {t('queue.retry')}
                    </button>
                  )}
                  {r.state === 'needs_attention' && r.kind === 'backfill' && (
                    <button type="button" data-testid={`queue-resolve-${r.id}`} data-refusal={r.refusalCode ?? ''} onClick={() => setResolving(r)}>
                      {t('queue.resolve')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {resolving && (
        <ResolveDialog
          row={resolving}
          onClose={() => setResolving(undefined)}
          onDone={(row) => {
            setResolving(undefined);
            refresh();
            notify({ kind: row.state === 'needs_attention' ? 'error' : 'ok', message: both('queue.resolveTitle', { receiptNo: row.receiptText }) });
          }}
        />
      )}
      {retrying && (
        <RetryDialog
          row={retrying}
          onClose={() => setRetrying(undefined)}
          onDone={() => {
            setRetrying(undefined);
            refresh();
          }}
        />
      )}
    </div>
  );
}

function RetryDialog({ row, onClose, onDone }: { row: QueueRow; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { person } = useApp();
  // A supervisor signed in decides themselves; a teller asks one to approve in place.
  const self = person?.role === 'supervisor' || person?.role === 'manager';
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [error, setError] = useState<ApiError>();
  const submit = async () => {
    if (!self && !filled(supervisor)) return;
    setSupervisor({ ...supervisor, password: '' });
    const input = { id: row.id };
    const approval = self ? undefined : await approve('queue.retry', input, supervisor);
    if (approval && !approval.ok) return setError(approval.error);
    const r = await call('queue.retry', { ...input, ...(approval ? { approval: approval.value } : {}) });
    if (r.ok) onDone();
    else setError(r.error);
  };
  return (
    <Dialog title={<Bi k="queue.retryTitle" vars={{ receiptNo: row.receiptText }} />} onClose={onClose} testId="retry-dialog">
      {row.reason && <p className="small">{row.reason}</p>}
      <p className="muted small">{t('queue.retryExplain')}</p>
      {!self && <SupervisorFields value={supervisor} onChange={setSupervisor} onEnter={() => void submit()} testId="retry-supervisor" />}
      {error && <ErrorView error={error} testId="retry-error" />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('action.cancel')} <kbd>Esc</kbd>
        </button>
        <button type="button" className="primary" data-testid="retry-submit" onClick={() => void submit()}>
          <Bi k="queue.retrySubmit" />
        </button>
      </div>
    </Dialog>
  );
}

type ResolutionKind = 'noticeGiven' | 'pageMode' | 'reversed';

/**
 * A back-fill SAFE refused for good: the way out a supervisor takes (queue.resolve). Giving the
 * notice is offered only for a refusal for want of it (2002); page mode and a reversal for any.
 */
function ResolveDialog({ row, onClose, onDone }: { row: QueueRow; onClose(): void; onDone(row: QueueRow): void }) {
  const { t } = useI18n();
  const { person } = useApp();
  const self = person?.role === 'supervisor' || person?.role === 'manager';
  const kinds: ResolutionKind[] = row.refusalCode === '2002' ? ['noticeGiven', 'pageMode', 'reversed'] : ['pageMode', 'reversed'];
  const [kind, setKind] = useState<ResolutionKind>(kinds[0]!);
  const [refNo, setRefNo] = useState('');
  const [note, setNote] = useState('');
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy || (!self && !filled(supervisor))) return;
    if ((kind === 'pageMode' && !refNo.trim()) || (kind === 'reversed' && !note.trim())) return;
    setSupervisor({ ...supervisor, password: '' });
    const resolution = kind === 'noticeGiven' ? { kind } : kind === 'pageMode' ? { kind, refNo: refNo.trim() } : { kind, note: note.trim() };
    const input = { id: row.id, resolution };
    setBusy(true);
    const approval = self ? undefined : await approve('queue.resolve', input, supervisor);
    if (approval && !approval.ok) {
      setBusy(false);
      return setError(approval.error);
    }
    const r = await call('queue.resolve', { ...input, ...(approval ? { approval: approval.value } : {}) });
    setBusy(false);
    if (r.ok) onDone(r.value.row);
    else setError(r.error);
  };
  return (
    <Dialog title={<Bi k="queue.resolveTitle" vars={{ receiptNo: row.receiptText }} />} onClose={onClose} testId="resolve-dialog">
      {row.reason && <p className="small">{row.reason}</p>}
      <p className="muted small">{t('queue.resolveExplain')}</p>
      <div role="radiogroup">
        {kinds.map((k) => (
          <label key={k} className="field">
            <input type="radio" name="resolution" value={k} checked={kind === k} data-testid={`resolve-kind-${k}`} onChange={() => setKind(k)} />
            <span>{t(`queue.resolve.${k}`)}</span>
          </label>
        ))}
      </div>
      {kind === 'pageMode' && (
        <label className="field">
          <span>{t('referenceNumber')}</span>
          <input value={refNo} maxLength={40} className="mono" data-testid="resolve-refno" onChange={(e) => setRefNo(e.target.value.toUpperCase())} />
        </label>
      )}
      {kind === 'reversed' && (
        <label className="field">
          <span>{t('queue.resolve.note')}</span>
          <textarea rows={2} maxLength={200} value={note} data-testid="resolve-note" onChange={(e) => setNote(e.target.value)} />
        </label>
      )}
      {!self && <SupervisorFields value={supervisor} onChange={setSupervisor} onEnter={() => void submit()} testId="resolve-supervisor" />}
      {error && <ErrorView error={error} testId="resolve-error" />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('action.cancel')} <kbd>Esc</kbd>
        </button>
        <button type="button" className="primary" disabled={busy} data-testid="resolve-submit" onClick={() => void submit()}>
          <Bi k="queue.resolveSubmit" />
        </button>
      </div>
    </Dialog>
  );
}
