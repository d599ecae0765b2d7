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

// Which characters a printer cannot print is a pure check the counter also makes as a name is
// typed: shared/printable.ts (its table of one- and two-byte code points is checked against this
// encoder by test/printable.test.ts).
export { describeChars, unprintable } from '../../shared/printable';
