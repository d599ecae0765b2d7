// The till handover between two tellers (交接): the incoming teller, signed in, counts the till by
// note without seeing what the books expect (a blind count); the Terminal compares and records
// it, and only then are the matches and differences shown.
import { useEffect, useRef, useState } from 'react';
import { call, type ApiError } from '../api';
import type { HandoverView } from '../apiTypes';
import { byCurrency, notesOf, touched, type CountSheet } from '../backoffice';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { DifferenceTable } from '../components/DifferenceTable';
import { ErrorView } from '../components/ErrorView';
import { NoteGrid } from '../components/NoteGrid';
import { Bi, both, useI18n } from '../i18n/i18n';
import { useApp } from '../session';

export function Handover() {
  const { t } = useI18n();
  const { person, notify } = useApp();
  const [fromTeller, setFromTeller] = useState('');
  const [currencies, setCurrencies] = useState<string[]>([]);
  const [counts, setCounts] = useState<CountSheet>({});
  const [result, setResult] = useState<HandoverView>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const fromRef = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);

  // Which currencies the till holds: only the names, never the figures (the count is blind).
  const loadCurrencies = () =>
    void call('cash.notes', {}).then((r) => {
      if (!r.ok) return setError(r.error);
      setCurrencies([...new Set(r.value.filter((s) => s.location === 'till').map((s) => s.currency))].sort(byCurrency));
    });
  useEffect(() => {
    loadCurrencies();
    fromRef.current?.focus();
  }, []);

  const missing = currencies.filter((c) => !touched(counts[c]));

  const submit = async () => {
    if (!person || busy) return;
    if (!fromTeller.trim()) return fromRef.current?.focus();
    setBusy(true);
    const r = await call('cash.handover', {
      fromTeller: fromTeller.trim(),
      toTeller: person.id,
      counts: currencies.map((currency) => ({ location: 'till' as const, currency, notes: notesOf(counts[currency]) })),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setResult(r.value);
    notify({ kind: r.value.matches ? 'ok' : 'error', message: both(r.value.matches ? 'handover.matches' : 'handover.differs') });
  };

  const again = () => {
    setResult(undefined);
    setCounts({});
    setError(undefined);
    loadCurrencies();
  };

  return (
    <div className="screen handover" data-testid="handover-screen">
      <BackOfficeNav current="handover" />
      <header className="screen-head">
        <h1>
          <Bi k="handover.title" />
        </h1>
      </header>
      <p className="muted small">{t('handover.explain')}</p>
      <div className="form-row">
        <label className="field">
          <span>{t('handover.fromTeller')}</span>
          <input
            ref={fromRef}
            type="text"
            maxLength={64}
            value={fromTeller}
            disabled={!!result}
            data-testid="handover-from"
            onChange={(e) => setFromTeller(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              document.querySelector<HTMLInputElement>('[data-testid="note-grid-till"] input[data-count]')?.focus();
            }}
          />
        </label>
        <div className="field">
          <span>{t('handover.toTeller')}</span>
          <strong data-testid="handover-to">{person?.id}</strong>
        </div>
      </div>
      {error && <ErrorView error={error} testId="handover-error" />}
      {!result ? (
        <>
          <NoteGrid
            place="till"
            currencies={currencies}
            sheet={counts}
            onChange={setCounts}
            onLast={() => submitRef.current?.focus()}
            onAddCurrency={(c) => setCurrencies((list) => [...list, c].sort(byCurrency))}
          />
          {missing.length > 0 && <p className="todo-word">{t('dayClose.left.count', { list: missing.join(', ') })}</p>}
          <button type="button" className="confirm" ref={submitRef} data-testid="handover-submit" disabled={busy || !fromTeller.trim()} onClick={() => void submit()}>
            <Bi k="handover.submit" />
          </button>
        </>
      ) : (
        <section data-testid="handover-result" data-matches={String(result.matches)}>
          {result.matches ? (
            <p className="ok-banner">
              <Bi k="handover.matches" />
            </p>
          ) : (
            <>
              <p className="warn-banner" role="alert">
                <Bi k="handover.differs" />
              </p>
              <DifferenceTable rows={result.differences} testId="handover-differences" />
            </>
          )}
          <button type="button" data-testid="handover-again" onClick={again}>
            {t('handover.again')}
          </button>
        </section>
      )}
    </div>
  );
}
