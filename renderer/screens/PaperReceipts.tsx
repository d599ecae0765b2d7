// Paper receipts printed before a restore (补录纸质水单, 第三十五条(三); issue 17 item 6): shown on the
// day's trades only while a restore has closed a range of numbers. The teller types each paper
// receipt as it prints (its number, time, customer, figures) in number order, with SAFE's reference
// number when the monitoring system already holds it, and a supervisor approves. The Terminal
// decides everything (the number's place, the time, the figures at the printed rate, the rules)
// and refuses what does not fit; nothing is printed.
import { useCallback, useEffect, useState } from 'react';
import type { Outputs } from '../../shared/api';
import { parsePrintedReceiptNo } from '../../shared/receipts';
import { call, type ApiError } from '../api';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from '../approval';
import { CurrencySelect } from '../components/Selects';
import { ErrorView } from '../components/ErrorView';
import { SupervisorFields } from '../components/SupervisorFields';
import { isIsoDate } from '../../shared/time';
import { dateWords } from '../dateWords';
import { dateTime } from '../format';
import { both, useI18n } from '../i18n/i18n';
import { useApp } from '../session';

type Ranges = Outputs['trades.paperRanges'];

const EMPTY = {
  receipt: '', when: '', idType: '01', idNumber: '', country: '', name: '', direction: 'settlement' as 'settlement' | 'purchase',
  currency: 'USD', foreign: '', rate: '', rmb: '', fee: '0', refNo: '', remark: '',
};

/** The panel, or nothing when no restore closed a range (or every closed number is entered). */
export function PaperReceipts({ onEntered }: { onEntered(): void }) {
  const [ranges, setRanges] = useState<Ranges>([]);
  const refresh = useCallback(() => void call('trades.paperRanges', {}).then((r) => r.ok && setRanges(r.value)), []);
  useEffect(refresh, [refresh]);
  if (ranges.length === 0) return null;
  return <PaperForm ranges={ranges} onEntered={() => { refresh(); onEntered(); }} />;
}

