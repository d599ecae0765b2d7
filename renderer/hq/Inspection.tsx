// The inspection search (第四十九条; hub/inspection.ts): the journal of every outlet by period,
// outlet, counter, receipt number, USD bounds and a customer's document (HQ's manager and the
// auditor; the hub refuses a reporter), shown and exported as CSV. The hub records every search and
// export: the page says so, so nobody looks a customer up thinking it leaves no trace.
import { useEffect, useState } from 'react';
import type { InspectionRow } from '../../shared/sync/live';
import { ErrorView } from '../components/ErrorView';
import { useI18n } from '../i18n/i18n';
import { saveFile } from './download';
import { hubCall, type HubError } from './hubApi';
import { beijingTime } from './time';

interface Form {
  from: string;
  to: string;
  outletCode: string;
  terminalId: string;
  receiptNo: string;
  minUsd: string;
  maxUsd: string;
  idType: string;
  idNumber: string;
  country: string;
}

/** The search as the hub takes it: blank fields left out; a receipt number typed wrong is sent as typed, and refused there. */
function query(f: Form): Record<string, unknown> {
  const q: Record<string, unknown> = { from: f.from.trim(), to: f.to.trim() };
  for (const k of ['outletCode', 'terminalId', 'minUsd', 'maxUsd'] as const) if (f[k].trim()) q[k] = f[k].trim();
  if (f.receiptNo.trim()) q.receiptNo = /^\d+$/.test(f.receiptNo.trim()) ? Number(f.receiptNo.trim()) : f.receiptNo.trim();
  if (f.idNumber.trim()) Object.assign(q, { idType: f.idType.trim(), idNumber: f.idNumber.trim(), country: f.country.trim().toUpperCase() });
  return q;
}

export function Inspection({ token }: { token: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState<Form>({ from: '', to: '', outletCode: '', terminalId: '', receiptNo: '', minUsd: '', maxUsd: '', idType: '01', idNumber: '', country: 'CHN' });
  // The period starts as the hub's business day (its clock, not this browser's).
  useEffect(() => {
    void fetch('/health').then(async (r) => {
      const day = beijingTime(((await r.json()) as { at: string }).at).slice(0, 10);
      setForm((f) => (f.from || f.to ? f : { ...f, from: day, to: day }));
    }).catch(() => undefined);
  }, []);
  const [rows, setRows] = useState<InspectionRow[]>();
  const [error, setError] = useState<HubError>();
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const search = async () => {
    const r = await hubCall<{ rows: InspectionRow[] }>('/v1/inspection/search', query(form), token);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setRows(r.value.rows);
  };
  const exportCsv = async () => {
    const r = await hubCall<{ filename: string; csv: string }>('/v1/inspection/export', query(form), token);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    saveFile(r.value.csv, 'text/csv;charset=utf-8', r.value.filename);
  };
  const field = (k: keyof Form, label: string, size = 12) => (
    <label>{label} <input type="text" size={size} maxLength={40} value={form[k]} data-testid={`inspect-${k}`} onChange={(e) => set({ [k]: e.target.value })} /></label>
  );
  return (
    <section className="panel" data-testid="inspection">
      <h2>{t('hq.inspect.title')}</h2>
      <p className="muted small">{t('hq.inspect.recorded')}</p>
      <form onSubmit={(e) => { e.preventDefault(); void search(); }}>
        <div className="hq-controls">
          {field('from', t('hq.inspect.from'), 10)}
          {field('to', t('hq.inspect.to'), 10)}
          {field('outletCode', t('hq.live.outlet'))}
          {field('terminalId', t('hq.live.counter'), 8)}
          {field('receiptNo', t('hq.inspect.receiptNo'))}
          {field('minUsd', t('hq.inspect.minUsd'), 8)}
          {field('maxUsd', t('hq.inspect.maxUsd'), 8)}
        </div>
        <div className="hq-controls">
          <span>{t('hq.inspect.customer')}</span>
          {field('idType', t('hq.inspect.idType'), 3)}
          {field('idNumber', t('hq.inspect.idNumber'), 20)}
          {field('country', t('hq.inspect.country'), 3)}
          <button type="submit" className="primary" data-testid="inspect-submit">{t('hq.inspect.search')}</button>
          <button type="button" data-testid="inspect-export" onClick={() => void exportCsv()}>{t('hq.inspect.export')}</button>
        </div>
      </form>
      {error && <ErrorView error={error} testId="inspect-error" />}
      {rows && (
        <>
          <p data-testid="inspect-count">{t('hq.inspect.count', { n: rows.length })}</p>
          <table className="table compact" data-testid="inspect-table">
            <thead>
              <tr>
                <th>{t('hq.inspect.date')}</th><th>{t('hq.live.outlet')}</th><th>{t('hq.live.counter')}</th><th>{t('hq.inspect.receiptNo')}</th>
                <th>{t('hq.inspect.kind')}</th><th className="num">USD</th><th className="num">RMB</th><th>{t('hq.inspect.customerName')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.terminalId}-${r.receipt}`} data-testid={`inspect-row-${r.receipt}`}>
                  <td>{r.businessDate}</td><td>{r.outletCode}</td><td>{r.terminalId}</td>
                  <td className="mono">{r.receipt}{r.voided && <span className="bad small"> {t('hq.inspect.voided')}</span>}</td>
                  <td>{t(`hq.inspect.kind.${r.kind}`)}</td>
                  <td className="num mono">{r.usd}</td><td className="num mono">{r.rmb}</td><td>{r.customerName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
