// Cash by note: the notes in the till and the safe, per currency and denomination. Every change is
// a bundle of notes (one row per place, currency and direction: note_bundles, migration 028) in the
// same transaction as the postings it goes with; note_stock is kept from the bundles by the
// database (028_notes_with_the_trade.sql). The value of the notes in a place always equals the
// balance of that place's cash account (test/helpers/invariants.ts checks it).
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

// ---- issue 21 (≤ 15 pages per trade): notes kept with the trade, one row per place and currency ----

/**
 * A bundle's notes as the row holds them (migration 028): a JSON object, denomination in minor
 * units → count, the largest note first, e.g. {"10000":3,"5000":1}. Written and read here as text,
 * digit by digit, so that a count is a bigint from end to end (never a JS number).
 */
export function bundleText(notes: Notes): string {
  const entries = [...notes].filter(([, n]) => n !== 0n).sort((a, b) => (a[0] > b[0] ? -1 : 1));
  for (const [d, n] of entries) if (d <= 0n || n < 0n) throw new Error(`bundleText: ${d}×${n} is not a note count`);
  return `{${entries.map(([d, n]) => `"${d}":${n}`).join(',')}}`;
}

const BUNDLE_ENTRY = /^\s*"(\d+)"\s*:\s*(\d+)\s*$/;

/** The notes of a bundle's text (bundleText's, or SQLite's json_group_object in migration 028). */
export function bundleNotes(text: string): Notes {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) throw new Error(`bundleNotes: not a bundle: ${text}`);
  const notes: Notes = new Map();
  const body = t.slice(1, -1);
  if (body.trim() === '') return notes;
  for (const part of body.split(',')) {
    const m = BUNDLE_ENTRY.exec(part);
    if (!m) throw new Error(`bundleNotes: not a bundle: ${text}`);
    const d = BigInt(m[1]!);
    notes.set(d, (notes.get(d) ?? 0n) + BigInt(m[2]!));
  }
  return notes;
}

/**
 * Notes into (sign 1) or out of (sign -1) a place, in the caller's transaction: one row for the
 * place and currency with every denomination in it (issue 21: ~10 rows a trade in three b-trees
 * became 1–2 rows in one). note_stock follows by the table's trigger (028); a note that is not
 * there is refused by note_stock's CHECK. A transaction writes at most one row per place, currency
 * and direction (the key): the callers move each place's notes of a currency once each way.
 */
export function moveNotes(
  db: Database,
  txn: { id: string; businessDate: string; at: string },
  location: CashPlace,
  currency: string,
  notes: Notes,
  sign: 1n | -1n,
): void {
  if (![...notes.values()].some((n) => n !== 0n)) return;
  insertRows(db, 'note_bundles', [{
    business_date: txn.businessDate, txn_id: txn.id, location, currency, sign, notes: bundleText(notes), created_at: txn.at,
  }]);
}

export interface NoteBundle { location: CashPlace; currency: string; sign: 1n | -1n; notes: Notes }

/**
 * The notes one transaction moved, by place, currency and direction, found by its business date
 * and id (the table's key: the trade, void, movement or transfer holds its date).
 */
export function notesOfTxn(db: Database, txnId: string, businessDate: string): NoteBundle[] {
  return all(db, q.selectFrom('note_bundles').select(['location', 'currency', 'sign', 'notes'])
    .where('business_date', '=', businessDate).where('txn_id', '=', txnId).orderBy('location', 'desc').orderBy('currency').orderBy('sign', 'desc'))
    .map((r) => ({ location: r.location, currency: r.currency, sign: r.sign > 0n ? 1n : -1n, notes: bundleNotes(r.notes) }));
}

/** The note movements of one transaction of `businessDate`, negated (a void gives back exactly what it took). */
export function noteReversalOf(db: Database, txnId: string, businessDate: string): NoteBundle[] {
  // Reversed: what came in goes out (sign -1), what went out comes back (sign +1).
  return notesOfTxn(db, txnId, businessDate).map((b) => ({ ...b, sign: b.sign > 0n ? -1n : 1n }));
}
