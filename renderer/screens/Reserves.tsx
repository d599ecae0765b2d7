// Reserves (备付金, 第三十八–四十六条), for the supervisor and the manager: the reserve accounts by
// bank with their balances, cash on hand in the till and the safe per currency, the totals; a form
// for each movement (deposit, withdrawal, transfer in / out of the basic account, between reserve
// accounts, rebalancing, till ↔ safe); the basic account and new reserve accounts (manager); and
// the month's reserve ledger (台账, 第四十六条) to print and export. The Terminal decides every
// rule; a refusal is shown in both languages with the article it cites.
import { useEffect, useState, type ReactNode } from 'react';
import type { Input } from '../../shared/contract';
import { RMB } from '../../shared/money/currencies';
import { reserveLedgerSheet } from '../../shared/reports/sheet';
import type { ReserveLedger } from '../../shared/reports/types';
import { call, type ApiError } from '../api';
import type { ReserveAccountView, ReserveLedgerView, ReservesView } from '../apiTypes';
import { allCurrencies, currencyWord, monthOfDate, type CashPlace } from '../backoffice';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { ErrorView } from '../components/ErrorView';
import { ExportButtons } from '../components/ExportButtons';
import { ReportView } from '../components/ReportView';
import { amount } from '../format';
import { Bi, both, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useApp } from '../session';

type MoveKind = 'cash_deposit' | 'cash_withdrawal' | 'transfer_in' | 'transfer_out' | 'account_transfer' | 'rebalance' | 'till_safe';
const KINDS: readonly { kind: MoveKind; label: MessageKey; rule: MessageKey }[] = [
  { kind: 'cash_deposit', label: 'reserves.kind.cashDeposit', rule: 'reserves.rule.cash' },
  { kind: 'cash_withdrawal', label: 'reserves.kind.cashWithdrawal', rule: 'reserves.rule.cash' },
  { kind: 'transfer_in', label: 'reserves.kind.transferIn', rule: 'reserves.rule.transfer' },
  { kind: 'transfer_out', label: 'reserves.kind.transferOut', rule: 'reserves.rule.transfer' },
  { kind: 'account_transfer', label: 'reserves.kind.accountTransfer', rule: 'reserves.rule.accounts' },
  { kind: 'rebalance', label: 'reserves.kind.rebalance', rule: 'reserves.rule.rebalance' },
  { kind: 'till_safe', label: 'reserves.kind.tillSafe', rule: 'reserves.rule.tillSafe' },
];
const CHANNELS: readonly { value: 'internal' | 'other_institution' | 'bank'; label: MessageKey }[] = [
  { value: 'internal', label: 'reserves.channel.internal' },
  { value: 'other_institution', label: 'reserves.channel.otherInstitution' },
  { value: 'bank', label: 'reserves.channel.bank' },
];

interface Form {
  currency: string;
  amount: string;
  place: CashPlace;
  accountId: string;
  fromAccountId: string;
  toAccountId: string;
  note: string;
  channel: 'internal' | 'other_institution' | 'bank';
  counterparty: string;
  method: 'cash' | 'transfer';
  handoverPlace: string;
  sameCity: '' | 'yes' | 'no';
  inOn: boolean;
  inCurrency: string;
  inAmount: string;
  inPlace: string;
  outOn: boolean;
  outCurrency: string;
  outAmount: string;
  outPlace: string;
  ratePer100: string;
}

const EMPTY: Form = {
  currency: RMB, amount: '', place: 'safe', accountId: '', fromAccountId: '', toAccountId: '', note: '',
  channel: 'internal', counterparty: '', method: 'cash', handoverPlace: '', sameCity: '',
  inOn: true, inCurrency: 'USD', inAmount: '', inPlace: 'safe', outOn: true, outCurrency: RMB, outAmount: '', outPlace: 'safe', ratePer100: '',
};

const accountLabel = (a: ReserveAccountView) => `${a.bankName} · ${a.currency} · ${a.accountNo}`;

