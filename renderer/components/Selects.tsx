// The two choices the back-office forms keep asking for: a currency (every one the Terminal knows,
// RMB first, each with its name) and a cash place (the till or the safe).
import { allCurrencies, currencyWord, type CashPlace } from '../backoffice';
import { useI18n } from '../i18n/i18n';

export function CurrencySelect(props: { value: string; onChange(currency: string): void; testId: string }) {
  const { lang } = useI18n();
  return (
    <select value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)}>
      {allCurrencies().map((c) => (
        <option key={c} value={c}>
          {c} {currencyWord(c, lang)}
        </option>
      ))}
    </select>
  );
}

export function PlaceSelect(props: { value: CashPlace; onChange(place: CashPlace): void; testId: string }) {
  const { t } = useI18n();
  return (
    <select value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value as CashPlace)}>
      <option value="till">{t('place.till')}</option>
      <option value="safe">{t('place.safe')}</option>
    </select>
  );
}
