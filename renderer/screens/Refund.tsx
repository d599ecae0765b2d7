// A refund on a later day (退款, issue 19 item 2; docs/compliance-refund.md), on the day's trades:
// the teller types the receipt number the customer brings back and the ID the customer shows (it
// must be the one on the receipt, 第三十一条), a reason, and a supervisor approves. The Terminal
// decides everything (the receipt of an earlier day, within the window, not voided or refunded)
// and makes the refund a new trade of today with its own receipt; this panel shows what it made.
import { useState } from 'react';
import type { TradeView } from '../../shared/api';
import { parsePrintedReceiptNo } from '../../shared/receipts';
import { call, type ApiError } from '../api';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from '../approval';
import { ErrorView } from '../components/ErrorView';
import { SupervisorFields } from '../components/SupervisorFields';
import { money, rate } from '../format';
import { both, useI18n } from '../i18n/i18n';
import { useApp } from '../session';

const EMPTY = { receipt: '', idType: '01', idNumber: '', country: '', reason: '' };

export function RefundPanel({ onRefunded }: { onRefunded(): void }) {
  const { t, pick } = useI18n();
  const { person, info, notify, bumpStatus } = useApp();
  const [form, setForm] = useState(EMPTY);
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<TradeView>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof EMPTY) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async () => {
    if (!person || busy) return;
    const receiptNo = parsePrintedReceiptNo(form.receipt);
    if (receiptNo === undefined) return setError({ code: 'INVALID_INPUT', message: both('paper.receiptInvalid', { receipt: form.receipt }) });
    const input = {
      receiptNo,
      customer: { idType: form.idType, idNumber: form.idNumber.trim(), ...(form.country.trim() ? { country: form.country.trim().toUpperCase() } : {}) },
      reason: form.reason.trim() || t('refund.reasonDefault'),
    };
    setBusy(true);
    // The supervisor approves this refund of this receipt (auth.approve), then the refund goes with it.
    const approval = await approve('trades.refund', { receiptNo }, supervisor);
    const r = approval.ok ? await call('trades.refund', { ...input, approval: approval.value }) : approval;
    setBusy(false);
    setSupervisor(NO_SUPERVISOR);
    bumpStatus();
    if (!r.ok) {
      setDone(undefined);
      return setError(r.error);
    }
    setError(undefined);
    setDone(r.value);
    setForm(EMPTY);
    notify({ kind: 'ok', message: both('refund.doneNotice', { receiptNo: r.value.receiptText, original: r.value.refund?.originalReceiptText ?? '' }) });
    onRefunded();
  };

  return (
    <section className="panel" data-testid="refund-panel">
      <h2>{t('refund.title')}</h2>
      <p className="muted small">{t('refund.explain')}</p>
      <div className="form-row">
        <label className="field">
          <span>{t('refund.receipt')}</span>
          <input type="text" className="mono" maxLength={24} value={form.receipt} data-testid="refund-receipt" onChange={(e) => set('receipt')(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('customer.idType')}</span>
          <select value={form.idType} data-testid="refund-idType" onChange={(e) => set('idType')(e.target.value)}>
            {(info?.idTypes ?? [{ code: '01', zh: '居民身份证', en: 'resident ID card' }]).map((x) => (
              <option key={x.code} value={x.code}>
                {x.code} {pick(x)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('customer.idNumber')}</span>
          <input type="text" className="mono" maxLength={40} value={form.idNumber} data-testid="refund-idNumber" onChange={(e) => set('idNumber')(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('customer.country')}</span>
          <input type="text" className="mono" maxLength={3} value={form.country} data-testid="refund-country" onChange={(e) => set('country')(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('refund.reason')}</span>
          <input type="text" maxLength={200} value={form.reason} data-testid="refund-reason" onChange={(e) => set('reason')(e.target.value)} />
        </label>
      </div>
      <SupervisorFields value={supervisor} onChange={setSupervisor} onEnter={() => void submit()} testId="refund-supervisor" />
      {error && <ErrorView error={error} testId="refund-error" />}
      <button type="button" className="confirm" data-testid="refund-submit" disabled={busy || !filled(supervisor) || !form.receipt.trim() || !form.idNumber.trim()} onClick={() => void submit()}>
        {t('refund.submit')}
      </button>
      {done && (
        <div className="result" data-testid="refund-result">
          <p>
            {t('refund.result', { receiptNo: done.receiptText, original: done.refund?.originalReceiptText ?? '', date: done.refund?.originalDate ?? '' })}
          </p>
          <p className="mono">
            {t('quote.customerPays')} <span data-testid="refund-pays">{money(done.customerPays)}</span> · {t('quote.customerReceives')}{' '}
            <span data-testid="refund-receives">{money(done.customerReceives)}</span> · {t('trades.rate')} {rate(done.ratePer100)}
          </p>
        </div>
      )}
    </section>
  );
}
