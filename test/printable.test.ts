// The printability check the counter makes as a name is typed (shared/printable.ts) is the one the
// Terminal makes at commit and the printer layer makes on every line: its table of one- and
// two-byte code points agrees with the printer's GB18030 encoder (iconv-lite) on every code point.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import * as printer from '../electron/printer/gb18030';
import { describeChars, isFourByteGb18030, unprintable } from '../shared/printable';

describe('shared/printable', () => {
  it('says "four bytes" for exactly the code points the printer encoder writes in four bytes (the whole BMP, and the planes above)', () => {
    const disagree: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates: refused on their own (below)
      const four = iconv.encode(String.fromCodePoint(cp), 'GB18030').length === 4;
      if (four !== isFourByteGb18030(cp)) disagree.push(`U+${cp.toString(16)}`);
    }
    expect(disagree).toEqual([]);
    for (let cp = 0x10000; cp <= 0x10ffff; cp += 0x3f1) {
      expect(iconv.encode(String.fromCodePoint(cp), 'GB18030').length).toBe(4);
      expect(isFourByteGb18030(cp)).toBe(true);
    }
    expect(isFourByteGb18030(0x10ffff)).toBe(true);
  });

  it('names the characters a receipt would lose: four-byte, control, private-use and lone surrogates', () => {
    expect(unprintable('吉𠮷')).toEqual(['𠮷']);
    expect(unprintable('阮𡨸')).toEqual(['𡨸']);
    expect(unprintable('㐀')).toEqual(['㐀']); // Extension A
    expect(unprintable('¥£•₩ ¥')).toEqual(['¥', '£', '•', '₩']);
    expect(unprintable('张三 Müller O’Brien ￥')).toEqual([]);
    expect(unprintable('A\x1bB')).toEqual(['\x1b']);
    expect(unprintable('王\uE000')).toEqual(['\uE000']);
    expect(unprintable('李\uD800')).toEqual(['\uD800']);
    expect(describeChars(['𠮷', '\x1b'])).toBe('"𠮷" U+20BB7, U+001B');
  });

  it('is the very check the printer layer uses (moved, not copied)', () => {
    expect(printer.unprintable).toBe(unprintable);
    expect(printer.describeChars).toBe(describeChars);
  });
});