/** The movement as the contract takes it, from what the form holds. */
function moveInput(kind: MoveKind, f: Form, actor: string): Input<'reserves.move'> {
  const base = { note: f.note.trim(), actor };
  const other: CashPlace = f.place === 'till' ? 'safe' : 'till';
  switch (kind) {
    case 'cash_deposit':
      return { kind, currency: f.currency, amount: f.amount.trim(), from: f.place, accountId: f.accountId, ...base };
    case 'cash_withdrawal':
      return { kind, currency: f.currency, amount: f.amount.trim(), accountId: f.accountId, to: f.place, ...base };
    case 'transfer_in':
    case 'transfer_out':
      return { kind, amount: f.amount.trim(), accountId: f.accountId, ...base };
    case 'account_transfer':
      return { kind, amount: f.amount.trim(), fromAccountId: f.fromAccountId, toAccountId: f.toAccountId, ...base };
    case 'till_safe':
      return { kind, currency: f.currency, amount: f.amount.trim(), from: f.place, to: other, ...base };
    case 'rebalance':
      return {
        kind,
        channel: f.channel,
        counterparty: f.counterparty.trim(),
        method: f.method,
        ...(f.method === 'cash' ? { place: f.handoverPlace.trim(), ...(f.sameCity ? { sameCity: f.sameCity === 'yes' } : {}) } : {}),
        ...(f.inOn ? { in: { currency: f.inCurrency, amount: f.inAmount.trim(), place: f.inPlace } } : {}),
        ...(f.outOn ? { out: { currency: f.outCurrency, amount: f.outAmount.trim(), place: f.outPlace } } : {}),
        ...(f.inOn && f.outOn && f.ratePer100.trim() ? { ratePer100: f.ratePer100.trim() } : {}),
        ...base,
      };
  }
}

