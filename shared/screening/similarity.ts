// How alike two names are, 0–100 (第五十四条 screening). Jaro-Winkler on words, because names on
// lists are transliterated (Mohammed, Muhammad): a word is matched to the most alike word of the
// other name, whatever the order; a word less alike than WORD_FLOOR counts as not matched at all,
// so sharing a surname alone does not make a hit.
import { normaliseName, type NormalName, type Tokens } from './normalise';

const WORD_FLOOR = 0.88;

/** A word's consonants, doubled ones once, vowels and y, w, h dropped: Mohammed and Muhammad are both mhmd. */
function skeleton(w: string): string {
  return w.replace(/[aeiouyw]/g, '').replace(/(.)\1+/g, '$1');
}

/** Two words, 0–1: Jaro-Winkler, or 0.95 when their consonants agree (a vowel transliterated otherwise). */
export function wordSimilarity(a: string, b: string): number {
  const jw = jaroWinkler(a, b);
  if (jw >= 0.95) return jw;
  const sa = skeleton(a);
  return sa.length >= 3 && sa === skeleton(b) ? 0.95 : jw;
}

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Two cuts of names into words, 0–1: each word of the shorter matched to its most alike unused word of the longer. */
function tokensSimilarity(x: Tokens, y: Tokens, exact = false): number {
  if (x.length === 0 || y.length === 0) return 0;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  const used = new Set<number>();
  let sum = 0;
  let weight = 0;
  for (const t of short) {
    let best = 0;
    let at = -1;
    long.forEach((u, i) => {
      if (used.has(i)) return;
      const s = exact ? (t === u ? 1 : 0) : wordSimilarity(t, u);
      if (s > best) { best = s; at = i; }
    });
    if (at >= 0 && best >= WORD_FLOOR) used.add(at);
    // Longer words weigh more: a matching initial or particle ("al", "bin") proves little.
    const w = Math.max(t.length, 2);
    sum += (best >= WORD_FLOOR ? best : 0) * w;
    weight += w;
  }
  const words = sum / weight;
  // A one-word name meets a longer one only in part; a name of several words that all match the
  // list's is that person even if the list knows more of their names (bin Laden's full name).
  // Pinyin syllables are characters: a Chinese name with one character fewer is another name (王明, 王小明).
  const coverage = short.length === 1 || exact ? short.length / long.length : 0.9 + 0.1 * (short.length / long.length);
  // The words run together in the written order (Zhangsan against ZHANG San) count too.
  const joined = exact ? (x.join('') === y.join('') ? 1 : 0) : jaroWinkler(x.join(''), y.join(''));
  return Math.max(words * coverage, joined >= 0.97 ? joined : 0);
}

/** How alike two normalised names are, 0–100, over every cut of each into words. */
export function normalSimilarity(a: NormalName, b: NormalName): number {
  // Both in pinyin: syllable by syllable, each exactly (syllables.ts); a name in any other letters by words.
  if (a.syllables && b.syllables) return Math.round(tokensSimilarity(a.syllables, b.syllables, true) * 1000) / 10;
  let best = 0;
  for (const x of a.variants) for (const y of b.variants) best = Math.max(best, tokensSimilarity(x, y));
  return Math.round(best * 1000) / 10;
}

export function nameSimilarity(a: string, b: string): number {
  return normalSimilarity(normaliseName(a), normaliseName(b));
}
