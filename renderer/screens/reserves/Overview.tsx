// What the reserves stand at (renderer/screens/Reserves.tsx): the basic account, the reserve
// accounts by bank with their balances, and cash on hand in the till and the safe per currency
// (with travellers' cheques) beside each currency's total.
import type { ReservesView } from '../../apiTypes';
import { currencyWord } from '../../backoffice';
import { amount } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useApp } from '../../session';

export function Overview({ view }: { view: ReservesView }) {
  const { t, lang } = useI18n();
  // At a counter of a hub an account is the institution's: what this counter shows is its own
  // movements through it (below zero when it took out what another counter paid in).
  const hub = useApp().info?.hub !== undefined;
  const accounts = view.accounts;
  return (
    <div className="reserves-overview no-print">
      <section className="panel" data-testid="reserves-accounts">
        <h2>{t('reserves.accounts')}</h2>
        <p className="small" data-testid="reserves-basic">
          {t('reserves.basicAccount')}: {view.basicAccount ? `${view.basicAccount.bankName} ${view.basicAccount.accountNo}` : <span className="bad">{t('reserves.basicMissing')}</span>}
        </p>
        {view.banks.length === 0 && <p className="muted">{t('reserves.noAccounts')}</p>}
        {view.banks.map((bank) => (
          <table key={bank.id} className="table compact" data-testid={`reserves-bank-${bank.id}`}>
            <caption>{bank.name}</caption>
            <thead>
              <tr>
                <th>{t('trade.currency')}</th>
                <th>{t('reserves.accountNo')}</th>
                <th className="num">{t(hub ? 'reserves.counterNet' : 'reserves.balance')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts
                .filter((a) => a.bankId === bank.id)
                .map((a) => (
                  <tr key={a.id} data-testid={`reserves-account-${a.id}`}>
                    <td className="mono">{a.currency}</td>
                    <td className="mono">{a.accountNo}</td>
                    <td className="num mono" data-testid={`reserves-balance-${a.id}`}>
                      {amount({ currency: a.currency, amount: a.balance })}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        ))}
      </section>
      <section className="panel" data-testid="reserves-cash">
        <h2>{t('reserves.cashOnHand')}</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('trade.currency')}</th>
              <th className="num">{t('place.till')}</th>
              <th className="num">{t('place.safe')}</th>
              <th className="num">{t('reserves.travellersCheques')}</th>
              <th className="num">{t('reserves.total')}</th>
            </tr>
          </thead>
          <tbody>
            {view.cash.map((c) => (
              <tr key={c.currency} data-testid={`reserves-cash-${c.currency}`}>
                <td className="mono">
                  {c.currency} <span className="muted small">{currencyWord(c.currency, lang)}</span>
                </td>
                <td className="num mono" data-testid={`reserves-till-${c.currency}`}>
                  {amount({ currency: c.currency, amount: c.till })}
                </td>
                <td className="num mono" data-testid={`reserves-safe-${c.currency}`}>
                  {amount({ currency: c.currency, amount: c.safe })}
                </td>
                <td className="num mono">{amount({ currency: c.currency, amount: c.travellersCheques })}</td>
                <td className="num mono strong" data-testid={`reserves-total-${c.currency}`}>
                  {amount({ currency: c.currency, amount: view.totals.find((x) => x.currency === c.currency)?.amount ?? '0' })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">{t(hub ? 'reserves.totalNoteHub' : 'reserves.totalNote')}</p>
      </section>
    </div>
  );
}
