// Watch lists from HQ (第五十四条; issue 19 item 1): HQ's manager sends a list file (the UN Security
// Council consolidated list as published, XML, or any list as CSV) to every counter; the hub checks
// it with the counters' own parser (SCREENING_LIST_INVALID says what is wrong) and each counter
// imports it at its next pull and screens every customer against it. Any HQ role sees what was sent.
import { useCallback, useEffect, useState } from 'react';
import type { ReferenceLine } from '../../shared/sync/live';
import { ErrorView } from '../components/ErrorView';
import { useI18n } from '../i18n/i18n';
import { hubCall, type HubError } from './hubApi';
import { beijingTime } from './time';

const LIST_ID = /^[a-z0-9][a-z0-9._-]{0,39}$/;

export function WatchLists({ token, manager }: { token: string; manager: boolean }) {
  const { t } = useI18n();
  const [lists, setLists] = useState<ReferenceLine[]>([]);
  const [form, setForm] = useState({ listId: '', name: '', format: 'un-xml' as 'un-xml' | 'csv' });
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<HubError>();
  const [done, setDone] = useState<string>();
  const [sending, setSending] = useState(false);

  const load = useCallback(async () => {
    const r = await hubCall<ReferenceLine[]>('/v1/reference/list', { kind: 'watchList' }, token);
    if (r.ok) setLists(r.value);
    else setError(r.error);
  }, [token]);
  useEffect(() => void load(), [load]);

  const send = async () => {
    if (!file) return;
    setDone(undefined);
    setSending(true);
    try {
      const content = await file.text();
      const r = await hubCall<{ version: string; entries: number }>('/v1/watch-lists', { listId: form.listId.trim(), name: form.name.trim(), format: form.format, content }, token);
      if (!r.ok) return setError(r.error);
      setError(undefined);
      setDone(t('hq.watch.sent', { listId: form.listId.trim(), entries: String(r.value.entries) }));
      await load();
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="panel no-print" data-testid="register-watch-lists">
      <h2>{t('hq.watch.title')}</h2>
      {manager && (
        <form className="hq-controls" onSubmit={(e) => { e.preventDefault(); void send(); }}>
          <label>{t('hq.watch.listId')} <input type="text" maxLength={40} value={form.listId} data-testid="watch-list-id" onChange={(e) => setForm({ ...form, listId: e.target.value })} /></label>
          <label>{t('hq.watch.name')} <input type="text" maxLength={200} value={form.name} data-testid="watch-list-name" onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
          <label>
            {t('hq.watch.format')}{' '}
            <select value={form.format} data-testid="watch-list-format" onChange={(e) => setForm({ ...form, format: e.target.value as 'un-xml' | 'csv' })}>
              <option value="un-xml">{t('hq.watch.formatUn')}</option>
              <option value="csv">CSV</option>
            </select>
          </label>
          <label>{t('hq.watch.file')} <input type="file" accept=".xml,.csv,text/xml,text/csv" data-testid="watch-list-file" onChange={(e) => setFile(e.target.files?.[0])} /></label>
          <button type="submit" className="primary" disabled={sending || !file || !LIST_ID.test(form.listId.trim()) || !form.name.trim()} data-testid="watch-list-submit">{t('hq.watch.send')}</button>
        </form>
      )}
      {manager && <p className="muted small">{t('hq.watch.hint')}</p>}
      {done && <p className="ok" data-testid="watch-list-done">{done}</p>}
      {error && <ErrorView error={error} testId="watch-list-error" />}
      {lists.length === 0 ? <p className="muted">{t('hq.reference.none')}</p> : (
        <table className="table compact" data-testid="watch-lists">
          <thead><tr><th>{t('hq.watch.listId')}</th><th>{t('hq.watch.name')}</th><th>{t('hq.rates.when')}</th><th>{t('hq.rates.by')}</th></tr></thead>
          <tbody>
            {lists.map((r) => (
              <tr key={r.version} data-testid={`watch-list-${r.version}`}><td className="mono">{r.what}</td><td>{r.source}</td><td>{beijingTime(r.at)}</td><td>{r.by}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
