// Cash by note: the notes in the till and the safe, per currency and denomination. Every change is
// a note movement in the same transaction as the postings it goes with; note_stock is kept from
// the movements by the database (004_reserves.sql). The value of the notes in a place always
// equals the balance of that place's cash account (test/helpers/invariants.ts checks it).
import { Refusal } from '../../shared/errors';
import { formatAmount, fromMinor } from '../../shared/money/money';
import { denominationsMinor, notesTotal, proposePayout, type Notes } from '../../shared/money/denominations';
import { all, compiled, insertRows, q, type Database } from './sql';

export type CashPlace = 'till' | 'safe';

export const PLACE_WORDS: Record<CashPlace, { zh: string; en: string }> = {
  till: { zh: '尾箱', en: 'till' },
  safe: { zh: '保险柜', en: 'safe' },
};

const stockQuery = compiled<{ location: CashPlace; currency: string }>()((p) => q.selectFrom('note_stock').select(['denomination_minor', 'count'])
  .where('location', '=', p.location).where('currency', '=', p.currency).where('count', '>', 0n));

export function noteStock(db: Database, location: CashPlace, currency: string): Notes {
  const rows = stockQuery.all(db, { location, currency });
  return new Map(rows.map((r) => [r.denomination_minor, r.count]));
}

/** Notes as people read them: "100×3, 50×1". */
export function describeNotes(currency: string, notes: Notes): string {
  return [...notes].sort((a, b) => (a[0] > b[0] ? -1 : 1))
    .map(([d, n]) => `${formatAmount(fromMinor(d, currency), currency)}×${n}`).join(', ');
}

/** Refuses notes that are not in `location`, naming what is missing. */
export function checkAvailable(db: Database, location: CashPlace, currency: string, notes: Notes): void {
  const stock = noteStock(db, location, currency);
  const missing = new Map<bigint, bigint>();
  for (const [d, n] of notes) {
    const have = stock.get(d) ?? 0n;
    if (have < n) missing.set(d, n - have);
  }
  if (missing.size > 0) {
    throw new Refusal('NOTES_UNAVAILABLE', {
      location: PLACE_WORDS[location].zh, locationEn: PLACE_WORDS[location].en, currency, missing: describeNotes(currency, missing),
    });
  }
}

/**
 * The notes that leave `location` for an amount: the ones given (checked) or the counter's
 * proposal from what is there. Refused when the place cannot make the amount exactly.
 */
export function notesOut(db: Database, location: CashPlace, currency: string, amountMinor: bigint, given: Notes | undefined): Notes {
  if (given) {
    checkTotal(currency, given, amountMinor);
    checkAvailable(db, location, currency, given);
    return given;
  }
  const proposal = proposePayout(currency, amountMinor, noteStock(db, location, currency));
  if (!proposal) throw new Refusal('CHANGE_UNAVAILABLE', { currency, amount: `${currency} ${formatAmount(fromMinor(amountMinor, currency), currency)}` });
  return proposal;
}

export function checkTotal(currency: string, notes: Notes, amountMinor: bigint): void {
  const total = notesTotal(notes);
  if (total !== amountMinor) {
    const f = (m: bigint): string => `${currency} ${formatAmount(fromMinor(m, currency), currency)}`;
    throw new Refusal('NOTES_INVALID', { problemZh: `券别合计 ${f(total)}，应为 ${f(amountMinor)}`, problemEn: `the notes add up to ${f(total)}, not ${f(amountMinor)}` });
  }
}

/** Notes typed by a person ([{denomination:'100', count:3}]) as a bundle, each a real denomination. */
export function parseNotes(currency: string, input: readonly { denomination: string; count: number }[] | undefined): Notes | undefined {
  if (input === undefined) return undefined;
  const denoms = denominationsMinor(currency);
  const notes: Notes = new Map();
  for (const { denomination, count } of input) {
    const d = denoms.find((m) => formatPlain(m, currency) === normalise(denomination));
    if (d === undefined) {
      throw new Refusal('NOTES_INVALID', { problemZh: `${currency} 没有面额 ${denomination}`, problemEn: `${currency} has no ${denomination} note` });
    }
    if (count === 0) continue;
    notes.set(d, (notes.get(d) ?? 0n) + BigInt(count));
  }
  return notes;
}

function normalise(text: string): string {
  const t = text.trim();
  return /^\d+(\.\d+)?$/.test(t) ? t.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') : t;
}

/** A denomination in major units without grouping: 100, 0.5. */
export function formatPlain(minor: bigint, currency: string): string {
  return fromMinor(minor, currency).toString();
}

export function moveNotes(
  db: Database,
  txn: { id: string; businessDate: string; at: string },
  location: CashPlace,
  currency: string,
  notes: Notes,
  sign: 1n | -1n,
): void {
  // One INSERT of every denomination (issue 21: multi-row), its SQL made once (insertRows).
  const rows = [...notes].filter(([, n]) => n !== 0n).map(([d, n]) => ({
    txn_id: txn.id, location, currency, denomination_minor: d, count: sign * n, business_date: txn.businessDate, created_at: txn.at,
  }));
  if (rows.length > 0) insertRows(db, 'note_movements', rows);
}

/** The note movements of one transaction, negated (a void gives back exactly what it took). */
export function noteReversalOf(db: Database, txnId: string): { location: CashPlace; currency: string; notes: Notes; sign: 1n | -1n }[] {
  const rows = all(db, q.selectFrom('note_movements').select(['location', 'currency', 'denomination_minor', 'count']).where('txn_id', '=', txnId).orderBy('id'));
  const groups = new Map<string, { location: CashPlace; currency: string; notes: Notes; sign: 1n | -1n }>();
  for (const r of rows) {
    // Reversed: what came in goes out (sign -1), what went out comes back (sign +1).
    const sign: 1n | -1n = r.count > 0n ? -1n : 1n;
    const key = `${r.location}|${r.currency}|${sign}`;
    const g = groups.get(key) ?? { location: r.location, currency: r.currency, notes: new Map(), sign };
    g.notes.set(r.denomination_minor, (g.notes.get(r.denomination_minor) ?? 0n) + (r.count > 0n ? r.count : -r.count));
    groups.set(key, g);
  }
  return [...groups.values()];
}
