// The institution's reports from the hub (第五十一条; issue 18 item 4; hub/reports.ts): 附表1 of an
// outlet or the institution, 附表2 of an outlet or a city (注1: its outlets added), 附表3, the trial
// balance, profit per currency and an outlet's reserve ledger (台账), shown laid out like the paper form (the counter's
// ReportView over the same ReportSheet) and downloaded as XLSX or PDF. Any HQ role.
import { useState } from 'react';
import { form1Sheet, form2Sheet, profitSheet, reserveLedgerSheet, trialBalanceSheet, type ReportSheet } from '../../shared/reports/sheet';
import type { Form1, Form2, ProfitReport, Report, ReserveLedger, TrialBalance } from '../../shared/reports/types';
import type { HubReportFile, HubReportKind } from '../../shared/sync/reports';
import { ErrorView } from '../components/ErrorView';
import { ReportView } from '../components/ReportView';
import { useI18n } from '../i18n/i18n';
import { saveFile } from './download';
import { hubCall, type HubError } from './hubApi';

/** What each report asks for: a period, a month or a date; an outlet, a city, or neither. */
const ASKS: Record<HubReportKind, { period: 'range' | 'month' | 'date'; scope: 'outletOrAll' | 'outletOrCity' | 'none' | 'outlet' }> = {
  form1: { period: 'range', scope: 'outletOrAll' },
  form2: { period: 'month', scope: 'outletOrCity' },
  form3: { period: 'month', scope: 'none' },
  trialBalance: { period: 'date', scope: 'outletOrAll' },
  profit: { period: 'range', scope: 'outletOrAll' },
  reserveLedger: { period: 'month', scope: 'outlet' },
};

function sheetOf(r: Report): ReportSheet {
  switch (r.form) {
    case 'form1': return form1Sheet(r as Form1);
    case 'form2': case 'form3': return form2Sheet(r as Form2);
    case 'trialBalance': return trialBalanceSheet(r as TrialBalance);
    case 'reserveLedger': return reserveLedgerSheet(r as ReserveLedger);
    case 'profit': return profitSheet(r as ProfitReport);
  }
}

export function Reports({ token }: { token: string }) {
  const { t } = useI18n();
  const [report, setReport] = useState<HubReportKind>('form3');
  const [f, setF] = useState({ from: '', to: '', month: '', date: '', outletCode: '', cityCode: '' });
  const [sheet, setSheet] = useState<ReportSheet>();
  const [error, setError] = useState<HubError>();
  const asks = ASKS[report];
  /** The request as the hub takes it: what this report asks, blank fields left out (the hub says what is missing). */
  const request = (): Record<string, unknown> => {
    const q: Record<string, unknown> = { report };
    const put = (k: keyof typeof f) => { if (f[k].trim()) q[k] = f[k].trim(); };
    if (asks.period === 'range') { put('from'); put('to'); }
    if (asks.period === 'month') put('month');
    if (asks.period === 'date') put('date');
    if (asks.scope !== 'none') put('outletCode');
    if (asks.scope === 'outletOrCity' && !f.outletCode.trim()) put('cityCode');
    return q;
  };
  const show = async () => {
    const r = await hubCall<Report>('/v1/reports', request(), token);
    if (!r.ok) {
      setSheet(undefined);
      return setError(r.error);
    }
    setError(undefined);
    setSheet(sheetOf(r.value));
  };
  const download = async (format: 'xlsx' | 'pdf') => {
    const r = await hubCall<HubReportFile>('/v1/reports/export', { ...request(), format }, token);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    saveFile(Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0)), r.value.mimeType, r.value.fileName);
  };
  const field = (k: keyof typeof f, label: string, placeholder: string, size = 10) => (
    <label>{label} <input type="text" size={size} maxLength={64} placeholder={placeholder} value={f[k]} data-testid={`hq-report-${k}`} onChange={(e) => setF({ ...f, [k]: e.target.value })} /></label>
  );
  return (
    <section className="panel" data-testid="hq-reports">
      <h2>{t('hq.reports.title')}</h2>
      <p className="muted small">{t('hq.reports.about')}</p>
      <form onSubmit={(e) => { e.preventDefault(); void show(); }}>
        <div className="hq-controls">
          <label>{t('hq.reports.which')}{' '}
            <select value={report} data-testid="hq-report-kind" onChange={(e) => { setReport(e.target.value as HubReportKind); setSheet(undefined); setError(undefined); }}>
              {(Object.keys(ASKS) as HubReportKind[]).map((k) => <option key={k} value={k}>{t(`hq.reports.${k}`)}</option>)}
            </select>
          </label>
          {asks.period === 'range' && <>{field('from', t('hq.inspect.from'), 'YYYY-MM-DD')}{field('to', t('hq.inspect.to'), 'YYYY-MM-DD')}</>}
          {asks.period === 'month' && field('month', t('hq.reports.month'), 'YYYY-MM', 7)}
          {asks.period === 'date' && field('date', t('hq.reports.date'), 'YYYY-MM-DD')}
          {asks.scope !== 'none' && field('outletCode', t('hq.live.outlet'), asks.scope === 'outlet' ? '' : t('hq.reports.allOutlets'), 12)}
          {asks.scope === 'outletOrCity' && field('cityCode', t('hq.reports.city'), '110100', 6)}
          <button type="submit" className="primary" data-testid="hq-report-show">{t('hq.reports.show')}</button>
          <button type="button" data-testid="hq-report-xlsx" onClick={() => void download('xlsx')}>XLSX</button>
          <button type="button" data-testid="hq-report-pdf" onClick={() => void download('pdf')}>PDF</button>
        </div>
      </form>
      {error && <ErrorView error={error} testId="hq-report-error" />}
      {sheet && <ReportView sheet={sheet} testId="hq-report-view" />}
    </section>
  );
}
