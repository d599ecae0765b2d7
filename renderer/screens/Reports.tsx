// The reports (第五十一条 附表1–3) and the books: pick a report and its period, see it on screen
// laid out like the form (the same sheet that goes to XLSX and PDF: shared/reports/sheet.ts),
// download it, print it. 附表2 shows its filing deadline (provisional, saying which year's holiday
// notice to load, while that notice is missing: 第五十一条(三)) and can be exported, signed, for
// headquarters; 附表3 consolidates the outlets' signed exports against their trusted keys.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { form1Sheet, form2Sheet, profitSheet, reserveLedgerSheet, trialBalanceSheet, type ReportSheet } from '../../shared/reports/sheet';
import type { Form1, Form2, ProfitReport, ReserveLedger, TrialBalance } from '../../shared/reports/types';
import { call, type ApiError } from '../api';
import type { Form2View } from '../apiTypes';
import { downloadText, monthOfDate } from '../backoffice';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { ErrorView } from '../components/ErrorView';
import { ExportButtons } from '../components/ExportButtons';
import { ReportView } from '../components/ReportView';
import { DateField } from '../components/DateField';
import { Bi, both, useI18n, type Lang } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useApp } from '../session';

type ReportId = 'form1' | 'form2' | 'trialBalance' | 'profit' | 'reserveLedger' | 'form3';
type Period = 'range' | 'month' | 'date' | 'files';
const REPORTS: readonly { id: ReportId; label: MessageKey; period: Period }[] = [
  { id: 'form1', label: 'reports.form1', period: 'range' },
  { id: 'form2', label: 'reports.form2', period: 'month' },
  { id: 'form3', label: 'reports.form3', period: 'files' },
  { id: 'trialBalance', label: 'reports.trialBalance', period: 'date' },
  { id: 'profit', label: 'reports.profit', period: 'range' },
  { id: 'reserveLedger', label: 'reports.reserveLedger', period: 'month' },
];

interface Shown {
  report: ReportId;
  /** The sheet in a language: the accounts' words of the trial balance follow the screen's (issue 20 item 3). */
  sheet: (lang: Lang) => ReportSheet;
  /** 附表2/3: the filing deadline and the USD conversion table used. */
  form2?: Form2View;
  params: { from?: string; to?: string; month?: string; date?: string };
}

/** Signed exports (JSON) and the trusted public keys, as the consolidation takes them. */
function parseTrusted(text: string): { outletCode: string; publicKey: string }[] | undefined {
  try {
    const v: unknown = JSON.parse(text.trim() || '[]');
    if (!Array.isArray(v)) return undefined;
    const out: { outletCode: string; publicKey: string }[] = [];
    for (const k of v) {
      if (typeof k !== 'object' || k === null) return undefined;
      const { outletCode, publicKey } = k as Record<string, unknown>;
      if (typeof outletCode !== 'string' || typeof publicKey !== 'string') return undefined;
      out.push({ outletCode, publicKey });
    }
    return out;
  } catch {
    return undefined;
  }
}

