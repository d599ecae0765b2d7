// Rate boards from HQ (issue 18 item 3): a rate pushed to several outlets at once, checked by the hub
// against each outlet's board (RATE_IMPLAUSIBLE names each outlet it is far from: the manager checks
// for a slip, and confirms only if the market moved), and an outlet's board history.
import { useCallback, useEffect, useState } from 'react';
import type { RateLine } from '../../shared/sync/live';
import type { OutletView } from '../../shared/sync/reference';
import { ErrorView } from '../components/ErrorView';
import { useI18n } from '../i18n/i18n';
import { hubCall, type HubError } from './hubApi';
import { beijingTime } from './time';

export function Rates({ token, manager }: { token: string; manager: boolean }) {
  const { t } = useI18n();
  const [outlets, setOutlets] = useState<OutletView[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [form, setForm] = useState({ currency: 'USD', buyPer100: '', sellPer100: '' });
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<HubError>();
  const [done, setDone] = useState<string>();
  const [historyOf, setHistoryOf] = useState('');
  const [history, setHistory] = useState<RateLine[]>([]);

  useEffect(() => {
    void hubCall<OutletView[]>('/v1/outlets/list', {}, token).then((r) => (r.ok ? setOutlets(r.value) : setError(r.error)));
  }, [token]);
  const loadHistory = useCallback(async (outletCode: string) => {
    const r = await hubCall<RateLine[]>('/v1/rates/list', outletCode ? { outletCode } : {}, token);
    if (r.ok) setHistory(r.value);
    else setError(r.error);
  }, [token]);
  useEffect(() => void loadHistory(historyOf), [historyOf, loadHistory]);

  const push = async () => {
    setDone(undefined);
    const r = await hubCall<{ outlets: { outletCode: string }[] }>('/v1/rates/push', { outletCodes: chosen, currency: form.currency.trim().toUpperCase(), buyPer100: form.buyPer100.trim(), sellPer100: form.sellPer100.trim(), confirm }, token);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setConfirm(false);
    setDone(t('hq.rates.pushed', { currency: form.currency.toUpperCase(), outlets: r.value.outlets.map((o) => o.outletCode).join('、') }));
    await loadHistory(historyOf);
  };
  const toggle = (code: string) => setChosen(chosen.includes(code) ? chosen.filter((c) => c !== code) : [...chosen, code]);

  return (
    <div className="hq-rates">
      {manager && (
        <section className="panel" data-testid="rates-push">
          <h2>{t('hq.rates.pushTitle')}</h2>
          <form onSubmit={(e) => { e.preventDefault(); void push(); }}>
            <fieldset className="hq-outlets">
              <legend>{t('hq.rates.outlets')}</legend>
              {outlets.map((o) => (
                <label key={o.code}>
                  <input type="checkbox" checked={chosen.includes(o.code)} data-testid={`rates-outlet-${o.code}`} onChange={() => toggle(o.code)} /> {o.name} <span className="muted small">{o.code}</span>
                </label>
              ))}
            </fieldset>
            <div className="hq-controls">
              <label>{t('trade.currency')} <input type="text" maxLength={3} value={form.currency} data-testid="rates-currency" onChange={(e) => setForm({ ...form, currency: e.target.value })} /></label>
              <label>{t('hq.rates.buy')} <input type="text" inputMode="decimal" maxLength={20} value={form.buyPer100} data-testid="rates-buy" onChange={(e) => setForm({ ...form, buyPer100: e.target.value })} /></label>
              <label>{t('hq.rates.sell')} <input type="text" inputMode="decimal" maxLength={20} value={form.sellPer100} data-testid="rates-sell" onChange={(e) => setForm({ ...form, sellPer100: e.target.value })} /></label>
              {error?.code === 'RATE_IMPLAUSIBLE' && (
                <label><input type="checkbox" checked={confirm} data-testid="rates-confirm" onChange={(e) => setConfirm(e.target.checked)} /> {t('hq.rates.confirm')}</label>
              )}
              <button type="submit" className="primary" disabled={chosen.length === 0 || !form.buyPer100.trim() || !form.sellPer100.trim()} data-testid="rates-submit">{t('hq.rates.push')}</button>
            </div>
          </form>
          {done && <p className="ok" data-testid="rates-done">{done}</p>}
        </section>
      )}
      {error && <ErrorView error={error} testId="rates-error" />}
      <section className="panel" data-testid="rates-history">
        <h2>{t('hq.rates.historyTitle')}</h2>
        <label>
          {t('hq.live.outlet')}{' '}
          <select value={historyOf} data-testid="rates-history-outlet" onChange={(e) => setHistoryOf(e.target.value)}>
            <option value="">{t('hq.rates.everyOutlet')}</option>
            {outlets.map((o) => <option key={o.code} value={o.code}>{o.name} ({o.code})</option>)}
          </select>
        </label>
        <table className="table compact" data-testid="rates-history-table">
          <thead><tr><th>{t('hq.rates.when')}</th><th>{t('hq.live.outlet')}</th><th>{t('trade.currency')}</th><th className="num">{t('hq.rates.buy')}</th><th className="num">{t('hq.rates.sell')}</th><th>{t('hq.rates.by')}</th></tr></thead>
          <tbody>
            {history.map((r) => (
              <tr key={r.version} data-testid={`rate-${r.version}`}>
                <td>{beijingTime(r.at)}</td>
                <td>{r.outletCode ?? t('hq.people.allOutlets')}</td>
                <td>{r.currency}</td>
                <td className="num mono">{r.buyPer100}</td>
                <td className="num mono">{r.sellPer100}</td>
                <td>{r.setBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
