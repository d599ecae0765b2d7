// Steps 1 and 2 of the day close (renderer/screens/DayClose.tsx): the till, then the safe, counted
// by note. The count is blind: the books' figures appear only at step 3, after both are counted.
import type { RefObject } from 'react';
import type { CountSheet } from '../../backoffice';
import { NoteGrid } from '../../components/NoteGrid';
import { Bi, useI18n } from '../../i18n/i18n';
import type { Step } from './flow';

export function CountStep({ step, currencies, sheet, countDone, nextRef, onChange, onAddCurrency, go }: {
  step: 1 | 2;
  /** The currencies to count in this place: those the books hold there, and any added. */
  currencies: string[];
  sheet: CountSheet;
  /** Both places counted: step 3 may open. */
  countDone: boolean;
  nextRef: RefObject<HTMLButtonElement | null>;
  onChange(sheet: CountSheet): void;
  onAddCurrency(currency: string): void;
  go(step: Step): void;
}) {
  const { t } = useI18n();
  return (
    <section data-testid={`dayclose-count-${step === 1 ? 'till' : 'safe'}`}>
      <h2>{t(step === 1 ? 'dayClose.countTill' : 'dayClose.countSafe')}</h2>
      <p className="muted small">{t('dayClose.blindNote')}</p>
      <NoteGrid
        place={step === 1 ? 'till' : 'safe'}
        currencies={currencies}
        sheet={sheet}
        onChange={onChange}
        onLast={() => nextRef.current?.focus()}
        onAddCurrency={onAddCurrency}
        noneButton
      />
      <div className="step-actions">
        {step === 2 && (
          <button type="button" onClick={() => go(1)}>
            {t('dayClose.back')}
          </button>
        )}
        <button
          type="button"
          className="confirm next"
          ref={nextRef}
          data-testid="dayclose-next"
          disabled={step === 2 && !countDone}
          onClick={() => go(step === 1 ? 2 : 3)}
        >
          <Bi k={step === 1 ? 'dayClose.nextSafe' : 'dayClose.nextCompare'} />
        </button>
      </div>
    </section>
  );
}
