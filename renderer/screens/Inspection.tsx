// 检查 Inspection (issue 19 item 7; 第四十九条: the records shown to SAFE's inspectors on request,
// 第三十二条(二), 第三十五条(三)): the journal searched across dates (journal.search: a search by
// customer is recorded in the audit trail, and the screen says so), the result exported as CSV or
// XLSX, and the closed days' archives (the receipts' institution copies and the back-fill list,
// one PDF a day in the encrypted ledger) listed, verified, downloaded, and made for a day missing one.
// Reporters see customers masked (the Terminal masks their answers); archive.get and archive.make
// are a supervisor's.
import { useEffect, useState } from 'react';
import { mayCall } from '../../shared/api';
import { exactAmount } from '../../shared/reports/journal';
import { businessDate } from '../../shared/time';
import type { Input } from '../../shared/api';
import { call, type ApiError } from '../api';
import type { Outputs } from '../apiTypes';
import { downloadBase64 } from '../backoffice';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { ErrorView } from '../components/ErrorView';
import { Bi, useI18n } from '../i18n/i18n';
import { useApp } from '../session';

type Search = Input<'journal.search'>;
type Page = Outputs['journal.search'];
type Archive = Outputs['archive.list'][number];
type Check = Outputs['archive.verify'][number];

const PATHS = ['', 'realtime', 'interface', 'pageMode', 'backfill', 'exempt'] as const;

/** The form's fields as the search's input: empty fields left out. */
function criteria(form: Record<string, string>): Omit<Search, 'limit' | 'after'> {
  const out: Record<string, unknown> = { from: form.from, to: form.to };
  for (const k of ['idType', 'idNumber', 'name', 'currency', 'rmbMin', 'rmbMax', 'path'] as const) if (form[k]?.trim()) out[k] = form[k]!.trim();
  if (form.receiptNo?.trim()) out.receiptNo = Number(form.receiptNo.trim());
  return out as Omit<Search, 'limit' | 'after'>;
}

