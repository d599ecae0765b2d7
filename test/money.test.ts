// Exact money: minor units round-trip exactly, rounding happens only where written down, and what
// people see is grouped and padded to the currency's decimals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { Decimal, dec, formatAmount, formatUsd, fromMinor, money, parseAmount, roundRmb, roundToUnit, toMinor } from '../shared/money/money';

describe('money', () => {
  it('minor units round-trip exactly for every currency and amount (JPY has none, USD two)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), fc.constantFrom('USD', 'JPY', 'KRW', 'CNY', 'EUR'), (minor, currency) => {
        expect(toMinor(fromMinor(minor, currency), currency)).toBe(minor);
      }),
    );
  });

  it('JPY has no minor unit: 1000 yen is 1000 minor units; USD 12.34 is 1234', () => {
    expect(toMinor(dec('1000'), 'JPY')).toBe(1000n);
    expect(toMinor(dec('12.34'), 'USD')).toBe(1234n);
    expect(() => toMinor(dec('0.5'), 'JPY')).toThrow(/not a whole number/);
    expect(() => money(dec('1.005'), 'USD')).toThrow(/not a whole number/);
  });

  it('parses what a teller types, refusing what is not an amount of that currency', () => {
    expect(parseAmount('1234.50', 'USD').toString()).toBe('1234.5');
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Refusal).code;
      }
      return 'accepted';
    };
    expect(code(() => parseAmount('1.5', 'JPY'))).toBe('AMOUNT_TOO_MANY_DECIMALS');
    expect(code(() => parseAmount('0.00', 'USD'))).toBe('AMOUNT_NOT_POSITIVE');
    expect(code(() => parseAmount('-1', 'USD'))).toBe('AMOUNT_INVALID');
    expect(code(() => parseAmount('1e3', 'USD'))).toBe('AMOUNT_INVALID');
    expect(code(() => parseAmount('1000000000000', 'USD'))).toBe('AMOUNT_TOO_LARGE');
    expect(code(() => parseAmount('10', 'XYZ'))).toBe('CURRENCY_UNKNOWN');
    // Exactly as typed: white space around an amount is refused, never trimmed (issue 13).
    for (const spaced of [' 1234.50 ', '100\n', '\t100', '1 000']) expect(code(() => parseAmount(spaced, 'USD')), JSON.stringify(spaced)).toBe('AMOUNT_INVALID');
  });

  it('RMB rounds half-up to the fen, and only there', () => {
    expect(roundRmb(dec('7.105')).toString()).toBe('7.11');
    expect(roundRmb(dec('7.1049999')).toString()).toBe('7.1');
    expect(roundRmb(dec('-7.105')).toString()).toBe('-7.11');
  });

  it('the foreign side rounds to whole notes, down or up as told', () => {
    expect(roundToUnit(dec('1234'), dec('1000'), 'down').toString()).toBe('1000');
    expect(roundToUnit(dec('1234'), dec('1000'), 'up').toString()).toBe('2000');
    expect(roundToUnit(dec('15'), dec('5'), 'up').toString()).toBe('15');
  });

  it('shows amounts grouped in thousands with the currency\'s decimals, USD equivalents half-up to the cent', () => {
    expect(formatAmount(dec('1234567.5'), 'USD')).toBe('1,234,567.50');
    expect(formatAmount(dec('1234567'), 'JPY')).toBe('1,234,567');
    expect(formatUsd(dec('499.995'))).toBe('500.00');
    expect(formatUsd(new Decimal('0.004'))).toBe('0.00');
  });
});
