// Lines of text that fit the printer's columns. The layout does every wrap itself: a printer that
// wraps on its own breaks lines where it likes (and may split a two-byte character between lines),
// so no line we send is ever wider than the profile's columns.
//
// Width rule (design/printing.md): in Chinese mode printed width = GB18030 byte length, so a Chinese
// character takes 2 columns and ASCII 1. 48 columns (Font A, 203 dpi) and 42 (Epson 180 dpi) are
// both supported; columns per line is a printer-profile setting.
import { describeChars, displayWidth, unprintable } from './gb18030';
import type { Block, Receipt } from './receipt';

export { displayWidth, unprintable } from './gb18030';

export interface LayoutProfile {
  columns: number;
}

export interface ReceiptLines {
  institution: string[];
  customer: string[];
}

/** Narrower than this cannot hold a label and its value sensibly (58 mm paper has 32). */
const MIN_COLUMNS = 24;

export class LayoutError extends Error {
  override readonly name = 'LayoutError';
}

/**
 * Splits text into pieces of at most `columns` columns, between characters, losing nothing:
 * values (names, ID numbers) are wrapped this way so the pieces join back to exactly the value.
 */
export function wrap(text: string, columns: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let width = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (width + w > columns && current !== '') {
      pieces.push(current);
      current = '';
      width = 0;
    }
    current += ch;
    width += w;
  }
  if (current !== '' || pieces.length === 0) pieces.push(current);
  return pieces;
}

/**
 * Prose (titles, notes, labels): breaks at a space, or next to a Chinese character (Chinese may
 * break between any two characters), when it can; between any two characters when it cannot.
 * The spaces at a break are dropped.
 */
export function wrapWords(text: string, columns: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (displayWidth(rest) > columns) {
    const chars = [...rest];
    let width = 0;
    let fit = 0;
    for (const ch of chars) {
      const w = displayWidth(ch);
      if (width + w > columns) break;
      width += w;
      fit++;
    }
    fit = Math.max(fit, 1);
    let cut = fit;
    for (let k = fit; k > 0; k--) {
      const before = chars[k - 1]!;
      const after = chars[k]!;
      if (before === ' ' || after === ' ' || displayWidth(before) === 2 || displayWidth(after) === 2) {
        cut = k;
        break;
      }
    }
    pieces.push(chars.slice(0, cut).join('').trimEnd());
    rest = chars.slice(cut).join('').trimStart();
  }
  pieces.push(rest);
  return pieces;
}

function padLeft(text: string, columns: number): string {
  return ' '.repeat(Math.max(0, columns - displayWidth(text))) + text;
}

function centre(text: string, columns: number): string {
  return ' '.repeat(Math.max(0, Math.floor((columns - displayWidth(text)) / 2))) + text;
}

/** `***** 作废 VOID *****`: the text centred in a full line of the fill character. */
function banner(text: string, fill: string, columns: number): string[] {
  const inner = ` ${text} `;
  const room = columns - displayWidth(inner);
  if (room < 2) return wrapWords(text, columns).map((t) => centre(t, columns));
  const left = Math.floor(room / 2);
  return [fill.repeat(left) + inner + fill.repeat(room - left)];
}

function fieldLines(label: string, value: string, columns: number): string[] {
  const lw = displayWidth(label);
  const vw = displayWidth(value);
  // Same line when both fit with at least one space between.
  if (lw + 1 + vw <= columns) return [label + ' '.repeat(columns - lw - vw) + value];
  // Otherwise the label alone, then the value right-aligned (wrapped when longer than a line).
  return [...wrapWords(label, columns), ...wrap(value, columns).map((v) => padLeft(v, columns))];
}

function blockLines(block: Block, columns: number): string[] {
  switch (block.kind) {
    case 'title':
      return wrapWords(block.text, columns).map((t) => centre(t, columns));
    case 'banner':
      return banner(block.text, block.fill, columns);
    case 'field':
      return fieldLines(block.label, block.value, columns);
    case 'note':
      return wrapWords(block.text, columns);
    case 'separator':
      return ['-'.repeat(columns)];
    case 'signature':
      // Two blank lines of room to sign on, then the line to sign along.
      return [...wrapWords(`${block.label}:`, columns), '', '', '_'.repeat(columns)];
  }
}

/**
 * The last guard before bytes: every line fits, and holds nothing the printer cannot print (a
 * four-byte GB18030 character such as `¥` or 𠮷, or a control character that would act as a
 * command). The Terminal refuses such text earlier; reaching here is a bug, so it throws.
 */
export function assertPrintable(lines: string[], columns: number): void {
  for (const line of lines) {
    const bad = unprintable(line);
    if (bad.length > 0) throw new LayoutError(`无法打印的字符 Unprintable characters ${describeChars(bad)} in line "${line}"`);
    if (displayWidth(line) > columns) throw new LayoutError(`line wider than ${columns} columns: "${line}"`);
  }
}

function linesOf(blocks: Block[], columns: number): string[] {
  const lines = blocks.flatMap((b) => blockLines(b, columns));
  assertPrintable(lines, columns);
  return lines;
}

export function layout(receipt: Receipt, profile: LayoutProfile): ReceiptLines {
  const { columns } = profile;
  if (!Number.isInteger(columns) || columns < MIN_COLUMNS) throw new LayoutError(`columns must be a whole number ≥ ${MIN_COLUMNS}, got ${columns}`);
  return { institution: linesOf(receipt.institution, columns), customer: linesOf(receipt.customer, columns) };
}