function PaperForm({ ranges, onEntered }: { ranges: Ranges; onEntered(): void }) {
  const { t, pick, lang } = useI18n();
  const { person, info, notify, bumpStatus } = useApp();
  const [form, setForm] = useState(EMPTY);
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof EMPTY) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async () => {
    if (!person || busy) return;
    const receiptNo = parsePrintedReceiptNo(form.receipt);
    if (receiptNo === undefined) return setError({ code: 'INVALID_INPUT', message: both('paper.receiptInvalid', { receipt: form.receipt }) });
    // The time as the receipt prints it, Beijing time (the business day's clock).
    // Typed as the receipt prints it (a space or a T between date and time), never the browser's
    // locale of a native date-time field (issue 20 item 10).
    const when = form.when.trim().replace(' ', 'T');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(when)) return setError({ code: 'INVALID_INPUT', message: both('paper.timeInvalid') });
    const seconds = when.length === 16 ? ':00' : '';
    const input = {
      customer: { idType: form.idType, idNumber: form.idNumber.trim(), ...(form.country.trim() ? { country: form.country.trim().toUpperCase() } : {}), name: form.name.trim() },
      direction: form.direction, currency: form.currency, foreign: form.foreign.trim(), ratePer100: form.rate.trim(), rmb: form.rmb.trim(), fee: form.fee.trim(),
      receiptNo, tradedAt: `${when}${seconds}+08:00`, ...(form.refNo.trim() ? { safeRefNo: form.refNo.trim() } : {}), remark: form.remark.trim() || t('paper.remarkDefault'),
      actor: person.id,
    };
    setBusy(true);
    const approval = await approve('trades.enterPaper', input, supervisor);
    const r = approval.ok ? await call('trades.enterPaper', { ...input, approval: approval.value }) : approval;
    setBusy(false);
    setSupervisor(NO_SUPERVISOR);
    bumpStatus();
    if (!r.ok) return setError(r.error);
    setError(undefined);
    notify({ kind: 'ok', message: both('paper.entered', { receiptNo: r.value.receiptText }) });
    // The next receipt is usually the same day's, often the same customer's: the number and figures are cleared.
    setForm((f) => ({ ...EMPTY, when: f.when, remark: f.remark }));
    onEntered();
  };

  const text = (k: keyof typeof EMPTY, label: string, opts: { mono?: boolean; max?: number; testId?: string } = {}) => (
    <label className="field">
      <span>{label}</span>
      <input type="text" className={opts.mono ? 'mono' : undefined} maxLength={opts.max ?? 40} value={form[k]} data-testid={opts.testId ?? `paper-${k}`} onChange={(e) => set(k)(e.target.value)} />
    </label>
  );

  return (
    <section className="panel" data-testid="paper-receipts">
      <h2>{t('paper.title')}</h2>
      <p className="muted small">{t('paper.explain')}</p>
      <ul data-testid="paper-ranges">
        {ranges.map((r) => (
          <li key={`${r.from}`}>
            {t('paper.range', { from: r.fromText, to: r.toText, next: r.nextText, at: dateTime(r.closedAt) })}
          </li>
        ))}
      </ul>
      <div className="form-row">
        {text('receipt', t('receipt.number'), { mono: true, max: 24 })}
        <label className="field">
          <span>{t('paper.when')}</span>
          <input type="text" className="mono" maxLength={19} placeholder="YYYY-MM-DD HH:MM:SS" value={form.when} data-testid="paper-when" onChange={(e) => set('when')(e.target.value)} />
          <span className="small muted" data-testid="paper-when-words">
            {isIsoDate(form.when.trim().slice(0, 10)) ? `${dateWords(form.when.trim().slice(0, 10), lang)} ${form.when.trim().slice(11)}` : t('paper.whenFormat')}
          </span>
        </label>
      </div>
      <div className="form-row">
        <label className="field">
          <span>{t('customer.idType')}</span>
          <select value={form.idType} data-testid="paper-idType" onChange={(e) => set('idType')(e.target.value)}>
            {(info?.idTypes ?? [{ code: '01', zh: '居民身份证', en: 'resident ID card' }]).map((x) => (
              <option key={x.code} value={x.code}>
                {x.code} {pick(x)}
              </option>
            ))}
          </select>
        </label>
        {text('idNumber', t('customer.idNumber'), { mono: true })}
        {text('country', t('customer.country'), { mono: true, max: 3 })}
        {text('name', t('customer.name'), { max: 100 })}
      </div>
      <div className="form-row">
        <label className="field">
          <span>{t('trade.direction')}</span>
          <select value={form.direction} data-testid="paper-direction" onChange={(e) => set('direction')(e.target.value)}>
            <option value="settlement">{t('settlement')}</option>
            <option value="purchase">{t('purchase')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('paper.currency')}</span>
          <CurrencySelect value={form.currency} onChange={set('currency')} testId="paper-currency" />
        </label>
        {text('foreign', t('paper.foreign'), { mono: true, max: 20 })}
        {text('rate', t('trades.rate'), { mono: true, max: 20 })}
        {text('rmb', t('paper.rmb'), { mono: true, max: 20 })}
        {text('fee', t('fee'), { mono: true, max: 20 })}
      </div>
      <div className="form-row">
        {text('refNo', t('paper.refNo'), { mono: true })}
        {text('remark', t('paper.remark'), { max: 200 })}
      </div>
      <SupervisorFields value={supervisor} onChange={setSupervisor} onEnter={() => void submit()} testId="paper-supervisor" />
      {error && <ErrorView error={error} testId="paper-error" />}
      <button type="button" className="confirm" data-testid="paper-submit" disabled={busy || !filled(supervisor) || !form.receipt.trim()} onClick={() => void submit()}>
        {t('paper.submit')}
      </button>
    </section>
  );
}
