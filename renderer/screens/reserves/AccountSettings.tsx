// The basic account and a new reserve account (renderer/screens/Reserves.tsx): the manager's (the
// Terminal refuses others), so the forms are not shown to anyone else. At a counter of a hub the
// accounts are the institution's, registered by HQ (RESERVES_SET_AT_HQ): the manager is told so
// instead of shown forms that would be refused.
import { useState } from 'react';
import { RMB } from '../../../shared/money/currencies';
import { mayCall } from '../../../shared/api';
import { call, type ApiError } from '../../api';
import { CurrencySelect } from '../../components/Selects';
import { ErrorView } from '../../components/ErrorView';
import { both, useI18n } from '../../i18n/i18n';
import { useApp } from '../../session';

/** The basic account and a new reserve account: the manager's (the Terminal refuses others). */
export function AccountSettings({ onChanged }: { onChanged(): void }) {
  const { t } = useI18n();
  const { person, notify, info } = useApp();
  const [basic, setBasic] = useState({ bankName: '', accountNo: '' });
  const [open, setOpen] = useState({ bankName: '', currency: RMB, accountNo: '' });
  const [error, setError] = useState<ApiError>();
  if (!person || !mayCall('reserves.openAccount', person.role)) return null;
  if (info?.hub !== undefined) {
    return (
      <section className="panel settings no-print" data-testid="reserves-settings">
        <h2>{t('reserves.settingsTitle')}</h2>
        <p className="hint" data-testid="reserves-at-hq">{t('reserves.setAtHq')}</p>
      </section>
    );
  }

  const setBasicAccount = async () => {
    const r = await call('reserves.setBasicAccount', { bankName: basic.bankName.trim(), accountNo: basic.accountNo.trim(), actor: person.id });
    if (!r.ok) return setError(r.error);
    setError(undefined);
    notify({ kind: 'ok', message: both('reserves.basicSet', { bank: r.value.bankName, accountNo: r.value.accountNo }) });
    onChanged();
  };
  const openAccount = async () => {
    const r = await call('reserves.openAccount', { bankName: open.bankName.trim(), currency: open.currency, accountNo: open.accountNo.trim(), actor: person.id });
    if (!r.ok) return setError(r.error);
    setError(undefined);
    notify({ kind: 'ok', message: both('reserves.accountOpened', { bank: r.value.bankName, currency: r.value.currency, accountNo: r.value.accountNo }) });
    setOpen({ bankName: open.bankName, currency: RMB, accountNo: '' });
    onChanged();
  };

  return (
    <section className="panel settings no-print" data-testid="reserves-settings">
      <h2>{t('reserves.settingsTitle')}</h2>
      <div className="settings-forms">
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void setBasicAccount();
          }}
        >
          <h3>{t('reserves.basicAccount')}</h3>
          <label className="field">
            <span>{t('reserves.bankName')}</span>
            <input type="text" maxLength={100} value={basic.bankName} data-testid="basic-bank" onChange={(e) => setBasic({ ...basic, bankName: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('reserves.accountNo')}</span>
            <input type="text" maxLength={40} value={basic.accountNo} data-testid="basic-account-no" onChange={(e) => setBasic({ ...basic, accountNo: e.target.value })} />
          </label>
          <button type="submit" className="primary" data-testid="basic-submit" disabled={!basic.bankName.trim() || !basic.accountNo.trim()}>
            {t('reserves.setBasic')}
          </button>
        </form>
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void openAccount();
          }}
        >
          <h3>{t('reserves.openTitle')}</h3>
          <label className="field">
            <span>{t('reserves.bankName')}</span>
            <input type="text" maxLength={100} value={open.bankName} data-testid="open-bank" onChange={(e) => setOpen({ ...open, bankName: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('trade.currency')}</span>
            <CurrencySelect value={open.currency} onChange={(currency) => setOpen({ ...open, currency })} testId="open-currency" />
          </label>
          <label className="field">
            <span>{t('reserves.accountNo')}</span>
            <input type="text" maxLength={40} value={open.accountNo} data-testid="open-account-no" onChange={(e) => setOpen({ ...open, accountNo: e.target.value })} />
          </label>
          <button type="submit" className="primary" data-testid="open-submit" disabled={!open.bankName.trim() || !open.accountNo.trim()}>
            {t('reserves.openAccount')}
          </button>
        </form>
      </div>
      {error && <ErrorView error={error} testId="settings-error" />}
    </section>
  );
}