export function Inspection() {
  const { t } = useI18n();
  const { person } = useApp();
  // This month so far, in China's calendar (shared/time.ts).
  const [form, setForm] = useState<Record<string, string>>(() => {
    const today = businessDate(new Date());
    return { from: `${today.slice(0, 8)}01`, to: today, path: '' };
  });
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<ApiError>();
  const [archives, setArchives] = useState<Archive[]>();
  const [checks, setChecks] = useState<Map<string, Check>>(new Map());
  const [busy, setBusy] = useState(false);
  const supervisor = person !== undefined && mayCall('archive.get', person.role);

  const loadArchives = async () => {
    const r = await call('archive.list', {});
    if (r.ok) setArchives(r.value);
    else setError(r.error);
  };
  useEffect(() => {
    void loadArchives();
  }, []);

  const search = async (after?: Page['next']) => {
    setBusy(true);
    const r = await call('journal.search', { ...criteria(form), limit: 100, ...(after ? { after } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setPage(after && page ? { trades: [...page.trades, ...r.value.trades], ...(r.value.next ? { next: r.value.next } : {}) } : r.value);
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    const r = await call('journal.export', { ...criteria(form), format });
    if (!r.ok) return setError(r.error);
    downloadBase64(r.value);
  };
  const verify = async () => {
    const r = await call('archive.verify', {});
    if (!r.ok) return setError(r.error);
    setChecks(new Map(r.value.map((c) => [c.businessDate, c])));
  };
  const download = async (date: string) => {
    const r = await call('archive.get', { date });
    if (!r.ok) return setError(r.error);
    downloadBase64(r.value);
  };
  const make = async (date: string) => {
    const r = await call('archive.make', { date });
    if (!r.ok) return setError(r.error);
    await loadArchives();
  };
  const field = (k: string, label: string, type = 'text') => (
    <label className="field" key={k}>
      <span>{label}</span>
      <input type={type} value={form[k] ?? ''} data-testid={`inspect-${k}`} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
    </label>
  );

  return (
    <div className="screen inspection" data-testid="inspection-screen">
      <BackOfficeNav current="inspection" />
      <header className="screen-head">
        <h1>
          <Bi k="inspection.title" />
        </h1>
      </header>
      <p className="muted small">{t('inspection.note')}</p>
      <section className="panel">
        <h2>{t('inspection.search')}</h2>
        <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void search(); }}>
          {field('from', t('inspection.from'), 'date')}
          {field('to', t('inspection.to'), 'date')}
          {field('receiptNo', t('inspection.receiptNo'))}
          {field('idType', t('inspection.idType'))}
          {field('idNumber', t('inspection.idNumber'))}
          {field('name', t('inspection.name'))}
          {field('currency', t('inspection.currency'))}
          {field('rmbMin', t('inspection.rmbMin'))}
          {field('rmbMax', t('inspection.rmbMax'))}
          <label className="field">
            <span>{t('inspection.path')}</span>
            <select value={form.path} data-testid="inspect-path" onChange={(e) => setForm({ ...form, path: e.target.value })}>
              {PATHS.map((p) => <option key={p} value={p}>{p === '' ? t('inspection.anyPath') : t(`inspection.path.${p}`)}</option>)}
            </select>
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy} data-testid="inspect-search">{t('inspection.searchButton')}</button>
            <button type="button" data-testid="inspect-export-csv" onClick={() => void exportAs('csv')}>CSV</button>
            <button type="button" data-testid="inspect-export-xlsx" onClick={() => void exportAs('xlsx')}>XLSX</button>
          </div>
        </form>
        <p className="muted small">{t('inspection.audited')}</p>
      </section>

      {error && <ErrorView error={error} testId="inspection-error" />}

      {page && (
        <section className="panel">
          <table className="table compact" data-testid="inspect-results">
            <thead>
              <tr>
                <th>{t('inspection.date')}</th><th>{t('inspection.receiptNo')}</th><th>{t('inspection.name')}</th><th>{t('inspection.idNumber')}</th>
                <th>{t('inspection.currency')}</th><th className="num">{t('inspection.foreign')}</th><th className="num">{t('inspection.rmb')}</th>
                <th>{t('inspection.path')}</th><th>{t('inspection.status')}</th>
              </tr>
            </thead>
            <tbody>
              {page.trades.map((x) => (
                <tr key={x.id} data-testid={`inspect-row-${x.receiptNo}`}>
                  <td>{x.businessDate}</td><td>{x.receiptText}</td><td>{x.customer.name}</td><td>{x.customer.idNumber}</td>
                  <td>{x.currency}</td><td className="num">{exactAmount(x.foreign.amount, x.currency)}</td><td className="num">{exactAmount(x.rmb.amount, 'CNY')}</td>
                  <td>{t(x.channel === '41' ? 'inspection.path.pageMode' : x.channel === '42' ? 'inspection.path.interface' : `inspection.path.${x.reportingPath}`)}</td><td>{x.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.trades.length === 0 && <p className="muted" data-testid="inspect-none">{t('inspection.none')}</p>}
          {page.next && <button type="button" data-testid="inspect-more" onClick={() => void search(page.next)}>{t('inspection.more')}</button>}
        </section>
      )}

      <section className="panel">
        <h2>{t('inspection.archives')}</h2>
        <p className="muted small">{t('inspection.archivesNote')}</p>
        <button type="button" data-testid="archive-verify" onClick={() => void verify()}>{t('inspection.verify')}</button>
        <table className="table compact" data-testid="archive-list">
          <thead>
            <tr>
              <th>{t('inspection.date')}</th><th>{t('inspection.archiveState')}</th><th className="num">{t('inspection.receipts')}</th>
              <th className="num">{t('inspection.size')}</th><th>SHA-256</th><th>{t('inspection.retainUntil')}</th><th>{t('inspection.verified')}</th><th />
            </tr>
          </thead>
          <tbody>
            {archives?.map((a) => {
              const c = checks.get(a.businessDate);
              return (
                <tr key={a.businessDate} data-testid={`archive-${a.businessDate}`}>
                  <td>{a.businessDate}</td>
                  <td>{a.state === 'made' ? t('inspection.made') : t('inspection.missing')}</td>
                  <td className="num">{a.receipts ?? ''}</td>
                  <td className="num">{a.size ?? ''}</td>
                  <td className="mono small" title={a.sha256}>{a.sha256?.slice(0, 16) ?? ''}</td>
                  <td>{a.retainUntil ?? ''}</td>
                  <td data-testid={`archive-check-${a.businessDate}`}>{c ? (c.ok ? '✓ OK' : `✗ ${c.checks.filter((k) => !k.ok).map((k) => k.name).join(', ')}`) : ''}</td>
                  <td>
                    {supervisor && a.state === 'made' && <button type="button" data-testid={`archive-get-${a.businessDate}`} onClick={() => void download(a.businessDate)}>PDF</button>}
                    {supervisor && a.state === 'missing' && <button type="button" data-testid={`archive-make-${a.businessDate}`} onClick={() => void make(a.businessDate)}>{t('inspection.make')}</button>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
