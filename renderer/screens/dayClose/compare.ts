// Expected against counted, on screen (renderer/screens/DayClose.tsx, step 3): the books' figures
// per place and currency set beside the blind count, in value and in note mix. A difference in
// either needs a reason and a supervisor. The Terminal compares again when the day is closed.
import { dec } from '../../../shared/money/money';
import type { CountDifference, DayClosePreparation } from '../../apiTypes';
import { byCurrency, CASH_PLACES, notesOf, sameDenomination, totalOf, touched, type CashPlace, type CountSheet } from '../../backoffice';

/** Expected (the books) against what was counted, per place and currency: value and note mix. */
export function compareCounts(expected: DayClosePreparation['expected'], counts: Record<CashPlace, CountSheet>): CountDifference[] {
  const rows: CountDifference[] = [];
  for (const place of CASH_PLACES) {
    const currencies = new Set([...expected.filter((e) => e.location === place).map((e) => e.currency), ...Object.keys(counts[place]).filter((c) => touched(counts[place][c]))]);
    for (const currency of [...currencies].sort(byCurrency)) {
      const e = expected.find((x) => x.location === place && x.currency === currency);
      const counted = notesOf(counts[place][currency]);
      // Counted as none where the books hold none: nothing to compare, no row (the blind count
      // asks for every currency in both places, so most places have some of these).
      if (!e && counted.length === 0) continue;
      const denoms: string[] = [];
      for (const d of [...(e?.notes ?? []).map((n) => n.denomination), ...counted.map((n) => n.denomination)]) {
        if (!denoms.some((x) => sameDenomination(x, d))) denoms.push(d);
      }
      denoms.sort((a, b) => dec(b).comparedTo(dec(a)));
      const notes = denoms.map((d) => ({
        denomination: d,
        expected: e?.notes.find((n) => sameDenomination(n.denomination, d))?.count ?? 0,
        counted: counted.find((n) => sameDenomination(n.denomination, d))?.count ?? 0,
      }));
      const exp = dec(e?.total ?? '0');
      const cnt = totalOf(counts[place][currency]);
      rows.push({
        location: place, currency, expected: exp.toFixed(), counted: cnt.toFixed(), difference: cnt.minus(exp).toFixed(),
        mixDiffers: notes.some((n) => n.expected !== n.counted), notes,
      });
    }
  }
  return rows;
}

/** A row that differs from the books: in value, or in the mix of notes. */
export const isOff = (d: CountDifference) => !dec(d.difference).isZero() || d.mixDiffers;