export function Reports() {
  const { t, lang } = useI18n();
  const { info, notify } = useApp();
  const [report, setReport] = useState<ReportId>('form1');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [month, setMonth] = useState('');
  const [date, setDate] = useState('');
  const [files, setFiles] = useState<{ name: string; content: string }[]>([]);
  const [trusted, setTrusted] = useState('');
  const [shown, setShown] = useState<Shown>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const showRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!info || from) return;
    setFrom(info.businessDate);
    setTo(info.businessDate);
    setDate(info.businessDate);
    setMonth(monthOfDate(info.businessDate));
  }, [info, from]);

  const period = REPORTS.find((r) => r.id === report)!.period;

  const show = async () => {
    setBusy(true);
    setError(undefined);
    const done = (s: Shown) => {
      setShown(s);
      setBusy(false);
    };
    const fail = (e: ApiError) => {
      setShown(undefined);
      setError(e);
      setBusy(false);
    };
    switch (report) {
      case 'form1': {
        const r = await call('reports.form1', { from, to });
        return r.ok ? done({ report, sheet: () => form1Sheet(r.value as Form1), params: { from, to } }) : fail(r.error);
      }
      case 'profit': {
        const r = await call('reports.profit', { from, to });
        return r.ok ? done({ report, sheet: () => profitSheet(r.value as ProfitReport), params: { from, to } }) : fail(r.error);
      }
      case 'form2': {
        const r = await call('reports.form2', { month });
        return r.ok ? done({ report, sheet: () => form2Sheet(r.value as Form2), form2: r.value, params: { month } }) : fail(r.error);
      }
      case 'trialBalance': {
        const r = await call('reports.trialBalance', { date });
        return r.ok ? done({ report, sheet: (l) => trialBalanceSheet(r.value as TrialBalance, undefined, l), params: { date } }) : fail(r.error);
      }
      case 'reserveLedger': {
        const r = await call('reserves.ledger', { month });
        return r.ok ? done({ report, sheet: () => reserveLedgerSheet(r.value as ReserveLedger), params: { month } }) : fail(r.error);
      }
      case 'form3': {
        const keys = parseTrusted(trusted);
        if (!keys) return fail({ code: 'INVALID_INPUT', message: both('reports.trustedInvalid') });
        if (files.length === 0) return fail({ code: 'INVALID_INPUT', message: both('reports.filesMissing') });
        const r = await call('reports.consolidate', { files, trusted: keys });
        return r.ok ? done({ report, sheet: () => form2Sheet(r.value as Form2), form2: r.value, params: {} }) : fail(r.error);
      }
    }
  };

  const outletExport = async () => {
    const r = await call('reports.outletExport', { month });
    if (!r.ok) return setError(r.error);
    downloadText(r.value.fileName, 'application/json', r.value.content);
    notify({ kind: 'ok', message: both('reports.outletExported', { file: r.value.fileName }) });
  };

  const pickFiles = async (list: FileList | null) => {
    const picked = await Promise.all([...(list ?? [])].map(async (f) => ({ name: f.name, content: await f.text() })));
    setFiles(picked);
  };

  const enterShows = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void show();
    }
  };

  const exportable = shown && shown.report !== 'form3' ? shown.report : undefined;

  return (
    <div className="screen reports" data-testid="reports-screen">
      <BackOfficeNav current="reports" />
      <header className="screen-head no-print">
        <h1>
          <Bi k="reports.title" />
        </h1>
      </header>
      <section className="panel report-pick no-print">
        <div className="tabs" role="tablist">
          {REPORTS.map((r) => (
            <button
              key={r.id}
              type="button"
              role="tab"
              aria-selected={report === r.id}
              className={report === r.id ? 'on' : ''}
              data-testid={`report-pick-${r.id}`}
              onClick={() => {
                setReport(r.id);
                setShown(undefined);
                setError(undefined);
              }}
            >
              {t(r.label)}
            </button>
          ))}
        </div>
        <div className="form-row">
          {period === 'range' && (
            <>
              <label className="field">
                <span>{t('reports.from')}</span>
                <DateField value={from} testId="report-from" onChange={setFrom} onKeyDown={enterShows} />
              </label>
              <label className="field">
                <span>{t('reports.to')}</span>
                <DateField value={to} testId="report-to" onChange={setTo} onKeyDown={enterShows} />
              </label>
            </>
          )}
          {period === 'month' && (
            <label className="field">
              <span>{t('reports.month')}</span>
              <DateField kind="month" value={month} testId="report-month" onChange={setMonth} onKeyDown={enterShows} />
            </label>
          )}
          {period === 'date' && (
            <label className="field">
              <span>{t('reports.date')}</span>
              <DateField value={date} testId="report-date" onChange={setDate} onKeyDown={enterShows} />
            </label>
          )}
          {period === 'files' && (
            <>
              <label className="field">
                <span>{t('reports.files')}</span>
                <input type="file" multiple accept=".json,application/json" data-testid="report-files" onChange={(e) => void pickFiles(e.target.files)} />
                <span className="muted small">{files.length > 0 ? files.map((f) => f.name).join(', ') : t('reports.filesNote')}</span>
              </label>
              <label className="field wide">
                <span>{t('reports.trusted')}</span>
                <textarea rows={4} value={trusted} data-testid="report-trusted" placeholder='[{"outletCode": "…", "publicKey": "…"}]' onChange={(e) => setTrusted(e.target.value)} />
              </label>
            </>
          )}
          <button type="button" className="primary" ref={showRef} data-testid="report-show" disabled={busy} onClick={() => void show()}>
            {t(report === 'form3' ? 'reports.consolidate' : 'reports.show')}
          </button>
        </div>
        {report === 'form2' && <p className="muted small">{t('reports.form2Note')}</p>}
        {report === 'form1' && <p className="muted small">{t('reports.form1Note')}</p>}
      </section>

      {error && <ErrorView error={error} testId="report-error" />}

      {shown && (
        <section className="panel print-area" data-testid="report-shown" data-report={shown.report}>
          <div className="actions no-print">
            <button type="button" data-testid="report-print" onClick={() => window.print()}>
              {t('reports.print')}
            </button>
            {exportable && <ExportButtons report={exportable} params={shown.params} onError={setError} />}
            {shown.report === 'form2' && (
              <button type="button" data-testid="report-outlet-export" onClick={() => void outletExport()}>
                {t('reports.outletExport')}
              </button>
            )}
          </div>
          {shown.form2 && (
            <p className="due-date" data-testid="report-due-date" data-provisional={shown.form2.dueDateProvisional ? 'true' : 'false'}>
              <Bi k="reports.dueDate" vars={{ date: shown.form2.dueDate, month: shown.form2.conversionMonth }} />
              {shown.form2.dueDateProvisional && (
                <span className="due-date-provisional" data-testid="report-due-date-provisional">
                  {' '}
                  {shown.form2.dueDateMissingYear !== undefined ? (
                    <Bi k="reports.dueDateProvisional" vars={{ year: shown.form2.dueDateMissingYear }} />
                  ) : (
                    <Bi k="reports.dueDateProvisionalNoYear" />
                  )}
                  <span className="small muted"> {t('reports.dueDateProvisionalNote')}</span>
                </span>
              )}
              {shown.form2.outlets && <span className="small"> · {t('reports.outlets', { list: shown.form2.outlets.map((o) => `${o.outletName}（${o.outletCode}）`).join('、') })}</span>}
            </p>
          )}
          <ReportView sheet={shown.sheet(lang)} />
        </section>
      )}
    </div>
  );
}
