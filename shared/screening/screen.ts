// A customer screened against a watch list (第五十四条). Pure: the Terminal gives the customer and
// the list's entries; the answer is every entry scoring at or above the threshold, best first.
// Document numbers match exactly (normalised); names fuzzily (similarity.ts); a date of birth or a
// nationality both sides know corroborates (raises) or contradicts (lowers) a name's score.
import { normaliseCountry, normaliseDocument, normaliseName, type NormalName } from './normalise';
import { normalSimilarity } from './similarity';

/** One person on a list, as imported (import.ts). */
export interface ListEntry {
  /** The list's own reference (the UN's REFERENCE_NUMBER, e.g. QDi.001), unique in a version. */
  reference: string;
  name: string;
  aliases: string[];
  /** YYYY-MM-DD or YYYY, as the list gives them. */
  datesOfBirth: string[];
  nationalities: string[];
  documents: string[];
}

/** An entry made ready to compare, once per list version (the Terminal keeps them). */
export interface PreparedEntry {
  entry: ListEntry;
  names: { written: string; normal: NormalName }[];
  documents: Set<string>;
  nationalities: Set<string>;
}

export interface Subject {
  name: string;
  idNumber: string;
  /** ISO 3166 alpha-3 of the document, and the country's name: either may be on the list. */
  nationality?: readonly string[];
  dateOfBirth?: string;
}

export interface Hit {
  reference: string;
  /** The entry's main name, and the name or number of it that matched. */
  name: string;
  matched: string;
  on: 'document' | 'name';
  /** 0–100. */
  score: number;
}

/** What a date of birth or nationality known on both sides does to a name's score. */
export const CORROBORATION = { dobSame: 10, dobDiffers: -15, nationalitySame: 5, nationalityDiffers: -10 } as const;

export function prepareEntry(entry: ListEntry): PreparedEntry {
  return {
    entry,
    names: [entry.name, ...entry.aliases].filter((n) => n.trim() !== '').map((written) => ({ written, normal: normaliseName(written) })),
    documents: new Set(entry.documents.map(normaliseDocument).filter((d) => d.length >= 4)),
    nationalities: new Set(entry.nationalities.map(normaliseCountry).filter((c) => c !== '')),
  };
}

function dobAgrees(subject: string, list: readonly string[]): boolean | undefined {
  if (list.length === 0) return undefined;
  // A list date may be a year alone: the customer's year is compared with it.
  return list.some((d) => (d.length === 4 ? subject.slice(0, 4) === d : subject === d));
}

function corroborated(score: number, subject: Subject, e: PreparedEntry): number {
  let s = score;
  if (subject.dateOfBirth) {
    const agrees = dobAgrees(subject.dateOfBirth, e.entry.datesOfBirth);
    if (agrees !== undefined) s += agrees ? CORROBORATION.dobSame : CORROBORATION.dobDiffers;
  }
  if (subject.nationality && subject.nationality.length > 0 && e.nationalities.size > 0) {
    s += subject.nationality.some((c) => e.nationalities.has(normaliseCountry(c))) ? CORROBORATION.nationalitySame : CORROBORATION.nationalityDiffers;
  }
  return Math.max(0, Math.min(100, Math.round(s * 10) / 10));
}

/** Every entry the subject meets at `threshold` or above, best first. */
export function screen(subject: Subject, entries: readonly PreparedEntry[], threshold: number): Hit[] {
  const doc = normaliseDocument(subject.idNumber);
  const name = normaliseName(subject.name);
  const hits: Hit[] = [];
  for (const e of entries) {
    // The document number is the person: a match is a hit whatever the name says.
    if (doc.length >= 4 && e.documents.has(doc)) {
      hits.push({ reference: e.entry.reference, name: e.entry.name, matched: subject.idNumber, on: 'document', score: 100 });
      continue;
    }
    if (name.tokens.length === 0) continue;
    let best = 0;
    let matched = '';
    for (const n of e.names) {
      const s = normalSimilarity(name, n.normal);
      if (s > best) { best = s; matched = n.written; }
    }
    // Only a name close enough to matter is corroborated: a date of birth alone never makes a hit.
    if (best < threshold - CORROBORATION.dobSame - CORROBORATION.nationalitySame) continue;
    const score = corroborated(best, subject, e);
    if (score >= threshold) hits.push({ reference: e.entry.reference, name: e.entry.name, matched, on: 'name', score });
  }
  return hits.sort((a, b) => b.score - a.score);
}
