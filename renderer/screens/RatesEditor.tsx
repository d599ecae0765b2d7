// The rate board editor (牌价, 第三十四条): the board as it stands, with stale rates marked, a form
// to set a currency's cash buy and cash sell rates per 100 units and its fee, and the history of
// the chosen currency. The Terminal checks every rate; this screen only asks and shows.
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { call, type ApiError } from '../api';
import type { RateView } from '../apiTypes';
import { mayCall } from '../../shared/api';
import { useApp } from '../session';
import { ErrorView } from '../components/ErrorView';
import { DateField } from '../components/DateField';
import { dateTime, money, rate } from '../format';
import { usePoll } from '../hooks';
import { Bi, both, useI18n } from '../i18n/i18n';

export function RatesEditor() {
  const { t, pick } = useI18n();
  const { person, info, notify } = useApp();
  const board = usePoll(() => call('rates.board', {}), 10_000);
  const [form, setForm] = useState({ currency: '', buy: '', sell: '', fee: '0' });
  const [error, setError] = useState<ApiError>();
  // A rate far from the board (RATE_FAR_FROM_BOARD, 第三十四条): the supervisor's reason, asked only then.
  const [reason, setReason] = useState('');
  const far = error?.code === 'RATE_FAR_FROM_BOARD';
  // A rate typed again is a new rate: the question was about the one before.
  useEffect(() => {
    setError((e) => (e?.code === 'RATE_FAR_FROM_BOARD' || e?.code === 'CURRENCY_NOT_FILED' ? undefined : e));
    setReason('');
  }, [form.currency, form.buy, form.sell, form.fee]);
  // 第三十四条: a currency new to the board needs its filing date (CURRENCY_NOT_FILED); asked only then.
  const [filedOn, setFiledOn] = useState('');
  const unfiled = error?.code === 'CURRENCY_NOT_FILED';
  const listings = usePoll(() => call('rates.listings', {}), 60_000);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<RateView[]>();
  // Setting a rate is the supervisor's and the manager's (rates.set's roles): a teller reads the board
  // here and is not shown a form it would be refused on (issue 20 item 2).
  const maySet = person !== undefined && mayCall('rates.set', person.role);
  const refs = { currency: useRef<HTMLInputElement>(null), buy: useRef<HTMLInputElement>(null), sell: useRef<HTMLInputElement>(null), fee: useRef<HTMLInputElement>(null) };
  const rows = board.value?.ok ? board.value.value : [];
  const stale = rows.filter((r) => r.stale);
  const code = form.currency.trim().toUpperCase();
  const known = info?.currencies.find((c) => c.code === code);

  useEffect(() => {
    refs.currency.current?.focus();
  }, [refs.currency]);

  useEffect(() => {
    if (!known) {
      setHistory(undefined);
      return;
    }
    let alive = true;
    void call('rates.history', { currency: code, limit: 20 }).then((r) => alive && setHistory(r.ok ? r.value : undefined));
    return () => {
      alive = false;
    };
  }, [code, known, board.value]);

  const pickCurrency = (r: RateView) => {
    setForm({ currency: r.currency, buy: r.buyPer100, sell: r.sellPer100, fee: r.fee });
    requestAnimationFrame(() => {
      refs.buy.current?.focus();
      refs.buy.current?.select();
    });
  };

  const submit = async () => {
    if (!person) return;
    setBusy(true);
    const r = await call('rates.set', {
      currency: code, buyPer100: form.buy.trim(), sellPer100: form.sell.trim(), fee: form.fee.trim() || '0', setBy: person.id,
      ...(far && reason.trim() ? { confirmReason: reason.trim() } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(undefined);
    setReason('');
    notify({ kind: 'ok', message: both('rates.setDone', { currency: r.value.currency, buy: rate(r.value.buyPer100), sell: rate(r.value.sellPer100) }) });
    board.refresh();
    setForm({ currency: '', buy: '', sell: '', fee: '0' });
    refs.currency.current?.focus();
  };

  const recordFiling = async () => {
    if (!person) return;
    setBusy(true);
    const r = await call('rates.listCurrency', { currency: code, filedOn: filedOn.trim(), actor: person.id });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setFiledOn('');
    listings.refresh();
    notify({ kind: 'ok', message: both('rates.filingDone', { currency: r.value.currency, filedOn: r.value.filedOn ?? '', firstAllowed: r.value.firstAllowed ?? '' }) });
    // Allowed already only when filed 10 working days ago or more: the rate goes on now; else the
    // board's refusal (CURRENCY_NOT_YET_LISTED) says from when.
    await submit();
  };

  const enterTo = (next: RefObject<HTMLInputElement | null> | 'submit') => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (next === 'submit') void submit();
    else {
      next.current?.focus();
      next.current?.select();
    }
  };

  return (
    <div className="screen rates" data-testid="rates-screen">
      <header className="screen-head">
        <h1>{t(maySet ? 'rates.editorTitle' : 'rateBoard')}</h1>
      </header>
      {stale.length > 0 && (
        <div className="warn-banner" role="alert" data-testid="rates-stale-warning">
          <Bi k="rates.staleWarning" vars={{ currencies: stale.map((r) => r.currency).join(', ') }} />
        </div>
      )}
      <div className="rates-layout">
        <table className="table" data-testid="rates-table">
          <thead>
            <tr>
              <th>{t('trade.currency')}</th>
              <th className="num">{t('cashBuyRate')}</th>
              <th className="num">{t('cashSellRate')}</th>
              <th className="num">{t('fee')}</th>
              <th>{t('rates.effectiveAt')}</th>
              <th>{t('rates.setBy')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const c = info?.currencies.find((x) => x.code === r.currency);
              return (
                <tr key={r.currency} className={r.stale ? 'stale' : ''} data-testid={`rates-row-${r.currency}`} data-stale={r.stale} onClick={() => pickCurrency(r)}>
                  <td>
                    <span className="mono">{r.currency}</span> {c && pick(c)}
                    {r.stale && <strong className="stale-word"> {t('rates.stale')}</strong>}
                  </td>
                  <td className="num mono" data-testid={`rates-buy-${r.currency}`}>
                    {rate(r.buyPer100)}
                  </td>
                  <td className="num mono" data-testid={`rates-sell-${r.currency}`}>
                    {rate(r.sellPer100)}
                  </td>
                  <td className="num mono">{money({ currency: 'CNY', amount: r.fee })}</td>
                  <td className="mono">{dateTime(r.effectiveAt)}</td>
                  <td>{r.setBy}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {maySet && <form
          className="rate-form"
          data-testid="rates-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2>{t('rates.setTitle')}</h2>
          <label className="field">
            <span>{t('trade.currency')}</span>
            <input
              ref={refs.currency}
              type="text"
              className="mono"
              maxLength={3}
              autoComplete="off"
              value={form.currency}
              list="rates-currency-list"
              data-testid="rates-currency"
              onChange={(e) => setForm({ ...form, currency: e.target.value.toUpperCase().replace(/[^A-Z]/g, '') })}
              onKeyDown={enterTo(refs.buy)}
            />
            <datalist id="rates-currency-list">
              {info?.currencies.map((c) => (
                <option key={c.code} value={c.code}>
                  {pick(c)}
                </option>
              ))}
            </datalist>
            <span className="currency-name">{known ? pick(known) : ''}</span>
          </label>
          <label className="field">
            <span>{t('rates.buyPer100')}</span>
            <input ref={refs.buy} type="text" inputMode="decimal" className="mono" value={form.buy} data-testid="rates-buy" onChange={(e) => setForm({ ...form, buy: e.target.value })} onKeyDown={enterTo(refs.sell)} />
          </label>
          <label className="field">
            <span>{t('rates.sellPer100')}</span>
            <input ref={refs.sell} type="text" inputMode="decimal" className="mono" value={form.sell} data-testid="rates-sell" onChange={(e) => setForm({ ...form, sell: e.target.value })} onKeyDown={enterTo(refs.fee)} />
          </label>
          <label className="field">
            <span>{t('rates.feeRmb')}</span>
            <input ref={refs.fee} type="text" inputMode="decimal" className="mono" value={form.fee} data-testid="rates-fee" onChange={(e) => setForm({ ...form, fee: e.target.value })} onKeyDown={enterTo('submit')} />
          </label>
          {error && <ErrorView error={error} testId="rates-error" />}
          {far && (
            <label className="field">
              <span>{t('rates.confirmReason')}</span>
              <input type="text" maxLength={200} value={reason} data-testid="rates-confirm-reason" onChange={(e) => setReason(e.target.value)} onKeyDown={enterTo('submit')} />
            </label>
          )}
          {unfiled && (
            <label className="field">
              <span>{t('rates.filedOn')}</span>
              <DateField value={filedOn} testId="rates-filed-on" onChange={setFiledOn} />
            </label>
          )}
          {unfiled ? (
            <button type="button" className="confirm" disabled={busy || !filedOn} data-testid="rates-record-filing" onClick={() => void recordFiling()}>
              <Bi k="rates.recordFiling" />
            </button>
          ) : (
            <button type="submit" className="confirm" disabled={busy || !known || (far && !reason.trim())} data-testid="rates-submit">
              <Bi k={far ? 'rates.confirmFar' : 'rates.submit'} />
            </button>
          )}
        </form>}
      </div>
      {listings.value?.ok && listings.value.value.length > 0 && (
        <section className="history" data-testid="rates-listings">
          <h2>{t('rates.listingsTitle')}</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('trade.currency')}</th>
                <th>{t('rates.filedOn')}</th>
                <th>{t('rates.firstAllowed')}</th>
              </tr>
            </thead>
            <tbody>
              {listings.value.value.map((l) => (
                <tr key={l.currency} data-testid={`rates-listing-${l.currency}`}>
                  <td className="mono">{l.currency}</td>
                  <td className="mono">{l.grandfathered ? t('rates.grandfathered') : l.filedOn}</td>
                  <td className="mono">{l.firstAllowed ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {history && history.length > 0 && (
        <section className="history" data-testid="rates-history">
          <h2>{t('rates.historyTitle', { currency: code })}</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('rates.effectiveAt')}</th>
                <th className="num">{t('cashBuyRate')}</th>
                <th className="num">{t('cashSellRate')}</th>
                <th className="num">{t('fee')}</th>
                <th>{t('rates.setBy')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td className="mono">{dateTime(h.effectiveAt)}</td>
                  <td className="num mono">{rate(h.buyPer100)}</td>
                  <td className="num mono">{rate(h.sellPer100)}</td>
                  <td className="num mono">{money({ currency: 'CNY', amount: h.fee })}</td>
                  <td>{h.setBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
