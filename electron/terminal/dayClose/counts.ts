// The counts of the day close and of a till handover: the notes each place should hold at the end
// of a day, and how a count by note differs from it (by value, or by the mix of notes).
import { Refusal } from '../../../shared/errors';
import { formatAmount, fromMinor } from '../../../shared/money/money';
import type { Notes } from '../../../shared/money/denominations';
import type { z } from 'zod';
import type { countInput } from '../../../shared/api';
import { bundleNotes, describeNotes, parseNotes, PLACE_WORDS, type CashPlace } from '../../ledger/notes';
import { all, q, type Database } from '../../ledger/sql';

export type Count = z.output<typeof countInput>;


// ---- what the close expects ----

/** Notes per place and currency at the end of `date`: today's stock less anything dated after. */
export function expectedNotes(db: Database, date: string): Map<string, { location: CashPlace; currency: string; notes: Notes }> {
  const out = new Map<string, { location: CashPlace; currency: string; notes: Notes }>();
  const add = (location: CashPlace, currency: string, d: bigint, n: bigint) => {
    const key = `${location}|${currency}`;
    const slot = out.get(key) ?? out.set(key, { location, currency, notes: new Map() }).get(key)!;
    const v = (slot.notes.get(d) ?? 0n) + n;
    if (v === 0n) slot.notes.delete(d); else slot.notes.set(d, v);
  };
  for (const r of all(db, q.selectFrom('note_stock').selectAll().where('count', '!=', 0n))) add(r.location, r.currency, r.denomination_minor, r.count);
  // What moved after the day (issue 21: a row per transaction, place, currency and direction, its
  // denominations in the row), read by the bundles' key, its first column the date.
  for (const r of all(db, q.selectFrom('note_bundles').select(['location', 'currency', 'sign', 'notes']).where('business_date', '>', date))) {
    for (const [d, n] of bundleNotes(r.notes)) add(r.location, r.currency, d, -(r.sign * n));
  }
  for (const [key, v] of out) if (v.notes.size === 0) out.delete(key);
  return out;
}

export function total(notes: Notes): bigint {
  let t = 0n;
  for (const [d, n] of notes) t += d * n;
  return t;
}

export function notesList(currency: string, notes: Notes) {
  return [...notes].filter(([, n]) => n !== 0n).sort((a, b) => (a[0] > b[0] ? -1 : 1))
    .map(([d, n]) => ({ denomination: fromMinor(d, currency).toString(), count: Number(n) }));
}

export interface Difference {
  location: CashPlace;
  currency: string;
  expected: bigint;
  counted: bigint;
  mixDiffers: boolean;
  expectedNotes: Notes;
  countedNotes: Notes;
}

/** Counted against expected, per place and currency: value and note mix. */
export function compareCounts(db: Database, date: string, counts: readonly Count[], expected = expectedNotes(db, date)): Difference[] {
  const counted = new Map<string, { location: CashPlace; currency: string; notes: Notes }>();
  for (const c of counts) {
    const key = `${c.location}|${c.currency}`;
    if (counted.has(key)) throw new Refusal('NOTES_INVALID', { problemZh: `${PLACE_WORDS[c.location].zh} ${c.currency} 清点了两次`, problemEn: `${c.currency} in the ${PLACE_WORDS[c.location].en} is counted twice` });
    counted.set(key, { location: c.location, currency: c.currency, notes: parseNotes(c.currency, c.notes) ?? new Map() });
  }
  const missing = [...expected.keys()].filter((k) => !counted.has(k));
  if (missing.length > 0) {
    throw new Refusal('DAY_CLOSE_COUNT_MISSING', { missing: missing.map((k) => { const [l, c] = k.split('|') as [CashPlace, string]; return `${PLACE_WORDS[l].zh}/${l} ${c}`; }).join(', ') });
  }
  const out: Difference[] = [];
  for (const [key, c] of counted) {
    const e = expected.get(key)?.notes ?? new Map<bigint, bigint>();
    const denoms = new Set([...e.keys(), ...c.notes.keys()]);
    const mixDiffers = [...denoms].some((d) => (e.get(d) ?? 0n) !== (c.notes.get(d) ?? 0n));
    out.push({ location: c.location, currency: c.currency, expected: total(e), counted: total(c.notes), mixDiffers, expectedNotes: e, countedNotes: c.notes });
  }
  return out.sort((a, b) => (a.location + a.currency).localeCompare(b.location + b.currency));
}

export function differenceView(d: Difference) {
  const denoms = [...new Set([...d.expectedNotes.keys(), ...d.countedNotes.keys()])].sort((a, b) => (a > b ? -1 : 1));
  return {
    location: d.location, currency: d.currency,
    expected: fromMinor(d.expected, d.currency).toString(), counted: fromMinor(d.counted, d.currency).toString(),
    difference: fromMinor(d.counted - d.expected, d.currency).toString(), mixDiffers: d.mixDiffers,
    notes: denoms.map((den) => ({ denomination: fromMinor(den, d.currency).toString(), expected: Number(d.expectedNotes.get(den) ?? 0n), counted: Number(d.countedNotes.get(den) ?? 0n) })),
  };
}

export function describeDifference(d: Difference): string {
  const f = (m: bigint) => formatAmount(fromMinor(m, d.currency), d.currency);
  return d.counted !== d.expected
    ? `${PLACE_WORDS[d.location].zh} ${d.currency} ${d.counted > d.expected ? '长款' : '短款'} ${f(d.counted - d.expected)}`
    : `${PLACE_WORDS[d.location].zh} ${d.currency} 券别不符 (${describeNotes(d.currency, d.countedNotes)})`;
}
