// The customer rate board (counter-ux.md): a second screen, readable from three metres. Currency
// code, Chinese and English names, cash buy and cash sell per 100 units, when the rates took
// effect, the fee, and 请出示有效身份证件 Please present valid ID (第三十三条). It asks the Terminal
// every few seconds; a rate past its validity is marked and its figures struck out.
import { useEffect, useState } from 'react';
import { call } from '../api';
import { dateTime, money, rate, time } from '../format';
import { usePoll } from '../hooks';
import { both } from '../i18n/i18n';

export function Board() {
  const rates = usePoll(() => call('rates.board', {}), 3_000);
  const info = usePoll(() => call('session.info', {}), 60_000);
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const session = info.value?.ok ? info.value.value : undefined;
  const rows = rates.value?.ok ? rates.value.value : [];
  const failed = rates.value && !rates.value.ok;
  const latest = rows.filter((r) => !r.stale).map((r) => r.effectiveAt).sort().at(-1);
  const zero = (fee: string) => /^0+(\.0+)?$/.test(fee);
  const anyFee = rows.some((r) => !zero(r.fee));
  const bi = (k: Parameters<typeof both>[0], vars?: Parameters<typeof both>[1]) => {
    const m = both(k, vars);
    return (
      <>
        <span lang="zh-CN">{m.zh}</span> <span lang="en" className="board-en">{m.en}</span>
      </>
    );
  };

  return (
    <div className="board" data-testid="board">
      {session?.training && (
        <div className="board-training" data-testid="board-training">
          {bi('trainingMode')}
        </div>
      )}
      <header className="board-head">
        <div>
          <div className="board-title">{bi('board.title')}</div>
          {session && <div className="board-outlet">{session.institutionName} · {session.outletName}</div>}
        </div>
        <div className="board-clock mono">{time(now)}</div>
      </header>
      <div className="board-id-notice" data-testid="board-id-notice">
        {bi('board.presentId')}
      </div>
      <table className="board-table">
        <thead>
          <tr>
            <th>{bi('board.currency')}</th>
            <th className="num">{bi('cashBuyRate')}</th>
            <th className="num">{bi('cashSellRate')}</th>
            {anyFee && <th className="num">{bi('fee')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const c = session?.currencies.find((x) => x.code === r.currency);
            return (
              <tr key={r.currency} className={r.stale ? 'stale' : ''} data-testid={`board-row-${r.currency}`} data-stale={r.stale}>
                <td>
                  <span className="board-code mono">{r.currency}</span>
                  <span className="board-names">
                    <span lang="zh-CN">{c?.zh ?? ''}</span>
                    <span lang="en" className="board-en">{c?.en ?? ''}</span>
                  </span>
                  {r.stale && <span className="board-stale">{bi('board.stale')}</span>}
                </td>
                <td className="num mono board-rate" data-testid={`board-buy-${r.currency}`}>
                  {rate(r.buyPer100)}
                </td>
                <td className="num mono board-rate" data-testid={`board-sell-${r.currency}`}>
                  {rate(r.sellPer100)}
                </td>
                {anyFee && <td className="num mono board-fee">{zero(r.fee) ? '—' : money({ currency: 'CNY', amount: r.fee })}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {failed && <div className="board-offline">{bi('board.unavailable')}</div>}
      <footer className="board-foot">
        <div>{bi('board.per100')}</div>
        <div data-testid="board-effective">{bi('board.effectiveAt', { time: latest ? dateTime(latest) : '—' })}</div>
        <div data-testid="board-fee">
          {anyFee ? bi('board.feePerTrade') : bi('board.noFee')}
        </div>
      </footer>
    </div>
  );
}
