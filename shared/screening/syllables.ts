// The syllables of Hanyu Pinyin (without tones), to cut a name written in pinyin into them: WANG
// XIAOMING is wang·xiao·ming. Two Chinese names that differ by one syllable (王小明, 王小红) are
// different people however alike their letters, so such names are compared syllable by syllable,
// each syllable exactly (similarity.ts), never by letters as Latin transliterations are.
const BY_INITIAL: Record<string, string> = {
  '': 'a ai an ang ao e ei en eng er o ou',
  b: 'a ai an ang ao ei en eng i ian iao ie in ing o u',
  p: 'a ai an ang ao ei en eng i ian iao ie in ing o ou u',
  m: 'a ai an ang ao e ei en eng i ian iao ie in ing iu o ou u',
  f: 'a an ang ei en eng o ou u',
  d: 'a ai an ang ao e ei en eng i ian iao ie ing iu ong ou u uan ui un uo',
  t: 'a ai an ang ao e ei eng i ian iao ie ing ong ou u uan ui un uo',
  n: 'a ai an ang ao e ei en eng i ian iang iao ie in ing iu ong ou u uan ue un uo v ve',
  l: 'a ai an ang ao e ei eng i ia ian iang iao ie in ing iu o ong ou u uan ue un uo v ve',
  g: 'a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo',
  k: 'a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo',
  h: 'a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo',
  j: 'i ia ian iang iao ie in ing iong iu u uan ue un',
  q: 'i ia ian iang iao ie in ing iong iu u uan ue un',
  x: 'i ia ian iang iao ie in ing iong iu u uan ue un',
  zh: 'a ai an ang ao e ei en eng i ong ou u ua uai uan uang ui un uo',
  ch: 'a ai an ang ao e en eng i ong ou u ua uai uan uang ui un uo',
  sh: 'a ai an ang ao e ei en eng i ou u ua uai uan uang ui un uo',
  r: 'an ang ao e en eng i ong ou u ua uan ui un uo',
  z: 'a ai an ang ao e ei en eng i ong ou u uan ui un uo',
  c: 'a ai an ang ao e en eng i ong ou u uan ui un uo',
  s: 'a ai an ang ao e en eng i ong ou u uan ui un uo',
  y: 'a an ang ao e i in ing o ong ou u uan ue un',
  w: 'a ai an ang ei en eng o u',
};

export const PINYIN_SYLLABLES: ReadonlySet<string> = new Set(
  Object.entries(BY_INITIAL).flatMap(([initial, finals]) => finals.split(' ').map((f) => initial + f)),
);

const LONGEST = 6;

/**
 * A word cut into pinyin syllables, the fewest there can be (xian is one syllable, not xi·an), or
 * undefined when it is not pinyin (KIM, HANS).
 */
export function pinyinSyllables(word: string): string[] | undefined {
  // best[i]: the fewest syllables covering word[0, i).
  const best: (string[] | undefined)[] = [[]];
  for (let i = 1; i <= word.length; i++) {
    let chosen: string[] | undefined;
    for (let len = 1; len <= Math.min(LONGEST, i); len++) {
      const before = best[i - len];
      const s = word.slice(i - len, i);
      if (before && PINYIN_SYLLABLES.has(s) && (!chosen || before.length + 1 < chosen.length)) chosen = [...before, s];
    }
    best.push(chosen);
  }
  return best[word.length];
}

/** Every word of a name cut into pinyin syllables, or undefined when one of them is not pinyin. */
export function nameSyllables(words: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const w of words) {
    const s = pinyinSyllables(w);
    if (!s) return undefined;
    out.push(...s);
  }
  return out.length > 0 ? out : undefined;
}
