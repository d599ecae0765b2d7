// GB18030, the encoding Chinese ESC/POS printers read in Chinese character mode (FS &).
//
// Two facts from design/printing.md drive everything here:
// - Printed width = encoded byte length: an ASCII byte is one column, a two-byte character two.
// - Printer fonts hold only the one- and two-byte areas. A character GB18030 encodes in four bytes
//   (¥ U+00A5, £, •, ₩, CJK Extension A/B name characters such as 𠮷) prints as garbage, so it
//   must be caught before a job is built, never silently dropped.
import iconv from 'iconv-lite';

export const ENCODING = 'GB18030';

export function encodeGb18030(text: string): Buffer {
  return iconv.encode(text, ENCODING);
}

export function decodeGb18030(bytes: Buffer): string {
  return iconv.decode(bytes, ENCODING);
}

/** Columns the text takes on paper in Chinese mode: its GB18030 byte length. */
export function displayWidth(text: string): number {
  return encodeGb18030(text).length;
}

/** Control characters would be read by the printer as commands (ESC, GS…) or move the paper. */
function isControl(codePoint: number): boolean {
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);
}

/**
 * Private-use characters map to GB18030's user-defined two-byte areas (AAA1–AFFE, F8A1–FEFE,
 * A140–A7A0), for which printer fonts have no glyph.
 */
function isPrivateUse(codePoint: number): boolean {
  return codePoint >= 0xe000 && codePoint <= 0xf8ff;
}

/** A lone surrogate cannot be encoded at all (iconv-lite writes '?' in its place). */
function isLoneSurrogate(codePoint: number): boolean {
  return codePoint >= 0xd800 && codePoint <= 0xdfff;
}

/**
 * The distinct characters of `text` that a receipt printer cannot print, in order of first
 * appearance: those GB18030 encodes in four bytes, and also control, private-use and lone
 * surrogate characters (each would corrupt or vanish from the paper just the same).
 *
 * Our choice for a customer name holding one (rules: a rare name character must not silently
 * vanish): the Terminal refuses the trade before anything is written, naming the characters.
 */
export function unprintable(text: string): string[] {
  const found: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const bad = isControl(cp) || isPrivateUse(cp) || isLoneSurrogate(cp) || encodeGb18030(ch).length === 4;
    if (bad && !found.includes(ch)) found.push(ch);
  }
  return found;
}

/** How a character is named in an error message: the character and its code point. */
export function describeChars(chars: string[]): string {
  return chars
    .map((c) => {
      const cp = c.codePointAt(0)!;
      const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      // A control character is named by its code point only: printed raw it would act.
      return isControl(cp) || isLoneSurrogate(cp) ? code : `"${c}" ${code}`;
    })
    .join(', ');
}
