// What the counter does with an amount as it is typed (issue 14): the same keystrokes typed with a
// Chinese input method on (full-width digits ０–９ and the full-width point ．) are shown as the
// ASCII digits and point they are; anything else is kept exactly as typed and refused visibly,
// never stripped (a stripped "3OO" became USD 3.00 and quoted). The Terminal's own check is
// shared/money/money.ts parseAmount, which refuses the same texts.

/** An amount a person types: ASCII digits with an optional decimal point. No sign, no exponent. */
const PLAIN_DECIMAL = /^[0-9]+(\.[0-9]+)?$/;
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E]/g;

/**
 * The amount as typed, with full-width digits (U+FF10–FF19) and the full-width full stop (U+FF0E)
 * as their ASCII forms. Nothing else is changed: not white space, not the ideographic full stop
 * 。 (U+3002, a sentence mark, refused as typed), not letters or signs.
 */
export function normaliseAmountText(typed: string): string {
  return typed.replace(FULL_WIDTH, (c) => (c === '\uFF0E' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30)));
}

/** Whether the text is a plain decimal the Terminal can be asked to quote (`1234.56`). */
export function isPlainDecimal(text: string): boolean {
  return PLAIN_DECIMAL.test(text);
}

export type AmountTextProblem =
  /** Characters that are neither digits nor the point, distinct, in order of first appearance. */
  | { kind: 'chars'; chars: string[] }
  /** More than one point. */
  | { kind: 'points' }
  /** A point with no digit before it (".5"). */
  | { kind: 'pointFirst' }
  /** A point with no digit after it ("300."): also what is on the way to "300.5". */
  | { kind: 'pointLast' };

/**
 * What is wrong with an amount text (after normaliseAmountText), or undefined when it is a plain
 * decimal or empty (nothing typed yet is not a mistake).
 */
export function amountTextProblem(text: string): AmountTextProblem | undefined {
  if (text === '' || isPlainDecimal(text)) return undefined;
  const chars: string[] = [];
  for (const ch of text) if (!/[0-9.]/.test(ch) && !chars.includes(ch)) chars.push(ch);
  if (chars.length > 0) return { kind: 'chars', chars };
  if (text.indexOf('.') !== text.lastIndexOf('.')) return { kind: 'points' };
  return text.startsWith('.') ? { kind: 'pointFirst' } : { kind: 'pointLast' };
}

/**
 * Characters named in a message: a visible one in quotes, one that cannot be seen (a space, a
 * full-width space, a control or format character) by its code point, so "1 000" names U+0020.
 */
export function describeTyped(chars: string[]): string {
  return chars
    .map((c) => {
      const cp = c.codePointAt(0)!;
      return /^[\s\p{C}]$/u.test(c) ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `“${c}”`;
    })
    .join(', ');
}
