// Counting cash by note (the day close and the handover): for each currency a column of
// denominations with the number of notes counted and a running total. Keyboard first: type a
// count, Enter goes to the next denomination (then the next currency); Enter on the last one
// moves on. The count is blind: nothing here shows what the books expect.
import { useRef, type KeyboardEvent } from 'react';
import { amount } from '../format';
import { allCurrencies, countOf, currencyWord, denominations, lineTotal, totalOf, touched, type CashPlace, type CountSheet, type Typed } from '../backoffice';
import { useI18n } from '../i18n/i18n';

export function NoteGrid(props: {
  /** Names the grid (test ids): a cash place, or a trade's notes received / paid at the counter. */
  place: CashPlace | 'received' | 'paid' | 'sent' | 'counted';
  currencies: readonly string[];
  sheet: CountSheet;
  onChange(sheet: CountSheet): void;
  /** Enter on the last count. */
  onLast(): void;
  /** A currency found in the drawer that the list did not name. */
  onAddCurrency?(currency: string): void;
  /** A "None" button per currency: counted as 0 in one key (the day close's blind count, issue 20 item 6). */
  noneButton?: boolean;
}) {
  const { t, lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const { place, sheet } = props;

  const set = (currency: string, denomination: string, text: string) => {
    const digits = text.replace(/\D/g, '').slice(0, 7);
    const typed: Typed = { ...(sheet[currency] ?? {}), [denomination]: digits };
    props.onChange({ ...sheet, [currency]: typed });
  };

  const move = (e: KeyboardEvent<HTMLInputElement>, step: 1 | -1) => {
    const inputs = [...(box.current?.querySelectorAll<HTMLInputElement>('input[data-count]') ?? [])];
    const i = inputs.indexOf(e.currentTarget);
    const next = inputs[i + step];
    if (next) {
      next.focus();
      next.select();
    } else if (step === 1) props.onLast();
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === 'ArrowDown') {
      e.preventDefault();
      move(e, 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(e, -1);
    }
  };

  /** None of this currency here: counted as 0, then on to the next currency's first count. */
  const none = (currency: string) => {
    const first = denominations(currency)[0];
    if (first === undefined) return;
    props.onChange({ ...sheet, [currency]: { [first]: '0' } });
    const i = props.currencies.indexOf(currency);
    const next = props.currencies[i + 1];
    const input = next ? box.current?.querySelector<HTMLInputElement>(`[data-testid^="count-${place}-${next}-"]`) : undefined;
    if (input) input.focus();
    else props.onLast();
  };

  const addable = allCurrencies().filter((c) => !props.currencies.includes(c));

  return (
    <div className="note-grid" ref={box} data-testid={`note-grid-${place}`}>
      {props.currencies.length === 0 && <p className="muted">{t('count.nothingHere')}</p>}
      {props.currencies.map((currency) => {
        const typed = sheet[currency];
        return (
          <table key={currency} className={`table compact note-table ${touched(typed) ? 'counted' : 'uncounted'}`} data-testid={`count-${place}-${currency}`}>
            <caption>
              <span className="mono currency-code">{currency}</span> {currencyWord(currency, lang)}
              {!touched(typed) && <span className="todo-word"> · {t('count.notYet')}</span>}
              {props.noneButton && !touched(typed) && (
                <button type="button" className="none-button" title={t('count.noneTitle')} data-testid={`count-none-${place}-${currency}`} onClick={() => none(currency)}>
                  {t('count.none')}
                </button>
              )}
            </caption>
            <thead>
              <tr>
                <th className="num">{t('count.denomination')}</th>
                <th className="num">{t('count.notes')}</th>
                <th className="num">{t('count.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {denominations(currency).map((d) => {
                const text = typed?.[d] ?? '';
                return (
                  <tr key={d}>
                    <td className="num mono">{amount({ currency, amount: d })}</td>
                    <td className="num">
                      <input
                        type="text"
                        inputMode="numeric"
                        autoComplete="off"
                        className="mono count-input"
                        data-count=""
                        data-testid={`count-${place}-${currency}-${d}`}
                        aria-label={`${currency} ${d} ${t('count.notes')}`}
                        value={text}
                        onChange={(e) => set(currency, d, e.target.value)}
                        onKeyDown={onKey}
                        onFocus={(e) => e.currentTarget.select()}
                      />
                    </td>
                    <td className="num mono">{countOf(text) > 0 ? amount({ currency, amount: lineTotal(d, text).toFixed() }) : ''}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={2}>{t('count.total')}</th>
                <th className="num mono" data-testid={`count-total-${place}-${currency}`}>
                  {currency} {amount({ currency, amount: totalOf(typed).toFixed() })}
                </th>
              </tr>
            </tfoot>
          </table>
        );
      })}
      {props.onAddCurrency && addable.length > 0 && (
        <label className="field add-currency">
          <span>{t('count.addCurrency')}</span>
          <select
            value=""
            data-testid={`count-add-${place}`}
            onChange={(e) => {
              if (e.target.value) props.onAddCurrency?.(e.target.value);
            }}
          >
            <option value="">—</option>
            {addable.map((c) => (
              <option key={c} value={c}>
                {c} {currencyWord(c, lang)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
