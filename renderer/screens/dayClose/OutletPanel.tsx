// The outlet's close (网点日终, issue 17 item 5), shown under a counter's closed day at an outlet of
// several counters: which counters have closed the date, an excuse (with why) for a counter that will
// not, what SAFE holds that no counter does (each with its resolution), and the close itself, a
// supervisor's. The Terminal and the hub decide; a refusal says which counters are still open.
import { useEffect, useState } from 'react';
import { mayCall } from '../../../shared/api';
import { call, type ApiError } from '../../api';
import type { Outputs } from '../../apiTypes';
import { ErrorView } from '../../components/ErrorView';
import { dateTime } from '../../format';
import { Bi, both, useI18n } from '../../i18n/i18n';
import { useApp } from '../../session';

type OutletDay = Outputs['dayClose.outletStatus'];

export function OutletPanel({ date }: { date: string }) {
  const { t } = useI18n();
  const { person, notify, bumpStatus } = useApp();
  const [several, setSeveral] = useState(false);
  const [day, setDay] = useState<OutletDay>();
  const [excuses, setExcuses] = useState<Record<string, string>>({});
  const [resolutions, setResolutions] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('outlet.get', {}).then(async (r) => {
      const many = r.ok && (r.value.hub?.counters.filter((c) => !c.revoked).length ?? 0) > 1;
      setSeveral(many);
      if (!many) return;
      const s = await call('dayClose.outletStatus', { date });
      if (!s.ok) return setError(s.error);
      setError(undefined);
      setDay(s.value);
    });
  }, [date]);

  if (!several) return null;
  const mayClose = !!person && mayCall('dayClose.outletClose', person.role);

  const close = async () => {
    if (!person || busy || !day) return;
    setBusy(true);
    const r = await call('dayClose.outletClose', {
      date,
      excused: Object.entries(excuses).filter(([, reason]) => reason.trim()).map(([terminalId, reason]) => ({ terminalId, reason: reason.trim() })),
      resolutions: Object.entries(resolutions).filter(([, v]) => v.trim()).map(([key, resolution]) => ({ key, resolution: resolution.trim() })),
      actor: person.id,
    });
    setBusy(false);
    bumpStatus();
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setDay(r.value);
    notify({ kind: 'ok', message: both('outletClose.doneNotice', { date }) });
  };

  return (
    <section className="panel" data-testid="outlet-close" data-closed={String(!!day?.closed)}>
      <h2>
        <Bi k="outletClose.title" />
      </h2>
      {error && <ErrorView error={error} testId="outlet-close-error" />}
      {day && (
        <>
          <table className="table" data-testid="outlet-close-counters">
            <tbody>
              {day.counters.filter((c) => !c.revoked).map((c) => (
                <tr key={c.terminalId} data-testid={`outlet-counter-${c.terminalId}`} data-closed={String(c.closedAt !== null)}>
                  <td>
                    {c.name} <span className="muted mono">{c.terminalId}</span>
                    {c.self && <span className="muted"> · {t('outletClose.thisCounter')}</span>}
                  </td>
                  <td>
                    {c.closedAt !== null ? (
                      t('outletClose.counterClosed', { by: c.closedBy ?? '', at: dateTime(c.closedAt) })
                    ) : day.closed ? (
                      t('outletClose.excused', { reason: day.closed.excused.find((x) => x.terminalId === c.terminalId)?.reason ?? '' })
                    ) : (
                      <label className="field inline-field">
                        <span className="todo-word">{t('outletClose.notClosed')}</span>
                        <input type="text" maxLength={200} placeholder={t('outletClose.excuseHint')} value={excuses[c.terminalId] ?? ''} data-testid={`outlet-excuse-${c.terminalId}`}
                          onChange={(e) => setExcuses((x) => ({ ...x, [c.terminalId]: e.target.value }))} />
                      </label>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!day.reconciliation.checked && <p className="todo-word">{t('outletClose.notChecked', { error: day.reconciliation.error ?? '' })}</p>}
          {day.reconciliation.items.map((i) => (
            <label key={i.key} className="field" data-testid={`outlet-item-${i.key}`}>
              <span>{i.detail}</span>
              <input type="text" maxLength={500} value={resolutions[i.key] ?? ''} disabled={!!day.closed} onChange={(e) => setResolutions((r) => ({ ...r, [i.key]: e.target.value }))} />
            </label>
          ))}
          {day.closed ? (
            <p className="ok-banner" data-testid="outlet-close-done">
              {t('outletClose.closed', { by: day.closed.closedBy, at: dateTime(day.closed.closedAt) })}
            </p>
          ) : mayClose ? (
            <button type="button" className="confirm" disabled={busy} data-testid="outlet-close-submit" onClick={() => void close()}>
              <Bi k="outletClose.submit" />
            </button>
          ) : (
            <p className="muted">{t('outletClose.supervisorOnly')}</p>
          )}
        </>
      )}
    </section>
  );
}
