// How alike two names are, 0–100 (第五十四条 screening). Jaro-Winkler on words, because names on
// lists are transliterated (Mohammed, Muhammad): a word is matched to the most alike word of the
// other name, whatever the order; a word less alike than WORD_FLOOR counts as not matched at all,
// so sharing a surname alone does not make a hit.
import { normaliseName, type NormalName, type Tokens } from './normalise';

const WORD_FLOOR = 0.8;

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
function tokensSimilarity(x: Tokens, y: Tokens): number {
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
      const s = jaroWinkler(t, u);
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
  const coverage = short.length === 1 ? short.length / long.length : 0.9 + 0.1 * (short.length / long.length);
  const joined = jaroWinkler(x.join(''), y.join(''));
  // The words run together in the written order (Zhangsan against ZHANG San) count too.
  return Math.max(words * coverage, joined >= 0.97 ? joined : 0);
}

/** How alike two normalised names are, 0–100, over every cut of each into words. */
export function normalSimilarity(a: NormalName, b: NormalName): number {
  let best = 0;
  for (const x of a.variants) for (const y of b.variants) best = Math.max(best, tokensSimilarity(x, y));
  return Math.round(best * 1000) / 10;
}

export function nameSimilarity(a: string, b: string): number {
  return normalSimilarity(normaliseName(a), normaliseName(b));
}
