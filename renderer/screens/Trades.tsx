// The day's trades (当日交易): search by receipt number, name or ID number; void a trade with a
// reason and a supervisor (作废, 第三十五条: the number is kept and marked); reprint (重打, the
// same number, marked as a copy; a second copy needs a supervisor).
import { useEffect, useRef, useState } from 'react';
import type { TradeView } from '../../shared/api';
import { call, type ApiError } from '../api';
import { useApp, useFKey } from '../session';
import { Dialog } from '../components/Dialog';
import { ErrorView } from '../components/ErrorView';
import { money, rate, time } from '../format';
import { Bi, both, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { SupervisorFields } from '../components/SupervisorFields';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from '../approval';
import { PaperReceipts } from './PaperReceipts';
import { RefundPanel } from './Refund';

const PATH: Record<TradeView['reportingPath'], MessageKey> = { realtime: 'reportingPath.realtime', backfill: 'reportingPath.backfill', exempt: 'reportingPath.exempt' };

export function Trades({ voidReceiptNo }: { voidReceiptNo?: number }) {
  const { t } = useI18n();
  const { person, info, notify, bumpStatus } = useApp();
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<TradeView[]>();
  const [error, setError] = useState<ApiError>();
  const [selected, setSelected] = useState<number>();
  const [voiding, setVoiding] = useState<TradeView>();
  const [reprinting, setReprinting] = useState<TradeView>();
  const searchRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const load = async (text: string) => {
    const n = ++seq.current;
    const r = await call('trades.list', { ...(text.trim() ? { search: text.trim() } : {}), limit: 200 });
    if (n !== seq.current) return undefined;
    if (r.ok) {
      setRows(r.value);
      setError(undefined);
      return r.value;
    }
    setError(r.error);
    return undefined;
  };

  useEffect(() => {
    const timer = setTimeout(() => void load(search), 150);
    return () => clearTimeout(timer);
  }, [search]);

  // F5 from the counter: void the last trade.
  useEffect(() => {
    if (voidReceiptNo === undefined) return;
    void call('trades.get', { receiptNo: voidReceiptNo }).then((r) => {
      if (r.ok) {
        setSelected(r.value.receiptNo);
        if (r.value.status !== 'void') setVoiding(r.value);
      } else setError(r.error);
    });
  }, [voidReceiptNo]);

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  const current = rows?.find((r) => r.receiptNo === selected) ?? rows?.[0];

  useFKey((key) => {
    if (key === 'F5' && current && current.status !== 'void') setVoiding(current);
  });

  const move = (delta: number) => {
    if (!rows?.length) return;
    const i = Math.max(0, rows.findIndex((r) => r.receiptNo === current?.receiptNo));
    const next = rows[Math.min(rows.length - 1, Math.max(0, i + delta))]!;
    setSelected(next.receiptNo);
  };

  const reprint = async (tr: TradeView, supervisor?: SupervisorEntry): Promise<ApiError | undefined> => {
    if (!person) return undefined;
    const input = { receiptNo: tr.receiptNo };
    const approval = supervisor ? await approve('trades.reprint', input, supervisor) : undefined;
    if (approval && !approval.ok) return approval.error;
    const r = await call('trades.reprint', { ...input, ...(approval ? { approval: approval.value } : {}) });
    bumpStatus();
    if (r.ok) {
      notify({ kind: 'ok', message: both('reprint.sent', { receiptNo: tr.receiptText, copy: r.value.copyNo }) });
      return undefined;
    }
    return r.error;
  };

  return (
    <div className="screen trades" data-testid="trades-screen">
      <header className="screen-head">
        <h1>
          {t('daysTrades')} <span className="muted">{info?.businessDate}</span>
        </h1>
        <label className="field search">
          <span>{t('trades.search')}</span>
          <input
            ref={searchRef}
            type="search"
            value={search}
            autoComplete="off"
            data-testid="trades-search"
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                move(1);
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                move(-1);
              }
            }}
          />
        </label>
      </header>
      {error && <ErrorView error={error} testId="trades-error" />}
      {rows && rows.length === 0 && <p className="muted" data-testid="trades-empty">{t('trades.none')}</p>}
      {rows && rows.length > 0 && (
        <table className="table" data-testid="trades-table">
          <thead>
            <tr>
              <th>{t('receipt.number')}</th>
              <th>{t('trades.time')}</th>
              <th>{t('customer.name')}</th>
              <th>{t('customer.idNumber')}</th>
              <th>{t('trade.direction')}</th>
              <th className="num">{t('quote.customerPays')}</th>
              <th className="num">{t('quote.customerReceives')}</th>
              <th className="num">{t('trades.rate')}</th>
              <th>{t('reportingPath')}</th>
              <th>{t('trades.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((tr) => (
              <tr
                key={tr.id}
                className={`${tr.receiptNo === current?.receiptNo ? 'selected' : ''} ${tr.status === 'void' ? 'void' : ''}`}
                data-testid={`trade-row-${tr.receiptNo}`}
                data-status={tr.status}
                onClick={() => setSelected(tr.receiptNo)}
              >
                <td className="mono">{tr.receiptText}</td>
                <td className="mono">{time(tr.createdAt)}</td>
                <td>{tr.customer.name}</td>
                <td className="mono">{tr.customer.idNumber}</td>
                <td>{t(tr.direction === 'settlement' ? 'settlement' : 'purchase')}</td>
                <td className="num mono">{money(tr.customerPays)}</td>
                <td className="num mono">{money(tr.customerReceives)}</td>
                <td className="num mono">{rate(tr.ratePer100)}</td>
                <td>
                  <span className={`path-chip path-${tr.reportingPath}`}>{t(PATH[tr.reportingPath])}</span>
                  {tr.refNo && <div className="mono small">{tr.refNo}</div>}
                </td>
                <td data-testid={`trade-status-${tr.receiptNo}`}>
                  {tr.refund && <span className="refund-word" data-testid={`trade-refund-of-${tr.receiptNo}`}>{t('refund.title')} ← {tr.refund.originalReceiptText} · </span>}
                  {tr.status === 'void' ? (
                    <span className="void-word" title={tr.void?.reason}>
                      {t('void.done')} · {tr.void?.reason}
                    </span>
                  ) : (
                    t('trades.committed')
                  )}
                </td>
                <td className="actions">
                  <button type="button" data-testid={`trade-reprint-${tr.receiptNo}`} onClick={() => setReprinting(tr)}>
                    {t('reprint')}
                  </button>
                  {tr.status !== 'void' && (
                    <button type="button" className="danger" data-testid={`trade-void-${tr.receiptNo}`} onClick={() => setVoiding(tr)}>
                      {t('void')} <kbd>F5</kbd>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PaperReceipts onEntered={() => void load(search)} />
      {/* issue 19 item 2: a refund of an earlier day's receipt, typed as the customer brings it */}
      <RefundPanel onRefunded={() => void load(search)} />
      {voiding && person && (
        <VoidDialog
          trade={voiding}
          onClose={() => setVoiding(undefined)}
          onVoided={(tr) => {
            setVoiding(undefined);
            bumpStatus();
            notify({ kind: 'ok', message: both('void.doneNotice', { receiptNo: tr.receiptText }) });
            void load(search);
          }}
        />
      )}
      {reprinting && (
        <ReprintDialog
          trade={reprinting}
          onClose={() => setReprinting(undefined)}
          onReprint={async (sup) => {
            const err = await reprint(reprinting, sup);
            if (!err) setReprinting(undefined);
            return err;
          }}
        />
      )}
    </div>
  );
}

function VoidDialog({ trade, onClose, onVoided }: { trade: TradeView; onClose(): void; onVoided(t: TradeView): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const supRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);

  // The supervisor approves this void of this receipt with their ID and password (auth.approve),
  // then the void goes with the approval: the teller is the session's person.
  const submit = async () => {
    if (!reason.trim()) return reasonRef.current?.focus();
    if (!filled(supervisor)) return supRef.current?.focus();
    setBusy(true);
    setSupervisor({ ...supervisor, password: '' });
    const input = { receiptNo: trade.receiptNo };
    const approval = await approve('trades.void', input, supervisor);
    const r = approval.ok ? await call('trades.void', { ...input, reason: reason.trim(), approval: approval.value }) : approval;
    setBusy(false);
    if (r.ok) onVoided(r.value);
    else {
      setError(r.error);
      supRef.current?.focus();
    }
  };

  return (
    <Dialog title={<Bi k="void.title" vars={{ receiptNo: trade.receiptText }} />} onClose={onClose} testId="void-dialog">
      <p>
        {trade.customer.name} · {money(trade.customerPays)} → {money(trade.customerReceives)}
      </p>
      <p className="muted small">{t('void.explain')}</p>
      <label className="field">
        <span>{t('void.reason')}</span>
        <input
          ref={reasonRef}
          type="text"
          value={reason}
          maxLength={200}
          data-testid="void-reason"
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (reason.trim()) supRef.current?.focus();
            }
          }}
        />
      </label>
      <SupervisorFields value={supervisor} onChange={setSupervisor} onEnter={() => void submit()} testId="void-supervisor" idRef={supRef} />
      {error && <ErrorView error={error} testId="void-error" />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('action.cancel')} <kbd>Esc</kbd>
        </button>
        <button type="button" className="danger" disabled={busy} data-testid="void-submit" onClick={() => void submit()}>
          <Bi k="void.submit" />
        </button>
      </div>
    </Dialog>
  );
}

function ReprintDialog({ trade, onClose, onReprint }: { trade: TradeView; onClose(): void; onReprint(supervisor?: SupervisorEntry): Promise<ApiError | undefined> }) {
  const { t } = useI18n();
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [error, setError] = useState<ApiError>();
  const submit = async () => {
    const given = filled(supervisor) ? supervisor : undefined;
    setSupervisor({ ...supervisor, password: '' });
    setError(await onReprint(given));
  };
  return (
    <Dialog title={<Bi k="reprint.title" vars={{ receiptNo: trade.receiptText }} />} onClose={onClose} testId="reprint-dialog">
      <p className="muted small">{t('reprint.explain')}</p>
      <SupervisorFields label={t('reprint.supervisorIfCopy')} value={supervisor} onChange={setSupervisor} onEnter={() => void submit()} testId="reprint-supervisor" />
      {error && <ErrorView error={error} testId="reprint-error" />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('action.cancel')} <kbd>Esc</kbd>
        </button>
        <button type="button" className="primary" data-testid="reprint-submit" onClick={() => void submit()}>
          <Bi k="reprint.submit" />
        </button>
      </div>
    </Dialog>
  );
}
