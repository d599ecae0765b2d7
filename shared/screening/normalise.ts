// A name as the screening compares it (第五十四条: the institution's anti-money-laundering duty,
// which every watch list check serves). Latin names: case, diacritics (NFKD, marks dropped),
// punctuation and word order do not matter; Chinese characters are read as pinyin (pinyin-pro, with
// its surname readings: 单 as Shan, 曾 as Zeng), so a customer's 王小明 meets the list's WANG Xiaoming.
import { pinyin } from 'pinyin-pro';
import { nameSyllables } from './syllables';

const HAN = /\p{Script=Han}/u;

/** One way of writing a name as tokens (lower-case ASCII letters and digits). */
export type Tokens = readonly string[];

export interface NormalName {
  /** The tokens as written (Chinese read syllable by syllable), in the name's order. */
  tokens: Tokens;
  /**
   * Every way of cutting the name into words the comparison tries: the tokens themselves and, for
   * a name in Chinese characters, the surname and the given name run together (WANG Xiaoming).
   */
  variants: readonly Tokens[];
  /** The name as pinyin syllables when every word of it is pinyin (王小明, WANG Xiaoming): compared syllable by syllable. */
  syllables?: Tokens;
}

/** Letters without marks, lower-case, anything that is not a letter or digit a space. */
function latinTokens(s: string): string[] {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    // Letters NFKD leaves whole (ß, ø, đ, ł, æ, œ, ı): spelt as they are transliterated.
    .replace(/ß/g, 'ss').replace(/[øØ]/g, 'o').replace(/[đĐ]/g, 'd').replace(/[łŁ]/g, 'l')
    .replace(/[æÆ]/g, 'ae').replace(/[œŒ]/g, 'oe').replace(/ı/g, 'i')
    .toLowerCase()
    // An apostrophe or hyphen inside a name joins it (O'Brien, Al-Qaida → obrien, al qaida below).
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((t) => t.length > 0);
}

export function normaliseName(name: string): NormalName {
  if (!HAN.test(name)) {
    const tokens = latinTokens(name);
    const syllables = nameSyllables(tokens);
    return { tokens, variants: [tokens], ...(syllables ? { syllables } : {}) };
  }
  // Chinese characters: their pinyin, syllable by syllable (a surname read as a surname); Latin
  // letters in the same string kept as words.
  const han = name.replace(/[^\p{Script=Han}]/gu, '');
  const syllables = pinyin(han, { toneType: 'none', type: 'array', surname: 'head' }).map((s) => latinTokens(s).join(''));
  const rest = latinTokens(name.replace(/\p{Script=Han}/gu, ' '));
  const tokens = [...syllables, ...rest];
  const variants: Tokens[] = [tokens];
  // Surname + given name run together: one syllable surname, and a two-syllable one (欧阳, 司马).
  if (syllables.length >= 2) variants.push([syllables[0]!, syllables.slice(1).join(''), ...rest]);
  if (syllables.length >= 3) variants.push([syllables.slice(0, 2).join(''), syllables.slice(2).join(''), ...rest]);
  variants.push([syllables.join(''), ...rest]);
  const all = nameSyllables(tokens);
  return { tokens, variants, ...(all ? { syllables: all } : {}) };
}

/** The tokens in a fixed order: the same name in any word order or case gives the same key. */
export function nameKey(name: string): string {
  return [...normaliseName(name).tokens].sort().join(' ');
}

/** A document number as compared: letters and digits only, upper-case (E-123 456 = E123456). */
export function normaliseDocument(number: string): string {
  return number.normalize('NFKD').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** A nationality as compared: lower-case letters only ("Iraq", "IRAQ " → "iraq"). */
export function normaliseCountry(value: string): string {
  return latinTokens(value).join(' ');
}
