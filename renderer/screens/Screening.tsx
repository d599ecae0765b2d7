// Watch-list screening (第五十四条), a supervisor's back-office tab: the lists in force (version,
// date, entries, where from), a list file to import (the UN consolidated list's XML or a CSV), the
// hits the quote found waiting to be examined (a false positive with the reason, or a refusal,
// recorded as a suspicious-transaction report pending) and the refusals so far. The Terminal
// checks everything; this screen asks and shows.
import { useEffect, useRef, useState } from 'react';
import { mayCall } from '../../shared/api';
import { call, type ApiError } from '../api';
import type { Outputs } from '../apiTypes';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { ErrorView } from '../components/ErrorView';
import { dateTime } from '../format';
import { Bi, both, useI18n } from '../i18n/i18n';
import { useApp } from '../session';

type ListView = Outputs['screening.lists'][number];
type HitView = Outputs['screening.hits'][number];

function HitRow({ hit, onDone }: { hit: HitView; onDone: (decision: 'falsePositive' | 'refuse', error?: ApiError) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'falsePositive' | 'refuse') => {
    setBusy(true);
    const r = await call('screening.examine', { hitId: hit.id, decision, reason: reason.trim() });
    setBusy(false);
    onDone(decision, r.ok ? undefined : r.error);
  };
  return (
    <tr data-testid={`screening-hit-${hit.reference}`}>
      <td>
        <div className="strong">{hit.customerName}</div>
        <div className="small muted">{hit.customerKey}</div>
      </td>
      <td>
        <div className="strong">{hit.reference} {hit.entryName}</div>
        <div className="small muted">{hit.list.name} · v{hit.list.version}</div>
      </td>
      <td>{hit.on === 'document' ? '证件号 document' : '姓名 name'}: {hit.matched}</td>
      <td className="num strong">{hit.score}</td>
      <td>{dateTime(hit.createdAt)} · {hit.tellerId}</td>
      <td>
        <input aria-label={t('screening.reason')} placeholder={t('screening.reason')} value={reason} disabled={busy} data-testid="screening-reason" onChange={(e) => setReason(e.target.value)} />
        <div className="actions">
          <button type="button" disabled={busy || reason.trim() === ''} data-testid="screening-false-positive" onClick={() => void decide('falsePositive')}>{t('screening.falsePositive')}</button>
          <button type="button" className="danger" disabled={busy || reason.trim() === ''} data-testid="screening-refuse" onClick={() => void decide('refuse')}>{t('screening.refuse')}</button>
        </div>
      </td>
    </tr>
  );
}

