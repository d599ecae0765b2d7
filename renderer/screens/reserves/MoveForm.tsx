// The form for a reserve movement (renderer/screens/Reserves.tsx): one tab per kind (deposit,
// withdrawal, transfer in / out of the basic account, between reserve accounts, rebalancing,
// till ↔ safe), the rule above it, and the fields the kind takes. The Terminal decides every rule;
// a refusal is shown in both languages with the article it cites.
import { useState, type ReactNode } from 'react';
import { RMB } from '../../../shared/money/currencies';
import { call, type ApiError } from '../../api';
import type { ReserveAccountView, ReservesView } from '../../apiTypes';
import type { CashPlace } from '../../backoffice';
import { CurrencySelect, PlaceSelect } from '../../components/Selects';
import { ErrorView } from '../../components/ErrorView';
import { Bi, both, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useApp } from '../../session';
import { CHANNELS, EMPTY, KINDS, moveInput, type Form, type MoveKind } from './move';

const accountLabel = (a: ReserveAccountView) => `${a.bankName} · ${a.currency} · ${a.accountNo}`;

/** `view` is the accounts as last loaded (undefined until they come); `onMoved` reloads them and the ledger. */
export function MoveForm({ view, onMoved }: { view: ReservesView | undefined; onMoved(): void }) {
  const { t } = useI18n();
  const { person, notify, bumpStatus } = useApp();
  const [kind, setKind] = useState<MoveKind>('cash_deposit');
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

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
    onMoved();
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
  const placeSelect = (value: string, onChange: (p: CashPlace) => void, testId: string) => <PlaceSelect value={value as CashPlace} onChange={onChange} testId={testId} />;
  const currencySelect = (value: string, onChange: (c: string) => void, testId: string) => <CurrencySelect value={value} onChange={onChange} testId={testId} />;
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
        {(kind === 'cash_deposit' || kind === 'cash_withdrawal' || kind === 'till_safe' || kind === 'cheques_to_bank') &&
          field('trade.currency', currencySelect(form.currency, (c) => set({ currency: c, accountId: '' }), 'move-currency'))}
        {kind === 'cash_deposit' && field('reserves.fromPlace', placeSelect(form.place, (p) => set({ place: p }), 'move-place'))}
        {kind === 'till_safe' && field('reserves.fromPlace', placeSelect(form.place, (p) => set({ place: p }), 'move-place'))}
        {kind === 'till_safe' && (
          <div className="field" key="to">
            <span>{t('reserves.toPlace')}</span>
            <strong>{t(form.place === 'till' ? 'place.safe' : 'place.till')}</strong>
          </div>
        )}
        {(kind === 'cash_deposit' || kind === 'cash_withdrawal' || kind === 'cheques_to_bank') &&
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
  );
}