export function Reserves() {
  const { t, lang } = useI18n();
  const { person, info, notify, bumpStatus } = useApp();
  const [view, setView] = useState<ReservesView>();
  const [viewError, setViewError] = useState<ApiError>();
  const [kind, setKind] = useState<MoveKind>('cash_deposit');
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [month, setMonth] = useState('');
  const [ledger, setLedger] = useState<ReserveLedgerView>();
  const [ledgerError, setLedgerError] = useState<ApiError>();

  const refresh = () =>
    void call('reserves.accounts', {}).then((r) => {
      if (r.ok) {
        setView(r.value);
        setViewError(undefined);
      } else setViewError(r.error);
    });
  const loadLedger = (m: string) =>
    void call('reserves.ledger', { month: m }).then((r) => {
      if (r.ok) {
        setLedger(r.value);
        setLedgerError(undefined);
      } else {
        setLedger(undefined);
        setLedgerError(r.error);
      }
    });

  useEffect(refresh, []);
  useEffect(() => {
    if (!month && info) setMonth(monthOfDate(info.businessDate));
  }, [month, info]);
  useEffect(() => {
    if (month) loadLedger(month);
  }, [month]);

  const accounts = view?.accounts ?? [];
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async () => {
    if (!person || busy) return;
    setBusy(true);
    const r = await call('reserves.move', moveInput(kind, form, person.id));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    const label = KINDS.find((k) => k.kind === kind)!.label;
    notify({ kind: 'ok', message: both('reserves.moved', { kind: both(label).zh, kindEn: both(label).en }) });
    setForm((f) => ({ ...f, amount: '', inAmount: '', outAmount: '', note: '', ratePer100: '' }));
    bumpStatus();
    refresh();
    if (month) loadLedger(month);
  };

  const accountSelect = (value: string, onChange: (id: string) => void, testId: string, currency?: string) => (
    <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
      <option value="">—</option>
      {accounts
        .filter((a) => !currency || a.currency === currency)
        .map((a) => (
          <option key={a.id} value={a.id}>
            {accountLabel(a)}
          </option>
        ))}
    </select>
  );
  const placeSelect = (value: string, onChange: (p: CashPlace) => void, testId: string) => (
    <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value as CashPlace)}>
      <option value="till">{t('place.till')}</option>
      <option value="safe">{t('place.safe')}</option>
    </select>
  );
  const currencySelect = (value: string, onChange: (c: string) => void, testId: string) => (
    <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
      {allCurrencies().map((c) => (
        <option key={c} value={c}>
          {c} {currencyWord(c, lang)}
        </option>
      ))}
    </select>
  );
  const field = (label: MessageKey, control: ReactNode, key?: string) => (
    <label className="field" key={key ?? label}>
      <span>{t(label)}</span>
      {control}
    </label>
  );
  const amountInput = (value: string, onChange: (v: string) => void, testId: string) => (
    <input type="text" inputMode="decimal" className="mono" value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)} />
  );
  const legPlace = (value: string, onChange: (p: string) => void, testId: string, currency: string) =>
    form.method === 'cash' ? placeSelect(value === 'till' || value === 'safe' ? value : 'safe', onChange, testId) : accountSelect(value === 'till' || value === 'safe' ? '' : value, onChange, testId, currency);

  const rule = KINDS.find((k) => k.kind === kind)!.rule;

  return (
    <div className="screen reserves" data-testid="reserves-screen">
      <BackOfficeNav current="reserves" />
      <header className="screen-head no-print">
        <h1>
          <Bi k="reserves.title" />
        </h1>
      </header>
      {viewError && <ErrorView error={viewError} testId="reserves-load-error" />}

      {view && (
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
                    <th className="num">{t('reserves.balance')}</th>
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
            <p className="muted small">{t('reserves.totalNote')}</p>
          </section>
        </div>
      )}

      <section className="panel move-form no-print" data-testid="reserves-move">
        <h2>{t('reserves.moveTitle')}</h2>
        <div className="tabs" role="tablist">
          {KINDS.map((k) => (
            <button
              key={k.kind}
              type="button"
              role="tab"
              aria-selected={kind === k.kind}
              className={kind === k.kind ? 'on' : ''}
              data-testid={`move-kind-${k.kind}`}
              onClick={() => {
                setKind(k.kind);
                setError(undefined);
              }}
            >
              {t(k.label)}
            </button>
          ))}
        </div>
        <p className="muted small">{t(rule)}</p>
        <form
          className="form-grid"
          data-testid="move-form"
          data-kind={kind}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {(kind === 'cash_deposit' || kind === 'cash_withdrawal' || kind === 'till_safe') &&
            field('trade.currency', currencySelect(form.currency, (c) => set({ currency: c, accountId: '' }), 'move-currency'))}
          {kind === 'cash_deposit' && field('reserves.fromPlace', placeSelect(form.place, (p) => set({ place: p }), 'move-place'))}
          {kind === 'till_safe' && field('reserves.fromPlace', placeSelect(form.place, (p) => set({ place: p }), 'move-place'))}
          {kind === 'till_safe' && (
            <div className="field" key="to">
              <span>{t('reserves.toPlace')}</span>
              <strong>{t(form.place === 'till' ? 'place.safe' : 'place.till')}</strong>
            </div>
          )}
          {(kind === 'cash_deposit' || kind === 'cash_withdrawal') &&
            field('reserves.account', accountSelect(form.accountId, (id) => set({ accountId: id }), 'move-account', form.currency))}
          {kind === 'cash_withdrawal' && field('reserves.toPlace', placeSelect(form.place, (p) => set({ place: p }), 'move-place'))}
          {(kind === 'transfer_in' || kind === 'transfer_out') && (
            <>
              <div className="field" key="basic">
                <span>{t(kind === 'transfer_in' ? 'reserves.fromBasic' : 'reserves.toBasic')}</span>
                <strong>{view?.basicAccount ? `${view.basicAccount.bankName} ${view.basicAccount.accountNo}` : t('reserves.basicMissing')}</strong>
              </div>
              {field('reserves.rmbAccount', accountSelect(form.accountId, (id) => set({ accountId: id }), 'move-account', RMB))}
            </>
          )}
          {kind === 'account_transfer' && (
            <>
              {field('reserves.fromAccount', accountSelect(form.fromAccountId, (id) => set({ fromAccountId: id }), 'move-from-account'))}
              {field(
                'reserves.toAccount',
                accountSelect(form.toAccountId, (id) => set({ toAccountId: id }), 'move-to-account', accounts.find((a) => a.id === form.fromAccountId)?.currency),
              )}
            </>
          )}
          {kind !== 'rebalance' && field('reserves.amount', amountInput(form.amount, (v) => set({ amount: v }), 'move-amount'))}

          {kind === 'rebalance' && (
            <>
              {field(
                'reserves.channel',
                <select value={form.channel} data-testid="move-channel" onChange={(e) => set({ channel: e.target.value as Form['channel'] })}>
                  {CHANNELS.map((c) => (
                    <option key={c.value} value={c.value}>
                      {t(c.label)}
                    </option>
                  ))}
                </select>,
              )}
              {field('reserves.counterparty', <input type="text" maxLength={100} value={form.counterparty} data-testid="move-counterparty" onChange={(e) => set({ counterparty: e.target.value })} />)}
              {field(
                'reserves.method',
                <select value={form.method} data-testid="move-method" onChange={(e) => set({ method: e.target.value as Form['method'], inPlace: e.target.value === 'cash' ? 'safe' : '', outPlace: e.target.value === 'cash' ? 'safe' : '' })}>
                  <option value="cash">{t('reserves.method.cash')}</option>
                  <option value="transfer">{t('reserves.method.transfer')}</option>
                </select>,
              )}
              {form.method === 'cash' && (
                <>
                  {field('reserves.handoverPlace', <input type="text" maxLength={100} value={form.handoverPlace} data-testid="move-handover-place" onChange={(e) => set({ handoverPlace: e.target.value })} />)}
                  {field(
                    'reserves.sameCity',
                    <select value={form.sameCity} data-testid="move-same-city" onChange={(e) => set({ sameCity: e.target.value as Form['sameCity'] })}>
                      <option value="">—</option>
                      <option value="yes">{t('reserves.sameCity.yes')}</option>
                      <option value="no">{t('reserves.sameCity.no')}</option>
                    </select>,
                  )}
                </>
              )}
              <fieldset className="leg" data-testid="move-in">
                <legend>
                  <label>
                    <input type="checkbox" checked={form.inOn} data-testid="move-in-on" onChange={(e) => set({ inOn: e.target.checked })} /> {t('reserves.legIn')}
                  </label>
                </legend>
                {form.inOn && (
                  <>
                    {field('trade.currency', currencySelect(form.inCurrency, (c) => set({ inCurrency: c }), 'move-in-currency'), 'in-currency')}
                    {field('reserves.amount', amountInput(form.inAmount, (v) => set({ inAmount: v }), 'move-in-amount'), 'in-amount')}
                    {field('reserves.legPlace', legPlace(form.inPlace, (p) => set({ inPlace: p }), 'move-in-place', form.inCurrency), 'in-place')}
                  </>
                )}
              </fieldset>
              <fieldset className="leg" data-testid="move-out">
                <legend>
                  <label>
                    <input type="checkbox" checked={form.outOn} data-testid="move-out-on" onChange={(e) => set({ outOn: e.target.checked })} /> {t('reserves.legOut')}
                  </label>
                </legend>
                {form.outOn && (
                  <>
                    {field('trade.currency', currencySelect(form.outCurrency, (c) => set({ outCurrency: c }), 'move-out-currency'), 'out-currency')}
                    {field('reserves.amount', amountInput(form.outAmount, (v) => set({ outAmount: v }), 'move-out-amount'), 'out-amount')}
                    {field('reserves.legPlace', legPlace(form.outPlace, (p) => set({ outPlace: p }), 'move-out-place', form.outCurrency), 'out-place')}
                  </>
                )}
              </fieldset>
              {form.inOn && form.outOn && field('reserves.ratePer100', amountInput(form.ratePer100, (v) => set({ ratePer100: v }), 'move-rate'))}
            </>
          )}
          {field('reserves.note', <input type="text" maxLength={200} value={form.note} data-testid="move-note" onChange={(e) => set({ note: e.target.value })} />)}
          {error && <ErrorView error={error} testId="move-error" />}
          <button type="submit" className="confirm" disabled={busy} data-testid="move-submit">
            <Bi k="reserves.submit" />
          </button>
        </form>
      </section>

      <AccountSettings onChanged={refresh} />

      <section className="panel ledger print-area" data-testid="reserves-ledger">
        <div className="screen-head no-print">
          <h2>{t('reserves.ledgerTitle')}</h2>
          <div className="actions">
            <input type="month" value={month} data-testid="ledger-month" onChange={(e) => e.target.value && setMonth(e.target.value)} />
            <button type="button" data-testid="ledger-print" disabled={!ledger} onClick={() => window.print()}>
              {t('reports.print')}
            </button>
            <ExportButtons report="reserveLedger" params={{ month }} disabled={!ledger} onError={setLedgerError} />
          </div>
        </div>
        {ledgerError && <ErrorView error={ledgerError} testId="ledger-error" />}
        {ledger && ledger.lines.length === 0 && <p className="muted no-print">{t('reserves.ledgerEmpty')}</p>}
        {ledger && <ReportView sheet={reserveLedgerSheet(ledger as ReserveLedger)} testId="ledger-view" />}
      </section>
    </div>
  );
}

/** The basic account and a new reserve account: the manager's (the Terminal refuses others). */
function AccountSettings({ onChanged }: { onChanged(): void }) {
  const { t, lang } = useI18n();
  const { person, notify } = useApp();
  const [basic, setBasic] = useState({ bankName: '', accountNo: '' });
  const [open, setOpen] = useState({ bankName: '', currency: RMB, accountNo: '' });
  const [error, setError] = useState<ApiError>();
  if (!person || person.role !== 'manager') return null;

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
            <select value={open.currency} data-testid="open-currency" onChange={(e) => setOpen({ ...open, currency: e.target.value })}>
              {allCurrencies().map((c) => (
                <option key={c} value={c}>
                  {c} {currencyWord(c, lang)}
                </option>
              ))}
            </select>
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
