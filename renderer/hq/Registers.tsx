// The registers (issue 18 item 3): the receipt books (第三十五条(三) 登记领用: issue, take back from a
// counter out of service, print), the counters enrolled and revoked, the people and their roles for
// every outlet, the policy versions, calendars and conversion tables HQ loaded, and the watch lists
// HQ sends to every counter (WatchLists.tsx). What only HQ's
// manager may do is shown to the manager only; the hub refuses the rest anyway (ROLE_NOT_ALLOWED).
import { useCallback, useEffect, useState } from 'react';
import type { ReferenceLine } from '../../shared/sync/live';
import type { HubPersonView, OutletView, ReceiptBookView } from '../../shared/sync/reference';
import { roleWords } from '../../shared/words';
import { ErrorView } from '../components/ErrorView';
import { useI18n } from '../i18n/i18n';
import { hubCall, type HubError } from './hubApi';
import { beijingTime } from './time';
import { WatchLists } from './WatchLists';

export function Registers({ token, manager }: { token: string; manager: boolean }) {
  const { t, lang } = useI18n();
  const [books, setBooks] = useState<ReceiptBookView[]>([]);
  const [outlets, setOutlets] = useState<OutletView[]>([]);
  const [people, setPeople] = useState<HubPersonView[]>([]);
  const [reference, setReference] = useState<Record<string, ReferenceLine[]>>({});
  const [error, setError] = useState<HubError>();
  const [issue, setIssue] = useState({ terminalId: '', size: '1000' });

  const load = useCallback(async () => {
    const [b, o, p, policy, calendar, conversionTable] = await Promise.all([
      hubCall<ReceiptBookView[]>('/v1/receipt-books/list', {}, token),
      hubCall<OutletView[]>('/v1/outlets/list', {}, token),
      hubCall<HubPersonView[]>('/v1/people/list', {}, token),
      hubCall<ReferenceLine[]>('/v1/reference/list', { kind: 'policy' }, token),
      hubCall<ReferenceLine[]>('/v1/reference/list', { kind: 'calendar' }, token),
      hubCall<ReferenceLine[]>('/v1/reference/list', { kind: 'conversionTable' }, token),
    ]);
    const failed = [b, o, p, policy, calendar, conversionTable].find((r) => !r.ok);
    if (failed && !failed.ok) return setError(failed.error);
    setError(undefined);
    if (b.ok) setBooks(b.value);
    if (o.ok) setOutlets(o.value);
    if (p.ok) setPeople(p.value);
    setReference({ policy: policy.ok ? policy.value : [], calendar: calendar.ok ? calendar.value : [], conversionTable: conversionTable.ok ? conversionTable.value : [] });
  }, [token]);
  useEffect(() => void load(), [load]);

  const act = async (path: string, body: unknown) => {
    const r = await hubCall(path, body, token);
    if (!r.ok) return setError(r.error);
    await load();
  };
  const time = beijingTime;

  return (
    <div className="hq-registers">
      {error && <ErrorView error={error} testId="registers-error" />}
      <section className="panel" data-testid="register-books">
        <h2>{t('hq.books.title')}</h2>
        <div className="hq-controls no-print">
          <button type="button" onClick={() => window.print()} data-testid="books-print">{t('hq.books.print')}</button>
          {manager && (
            <form className="hq-inline" onSubmit={(e) => { e.preventDefault(); void act('/v1/receipt-books/issue', { terminalId: issue.terminalId.trim(), size: Number(issue.size) }); }}>
              <label>{t('hq.live.counter')} <input type="text" maxLength={64} value={issue.terminalId} data-testid="books-issue-terminal" onChange={(e) => setIssue({ ...issue, terminalId: e.target.value })} /></label>
              <label>{t('hq.books.size')} <input type="text" inputMode="numeric" maxLength={6} value={issue.size} data-testid="books-issue-size" onChange={(e) => setIssue({ ...issue, size: e.target.value })} /></label>
              <button type="submit" disabled={!issue.terminalId.trim() || !/^\d{1,6}$/.test(issue.size)} data-testid="books-issue-submit">{t('hq.books.issue')}</button>
            </form>
          )}
        </div>
        <table className="table compact" data-testid="books-table">
          <thead>
            <tr>
              <th>{t('hq.books.code')}</th><th>{t('hq.live.outlet')}</th><th>{t('hq.live.counter')}</th><th>{t('hq.books.range')}</th>
              <th>{t('hq.books.issued')}</th><th>{t('hq.books.usedTo')}</th><th>{t('hq.books.returned')}</th>{manager && <th className="no-print" />}
            </tr>
          </thead>
          <tbody>
            {books.map((b) => (
              <tr key={b.code} data-testid={`book-${b.code}`}>
                <td className="mono">{b.code}{b.reserve && <span className="small"> {t('hq.books.reserve')}</span>}</td>
                <td>{b.outletCode}</td>
                <td>{b.counterName} <span className="muted small">{b.terminalId}</span></td>
                <td className="mono">{b.first} … {b.last}</td>
                <td>{time(b.issuedAt)} <span className="muted small">{b.issuedBy}</span></td>
                <td className="mono">{b.usedTo ?? '—'}</td>
                <td>{b.returnedAt === null ? '—' : `${time(b.returnedAt)} ${b.unused ?? ''}`}</td>
                {manager && (
                  <td className="no-print">
                    {b.returnedAt === null && <button type="button" data-testid={`book-return-${b.code}`} onClick={() => void act('/v1/receipt-books/return', { code: b.code })}>{t('hq.books.return')}</button>}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel no-print" data-testid="register-counters">
        <h2>{t('hq.counters.title')}</h2>
        <table className="table compact">
          <thead><tr><th>{t('hq.live.outlet')}</th><th>{t('hq.live.counter')}</th><th>{t('hq.counters.enrolled')}</th><th>{t('hq.counters.revoked')}</th><th className="num">{t('hq.live.events')}</th></tr></thead>
          <tbody>
            {outlets.flatMap((o) => o.counters.map((c) => (
              <tr key={c.terminalId} data-testid={`counter-${c.terminalId}`}>
                <td>{o.name} <span className="muted small">{o.code}</span></td>
                <td>{c.name} <span className="muted small">{c.terminalId}</span></td>
                <td>{time(c.enrolledAt)}</td>
                <td>{time(c.revokedAt)}</td>
                <td className="num mono">{c.held}</td>
              </tr>
            )))}
          </tbody>
        </table>
      </section>

      <section className="panel no-print" data-testid="register-people">
        <h2>{t('hq.people.title')}</h2>
        <table className="table compact">
          <thead><tr><th>{t('hq.people.id')}</th><th>{t('hq.people.name')}</th><th>{t('hq.people.role')}</th><th>{t('hq.live.outlet')}</th><th>{t('hq.people.state')}</th>{manager && <th />}</tr></thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} data-testid={`person-${p.id}`}>
                <td className="mono">{p.id}</td>
                <td>{p.name}</td>
                <td>{roleWords(p.role)[lang]}</td>
                <td>{p.outletCode ?? t('hq.people.allOutlets')}</td>
                <td>{p.disabled ? t('hq.people.disabled') : p.locked ? t('hq.people.locked') : t('hq.people.active')}</td>
                {manager && (
                  <td>
                    {!p.disabled && (
                      <button type="button" data-testid={`person-${p.locked ? 'unlock' : 'lock'}-${p.id}`} onClick={() => void act(p.locked ? '/v1/people/unlock' : '/v1/people/lock', { id: p.id })}>
                        {p.locked ? t('hq.people.unlock') : t('hq.people.lock')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel no-print" data-testid="register-reference">
        <h2>{t('hq.reference.title')}</h2>
        {(['policy', 'calendar', 'conversionTable'] as const).map((kind) => (
          <div key={kind}>
            <h3>{t(`hq.reference.${kind}`)}</h3>
            {(reference[kind] ?? []).length === 0 ? <p className="muted">{t('hq.reference.none')}</p> : (
              <table className="table compact" data-testid={`reference-${kind}`}>
                <tbody>
                  {(reference[kind] ?? []).map((r) => (
                    <tr key={r.version}><td className="mono">{r.what}</td><td>{r.source}</td><td>{time(r.at)}</td><td>{r.by}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
      </section>
      <WatchLists token={token} manager={manager} />
    </div>
  );
}
