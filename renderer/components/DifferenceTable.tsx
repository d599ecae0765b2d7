// Expected against counted, per place and currency (the day close, the handover): the value and
// the note mix, a difference in red with its word (over / short / notes differ), never colour
// alone. Under a row that differs, the denominations that differ.
import type { CountDifference } from '../apiTypes';
import { amount } from '../format';
import { dec } from '../../shared/money/money';
import { useI18n } from '../i18n/i18n';

export function DifferenceTable({ rows, testId }: { rows: readonly CountDifference[]; testId: string }) {
  const { t } = useI18n();
  return (
    <table className="table difference-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('count.place')}</th>
          <th>{t('trade.currency')}</th>
          <th className="num">{t('count.expected')}</th>
          <th className="num">{t('count.counted')}</th>
          <th className="num">{t('count.difference')}</th>
          <th>{t('count.mix')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const diff = dec(r.difference);
          const off = !diff.isZero() || r.mixDiffers;
          const word = diff.gt(0) ? 'count.over' : diff.lt(0) ? 'count.short' : 'count.matches';
          const key = `${r.location}-${r.currency}`;
          return [
            <tr key={key} className={off ? 'bad' : 'ok-row'} data-testid={`diff-${key}`} data-difference={r.difference} data-mix={String(r.mixDiffers)}>
              <td>{t(r.location === 'till' ? 'place.till' : 'place.safe')}</td>
              <td className="mono">{r.currency}</td>
              <td className="num mono">{amount({ currency: r.currency, amount: r.expected })}</td>
              <td className="num mono">{amount({ currency: r.currency, amount: r.counted })}</td>
              <td className={`num mono ${diff.isZero() ? '' : 'diff-value'}`} data-testid={`diff-value-${key}`}>
                {diff.gt(0) ? '+' : ''}
                {amount({ currency: r.currency, amount: r.difference })} <span className="diff-word">{t(word)}</span>
              </td>
              <td className={r.mixDiffers ? 'diff-value' : ''}>{t(r.mixDiffers ? 'count.mixDiffers' : 'count.mixMatches')}</td>
            </tr>,
            off && r.notes.some((n) => n.expected !== n.counted) ? (
              <tr key={`${key}-notes`} className="diff-notes" data-testid={`diff-notes-${key}`}>
                <td colSpan={6}>
                  {r.notes
                    .filter((n) => n.expected !== n.counted)
                    .map((n) => (
                      <span key={n.denomination} className="diff-note mono">
                        {r.currency} {amount({ currency: r.currency, amount: n.denomination })}: {t('count.noteLine', { expected: n.expected, counted: n.counted })}
                      </span>
                    ))}
                </td>
              </tr>
            ) : null,
          ];
        })}
      </tbody>
    </table>
  );
}
