// Notes as counted by denomination, and their exact totals (decimal.js, never a float): what the
// back office counts and the counter's notes step records. Pure (no DOM): the counter's machine
// and its tests use it; backoffice.ts re-exports it for the back-office screens.
import { Decimal, dec } from '../shared/money/money';

/** What was typed per denomination (a count of notes, as text: '' is not counted yet). */
export type Typed = Record<string, string>;

/** A typed count: digits only; '' is 0. */
export function countOf(text: string | undefined): number {
  return text && /^\d+$/.test(text) ? Number(text) : 0;
}

/** Anything typed at all for this currency ('0' counts: an empty drawer was looked at). */
export function touched(typed: Typed | undefined): boolean {
  return !!typed && Object.values(typed).some((v) => v !== '');
}

export function notesOf(typed: Typed | undefined): { denomination: string; count: number }[] {
  if (!typed) return [];
  return Object.entries(typed)
    .map(([denomination, text]) => ({ denomination, count: countOf(text) }))
    .filter((n) => n.count > 0)
    .sort((a, b) => dec(b.denomination).comparedTo(dec(a.denomination)));
}

export function lineTotal(denomination: string, text: string | undefined): Decimal {
  return dec(denomination).times(countOf(text));
}

export function totalOf(typed: Typed | undefined): Decimal {
  let t = new Decimal(0);
  for (const [d, text] of Object.entries(typed ?? {})) t = t.plus(lineTotal(d, text));
  return t;
}

// ---- the counter's notes step ----

/** The notes typed in the counter's notes step: what the commit sends (a blank side is left to the Terminal). */
export interface NotesTyped {
  received: Typed;
  paid: Typed;
}
export const NO_NOTES: NotesTyped = { received: {}, paid: {} };

export function notesForCommit(v: NotesTyped): { notesIn?: { denomination: string; count: number }[]; notesOut?: { denomination: string; count: number }[] } {
  const notesIn = notesOf(v.received);
  const notesOut = notesOf(v.paid);
  return { ...(notesIn.length > 0 ? { notesIn } : {}), ...(notesOut.length > 0 ? { notesOut } : {}) };
}
