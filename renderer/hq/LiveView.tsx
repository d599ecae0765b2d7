// The institution live (issue 18 item 2; hub/live.ts): one row a counter, under its outlet, with what
// is wrong said as a sentence with what to do. A table, not a map: a supervisor of 50 outlets sorts
// it by what needs them (problems first), filters it to those, and reads it with the keyboard
// (the sort buttons and the filter are ordinary focusable controls). Asked again every 10 seconds.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LiveAnswer, LiveCounter, LiveOutlet } from '../../shared/sync/live';
import { ErrorView } from '../components/ErrorView';
import { useI18n } from '../i18n/i18n';
import { hubCall, type HubError } from './hubApi';
import { beijingTime } from './time';

const REFRESH_MS = 10_000;

type SortKey = 'problems' | 'outlet' | 'lastSeen' | 'receiptsLeft';
interface Row {
  outlet: LiveOutlet;
  counter: LiveCounter;
}

function compare(key: SortKey): (a: Row, b: Row) => number {
  const byName = (a: Row, b: Row) => a.outlet.code.localeCompare(b.outlet.code) || a.counter.terminalId.localeCompare(b.counter.terminalId);
  switch (key) {
    case 'problems':
      return (a, b) => b.counter.problems.length - a.counter.problems.length || byName(a, b);
    case 'lastSeen':
      return (a, b) => (a.counter.lastSeenAt ?? '').localeCompare(b.counter.lastSeenAt ?? '') || byName(a, b);
    case 'receiptsLeft':
      return (a, b) => a.counter.receiptsLeft - b.counter.receiptsLeft || byName(a, b);
    case 'outlet':
      return byName;
  }
}

export function LiveView({ token }: { token: string }) {
  const { t, lang } = useI18n();
  const [live, setLive] = useState<LiveAnswer>();
  const [error, setError] = useState<HubError>();
  const [sort, setSort] = useState<SortKey>('problems');
  const [onlyProblems, setOnlyProblems] = useState(false);
  const load = useCallback(async () => {
    const r = await hubCall<LiveAnswer>('/v1/live', {}, token);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setLive(r.value);
  }, [token]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const rows = useMemo(() => {
    const all: Row[] = (live?.outlets ?? []).flatMap((outlet) => outlet.counters.map((counter) => ({ outlet, counter })));
    return all.filter((r) => !onlyProblems || r.counter.problems.length > 0).sort(compare(sort));
  }, [live, sort, onlyProblems]);
  const counters = (live?.outlets ?? []).reduce((n, o) => n + o.counters.length, 0);
  const online = (live?.outlets ?? []).reduce((n, o) => n + o.counters.filter((c) => c.online).length, 0);
  const withProblems = (live?.outlets ?? []).reduce((n, o) => n + o.counters.filter((c) => c.problems.length > 0).length, 0);
  const time = beijingTime;
  const sortButton = (key: SortKey, label: string) => (
    <button type="button" className={sort === key ? 'sort active' : 'sort'} aria-pressed={sort === key} data-testid={`live-sort-${key}`} onClick={() => setSort(key)}>
      {label}
    </button>
  );

  return (
    <section className="panel hq-live" data-testid="live">
      <h2>{t('hq.live.title')}</h2>
      {error && <ErrorView error={error} testId="live-error" />}
      {live && (
        <p className="hq-summary" data-testid="live-summary">
          {t('hq.live.summary', { date: live.date, outlets: live.outlets.length, counters, online, problems: withProblems })}
        </p>
      )}
      <div className="hq-controls">
        <span>{t('hq.live.sortBy')}</span>
        {sortButton('problems', t('hq.live.sortProblems'))}
        {sortButton('outlet', t('hq.live.sortOutlet'))}
        {sortButton('lastSeen', t('hq.live.sortLastSeen'))}
        {sortButton('receiptsLeft', t('hq.live.sortReceipts'))}
        <label>
          <input type="checkbox" checked={onlyProblems} data-testid="live-only-problems" onChange={(e) => setOnlyProblems(e.target.checked)} /> {t('hq.live.onlyProblems')}
        </label>
      </div>
      <table className="table compact" data-testid="live-table">
        <thead>
          <tr>
            <th>{t('hq.live.outlet')}</th>
            <th>{t('hq.live.counter')}</th>
            <th>{t('hq.live.status')}</th>
            <th className="num">{t('hq.live.events')}</th>
            <th>{t('hq.live.dayClosed')}</th>
            <th className="num">{t('hq.live.receiptsLeft')}</th>
            <th className="num">{t('hq.live.inTransit')}</th>
            <th className="num">{t('hq.live.backfill')}</th>
            <th>{t('hq.live.positions')}</th>
            <th>{t('hq.live.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ outlet, counter }) => (
            <tr key={counter.terminalId} data-testid={`live-row-${counter.terminalId}`} data-online={counter.online} data-problems={counter.problems.map((p) => p.kind).join(' ')}>
              <td>{outlet.name} <span className="muted small">{outlet.code}</span>{outlet.closed && <span className="small"> · {t('hq.live.outletClosed')}</span>}</td>
              <td>{counter.name} <span className="muted small">{counter.terminalId}</span></td>
              <td className={counter.online ? 'ok' : 'bad'}>
                {counter.revokedAt !== null ? t('hq.live.revoked') : counter.enrolledAt === null ? t('hq.live.notEnrolled') : counter.online ? t('hq.live.online') : t('hq.live.offline')}
                <div className="muted small">{t('hq.live.lastSeen')} {time(counter.lastSeenAt)}</div>
              </td>
              <td className="num mono">
                {counter.held}
                {counter.notReceived !== null && counter.notReceived > 0 && <div className="bad small" data-testid={`live-not-received-${counter.terminalId}`}>{t('hq.live.notReceived', { n: counter.notReceived })}</div>}
                {counter.headHash !== null && <div className="muted small" title={counter.headHash}>{counter.headHash.slice(0, 12)}</div>}
              </td>
              <td>{counter.closed ? t('hq.live.closed') : t('hq.live.open')}</td>
              <td className="num mono">{counter.receiptsLeft.toLocaleString()}<div className="muted small">{t('hq.live.reserveLeft', { n: counter.reserveLeft.toLocaleString() })}</div></td>
              <td className="num mono">{counter.inTransit}</td>
              <td className={`num mono${counter.backfill.late > 0 ? ' bad' : ''}`} data-testid={`live-backfill-${counter.terminalId}`}>
                {counter.backfill.waiting}{counter.backfill.late > 0 && <div className="small">{t('hq.live.backfillLate', { n: counter.backfill.late })}</div>}
              </td>
              <td className="small mono" data-testid={`live-positions-${counter.terminalId}`}>
                {counter.positions.length === 0 ? <span className="muted">—</span> : counter.positions.map((p) => (
                  <div key={p.currency}>{p.currency} {t('hq.live.till')} {p.till} · {t('hq.live.safe')} {p.safe}</div>
                ))}
              </td>
              <td data-testid={`live-problems-${counter.terminalId}`}>
                {counter.problems.length === 0 ? <span className="muted">—</span> : (
                  <ul className="hq-problems">
                    {counter.problems.map((p) => <li key={p.kind}>{lang === 'zh' ? p.zh : p.en}</li>)}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {live && rows.length === 0 && <p className="muted" data-testid="live-empty">{onlyProblems ? t('hq.live.noProblems') : t('hq.live.noCounters')}</p>}
    </section>
  );
}