export function Screening() {
  const { t } = useI18n();
  const { person, notify } = useApp();
  const [lists, setLists] = useState<ListView[]>();
  const [pending, setPending] = useState<HitView[]>([]);
  const [refused, setRefused] = useState<HitView[]>([]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({ listId: 'un-sc', name: '联合国安理会综合名单 UN SC consolidated list', format: 'un-xml' as 'un-xml' | 'csv' });
  const fileRef = useRef<HTMLInputElement>(null);
  const mayImport = person !== undefined && mayCall('screening.import', person.role);

  const refresh = async () => {
    const [l, p, r] = await Promise.all([call('screening.lists', { all: true }), call('screening.hits', { state: 'pending' }), call('screening.hits', { state: 'refused' })]);
    if (l.ok) setLists(l.value); else setError(l.error);
    if (p.ok) setPending(p.value);
    if (r.ok) setRefused(r.value);
  };
  useEffect(() => {
    void refresh();
  }, []);

  const importFile = async () => {
    const file = fileRef.current?.files?.[0];
    if (!file || !form.listId.trim() || !form.name.trim()) return setError({ code: 'SCREENING_LIST_INVALID', message: both('screening.fileEmpty') });
    setBusy(true);
    setError(undefined);
    const content = await file.text().catch(() => '');
    const r = await call('screening.import', { listId: form.listId.trim(), name: form.name.trim(), format: form.format, content });
    setBusy(false);
    if (fileRef.current) fileRef.current.value = '';
    if (!r.ok) return setError(r.error);
    notify({ kind: 'ok', message: both('screening.imported', { name: r.value.name, version: r.value.version, entries: r.value.entryCount }) });
    await refresh();
  };

  const examined = async (hit: HitView, decision: 'falsePositive' | 'refuse', e?: ApiError) => {
    if (e) return setError(e);
    setError(undefined);
    const word = both(decision === 'refuse' ? 'screening.refuse' : 'screening.falsePositive');
    notify({ kind: 'ok', message: { zh: both('screening.examined', { reference: hit.reference, decision: word.zh }).zh, en: both('screening.examined', { reference: hit.reference, decision: word.en }).en } });
    await refresh();
  };

  return (
    <div className="screen screening" data-testid="screening-screen">
      <BackOfficeNav current="screening" />
      <header className="screen-head">
        <h1><Bi k="screening.title" /></h1>
      </header>
      <p className="muted small">{t('screening.note')}</p>
      {error && <ErrorView error={error} testId="screening-error" />}

      <section className="panel">
        <h2>{t('screening.pending')}</h2>
        {pending.length === 0 ? <p className="muted" data-testid="screening-no-pending">{t('screening.noPending')}</p> : (
          <table className="table compact" data-testid="screening-pending">
            <thead>
              <tr><th>{t('screening.customer')}</th><th>{t('screening.entry')}</th><th>{t('screening.matched')}</th><th className="num">{t('screening.score')}</th><th /><th /></tr>
            </thead>
            <tbody>{pending.map((h) => <HitRow key={h.id} hit={h} onDone={(d, e) => void examined(h, d, e)} />)}</tbody>
          </table>
        )}
      </section>

      <section className="panel">
        <h2>{t('screening.lists')}</h2>
        {lists && lists.length === 0 ? <p className="muted">{t('screening.noLists')}</p> : (
          <table className="table compact" data-testid="screening-lists">
            <thead>
              <tr><th>{t('screening.list')}</th><th className="num">{t('screening.version')}</th><th>{t('screening.generated')}</th><th className="num">{t('screening.entries')}</th><th>{t('screening.importedAt')}</th><th>{t('screening.importedBy')}</th><th>{t('screening.source')}</th></tr>
            </thead>
            <tbody>
              {(lists ?? []).map((l) => (
                <tr key={l.id} className={l.active ? 'strong' : 'muted'} data-testid={`screening-list-${l.listId}-${l.version}`} data-active={l.active}>
                  <td>{l.name} <span className="small muted">({l.listId})</span></td>
                  <td className="num">{l.version}{l.active ? ' ✓' : ''}</td>
                  <td>{l.generated ?? ''}</td>
                  <td className="num">{l.entryCount}</td>
                  <td>{dateTime(l.importedAt)}</td>
                  <td>{l.importedBy}</td>
                  <td>{l.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {mayImport && (
        <section className="panel" data-testid="screening-import">
          <h2>{t('screening.import')}</h2>
          <label className="field"><span>{t('screening.listId')}</span><input value={form.listId} data-testid="screening-list-id" onChange={(e) => setForm({ ...form, listId: e.target.value })} /></label>
          <label className="field"><span>{t('screening.listName')}</span><input value={form.name} data-testid="screening-list-name" onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
          <label className="field">
            <span>{t('screening.format')}</span>
            <select value={form.format} data-testid="screening-format" onChange={(e) => setForm({ ...form, format: e.target.value === 'csv' ? 'csv' : 'un-xml' })}>
              <option value="un-xml">{t('screening.format.un-xml')}</option>
              <option value="csv">{t('screening.format.csv')}</option>
            </select>
          </label>
          <label className="field"><span>{t('screening.file')}</span><input ref={fileRef} type="file" accept=".xml,.csv,text/xml,text/csv" disabled={busy} data-testid="screening-file" /></label>
          <button type="button" disabled={busy} data-testid="screening-import-button" onClick={() => void importFile()}>{t('screening.import')}</button>
        </section>
      )}

      {refused.length > 0 && (
        <section className="panel">
          <h2>{t('screening.refused')}</h2>
          <ul data-testid="screening-refused">
            {refused.map((h) => <li key={h.id}>{dateTime(h.decision?.at ?? h.createdAt)} · {h.customerName} ({h.customerKey}) · {h.reference} {h.entryName} · {h.decision?.by}: {h.decision?.reason}</li>)}
          </ul>
        </section>
      )}
    </div>
  );
}
