// Traveller's cheques at the day close (第三十条): counted by currency as a face value, apart from
// the notes, at step 2 (blind: the books' figure is not shown there), and set beside the books at
// step 3. A difference needs the same reason and supervisor as a note count's.
import { dec } from '../../../shared/money/money';
import { isPlainDecimal } from '../../../shared/input';
import { useI18n } from '../../i18n/i18n';

export type ChequeSheet = Record<string, string>;

/** The rows whose count differs from the books (a count not yet a number is not compared). */
export function chequesOff(held: readonly { currency: string; total: string }[], sheet: ChequeSheet): { currency: string; total: string; counted: string }[] {
  return held
    .map((h) => ({ ...h, counted: (sheet[h.currency] ?? '').trim() }))
    .filter((h) => isPlainDecimal(h.counted) && !dec(h.counted).eq(dec(h.total)));
}

export function ChequeCount({ currencies, sheet, onChange, held }: {
  currencies: string[];
  sheet: ChequeSheet;
  onChange(sheet: ChequeSheet): void;
  /** The books' figures: shown only once the count is done (step 3). */
  held?: readonly { currency: string; total: string }[];
}) {
  const { t } = useI18n();
  if (currencies.length === 0) return null;
  return (
    <section className="cheque-count" data-testid="dayclose-cheques">
      <h3>{t('dayClose.chequesTitle')}</h3>
      <table className="table compact">
        <thead>
          <tr>
            <th />
            {held && <th className="num">{t('dayClose.chequesHeld')}</th>}
            <th className="num">{t('dayClose.chequesCounted')}</th>
          </tr>
        </thead>
        <tbody>
          {currencies.map((c) => (
            <tr key={c}>
              <td className="mono">{c}</td>
              {held && <td className="num mono" data-testid={`dayclose-cheques-held-${c}`}>{held.find((h) => h.currency === c)?.total ?? '0'}</td>}
              <td className="num">
                {held ? (
                  <span className="mono">{sheet[c] ?? ''}</span>
                ) : (
                  <input
                    type="text"
                    inputMode="decimal"
                    className="mono"
                    value={sheet[c] ?? ''}
                    data-testid={`dayclose-cheques-${c}`}
                    onChange={(e) => onChange({ ...sheet, [c]: e.target.value })}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
