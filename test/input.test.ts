// The amount as the counter takes it (shared/input.ts, issue 14): full-width digits and point are
// the same keys with an input method on and are shown as ASCII; anything else is kept as typed and
// named in the refusal, never stripped. What the counter would quote, the Terminal accepts.
import { describe, expect, it } from 'vitest';
import { amountTextProblem, describeTyped, isPlainDecimal, normaliseAmountText } from '../shared/input';
import { parseAmount } from '../shared/money/money';

describe('shared/input: the typed amount', () => {
  it('shows full-width digits and the full-width point as ASCII, and changes nothing else', () => {
    expect(normaliseAmountText('３００')).toBe('300');
    expect(normaliseAmountText('１２３４．５６')).toBe('1234.56');
    expect(normaliseAmountText('０１２３４５６７８９')).toBe('0123456789');
    // Kept as typed: letters, signs, exponents, spaces, separators, the ideographic full stop.
    for (const typed of ['3OO', '1e3', '-50', ' 100', '100 ', '1,000', '3。5', '３００ ', '＋5', '1　0']) {
      expect(normaliseAmountText(typed)).toBe(typed.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
    }
    expect(normaliseAmountText('3OO')).toBe('3OO');
  });

  it('refuses what is not a plain decimal, naming what is wrong', () => {
    expect(amountTextProblem('')).toBeUndefined();
    expect(amountTextProblem('300')).toBeUndefined();
    expect(amountTextProblem('0.50')).toBeUndefined();
    expect(amountTextProblem('3OO')).toEqual({ kind: 'chars', chars: ['O'] });
    expect(amountTextProblem('1e3')).toEqual({ kind: 'chars', chars: ['e'] });
    expect(amountTextProblem('-50')).toEqual({ kind: 'chars', chars: ['-'] });
    expect(amountTextProblem('1,000.5')).toEqual({ kind: 'chars', chars: [','] });
    expect(amountTextProblem(' 100')).toEqual({ kind: 'chars', chars: [' '] });
    expect(amountTextProblem('3。5')).toEqual({ kind: 'chars', chars: ['。'] });
    expect(amountTextProblem('1.2.3')).toEqual({ kind: 'points' });
    expect(amountTextProblem('.5')).toEqual({ kind: 'pointFirst' });
    expect(amountTextProblem('300.')).toEqual({ kind: 'pointLast' });
    expect(describeTyped(['O', ' ', '\u3000', '-'])).toBe('“O”, U+0020, U+3000, “-”');
  });

  it('a text the counter would quote is one the Terminal parses; one it refuses, the Terminal refuses too', () => {
    const texts = ['300', '0300', '1234.56', '3OO', '1e3', '-50', ' 100', '100\n', '1,000', '1.2.3', '.5', '300.', '３００', 'Infinity', '0x10', '+5'];
    for (const text of texts) {
      let terminal: 'ok' | string;
      try {
        parseAmount(text, 'USD');
        terminal = 'ok';
      } catch (e) {
        terminal = (e as { code: string }).code;
      }
      if (isPlainDecimal(text)) expect(terminal, text).toBe('ok');
      else expect(terminal, text).toBe('AMOUNT_INVALID');
      expect(isPlainDecimal(text), text).toBe(amountTextProblem(text) === undefined);
    }
  });
});
