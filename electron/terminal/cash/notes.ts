// Cash by note (券别): the notes each place holds, and the notes the counter proposes to pay an amount
// with (never a note the till does not have).
import { fromMinor } from '../../../shared/money/money';
import { notesOut, type CashPlace } from '../../ledger/notes';
import { all, q } from '../../ledger/sql';
import type { Services } from '../services';
import { amountOf } from '../reserves/movements';

/** The notes in the till and the safe. */
export function notes(ctx: Services) {
  const rows = all(ctx.db, q.selectFrom('note_stock').selectAll().where('count', '>', 0n).orderBy('location', 'desc').orderBy('currency').orderBy('denomination_minor', 'desc'));
  const groups = new Map<string, { location: CashPlace; currency: string; total: bigint; notes: { denomination: string; count: number }[] }>();
  for (const r of rows) {
    const key = `${r.location}|${r.currency}`;
    const g = groups.get(key) ?? groups.set(key, { location: r.location, currency: r.currency, total: 0n, notes: [] }).get(key)!;
    g.total += r.denomination_minor * r.count;
    g.notes.push({ denomination: fromMinor(r.denomination_minor, r.currency).toString(), count: Number(r.count) });
  }
  return [...groups.values()].map((g) => ({ ...g, total: fromMinor(g.total, g.currency).toString() }));
}

export function proposePayoutView(ctx: Services, input: { currency: string; amount: string; location: CashPlace }) {
  const minor = amountOf(input.amount, input.currency);
  const proposal = notesOut(ctx.db, input.location, input.currency, minor, undefined);
  return {
    currency: input.currency, amount: fromMinor(minor, input.currency).toString(),
    notes: [...proposal].sort((a, b) => (a[0] > b[0] ? -1 : 1)).map(([d, n]) => ({ denomination: fromMinor(d, input.currency).toString(), count: Number(n) })),
  };
}
