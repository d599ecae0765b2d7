// Exact money. Every amount, rate and USD equivalent is a decimal.js Decimal in memory, an INTEGER
// of minor units (bigint) in the database, and a decimal string on the wire. No JavaScript float
// ever holds one. The rounding rules live here and nowhere else.
import DecimalJs from 'decimal.js';
import { Refusal } from '../errors';
import { CURRENCIES, RMB, type CurrencyInfo } from './currencies';

/** Our Decimal: 60 significant digits, so products of amounts and rates are exact. */
export const Decimal = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

/** An amount a person types: digits with an optional decimal point. No sign, no exponent. */
const AMOUNT_TEXT = /^\d+(\.\d+)?$/;
/** Far above any counter trade; keeps minor units well inside SQLite's 64-bit integers. */
const MAX_MAJOR = new Decimal('1e12');

export function currencyInfo(code: string): CurrencyInfo {
  const info = CURRENCIES.get(code);
  if (!info) throw new Refusal('CURRENCY_UNKNOWN', { currency: code });
  return info;
}

/** Parses a typed amount of a currency: positive, no more decimals than the currency has. */
export function parseAmount(text: string, currency: string): Decimal {
  const info = currencyInfo(currency);
  // Exactly as typed: " 100" or "100\n" is refused, never trimmed into something else.
  if (!AMOUNT_TEXT.test(text)) throw new Refusal('AMOUNT_INVALID', { amount: text });
  const value = new Decimal(text);
  if (value.isZero()) throw new Refusal('AMOUNT_NOT_POSITIVE');
  if (value.decimalPlaces() > info.minorUnits) {
    throw new Refusal('AMOUNT_TOO_MANY_DECIMALS', { currency, decimals: String(info.minorUnits) });
  }
  if (value.gte(MAX_MAJOR)) throw new Refusal('AMOUNT_TOO_LARGE');
  return value;
}

/** Parses a decimal the program itself stored (a rate, a USD equivalent). */
export function dec(text: string | Decimal): Decimal {
  return new Decimal(text);
}

/** 10^n for the currencies' minor units (0 to 3), made once: Decimals never change. */
const SCALES = [0, 1, 2, 3].map((n) => new Decimal(10).pow(n));
const scaleOf = (n: number): Decimal => SCALES[n] ?? new Decimal(10).pow(n);

/** Major units to integer minor units. Refuses (as a bug) anything not already on the minor grid. */
export function toMinor(amount: Decimal, currency: string): bigint {
  const scaled = amount.times(scaleOf(currencyInfo(currency).minorUnits));
  if (!scaled.isInteger()) throw new Error(`${amount.toString()} ${currency} is not a whole number of minor units`);
  return BigInt(scaled.toFixed(0));
}

export function fromMinor(minor: bigint, currency: string): Decimal {
  return new Decimal(minor.toString()).dividedBy(scaleOf(currencyInfo(currency).minorUnits));
}

/** An amount of a currency. Exact: the amount is always on the currency's minor-unit grid. */
export interface Money {
  readonly currency: string;
  readonly amount: Decimal;
}

export function money(amount: Decimal, currency: string): Money {
  toMinor(amount, currency); // refuses an amount off the grid
  return { currency, amount };
}

export function moneyFromMinor(minor: bigint, currency: string): Money {
  return { currency, amount: fromMinor(minor, currency) };
}

/** The wire form: a decimal string, never a JSON number. */
export function moneyText(m: Money): { currency: string; amount: string } {
  return { currency: m.currency, amount: m.amount.toString() };
}

/** RMB is rounded half-up to the fen. The one rounding rule for RMB amounts. */
export function roundRmb(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(CURRENCIES.get(RMB)!.minorUnits, Decimal.ROUND_HALF_UP);
}

/**
 * The foreign side is rounded to a multiple of `unit` (the smallest note for cash, the minor unit
 * for a traveller's cheque): down when the outlet pays it out of what the customer's RMB buys, up
 * when the customer must hand over enough to receive what they asked for.
 */
export function roundToUnit(amount: Decimal, unit: Decimal, direction: 'down' | 'up'): Decimal {
  const units = amount.dividedBy(unit);
  const whole = direction === 'down' ? units.floor() : units.ceil();
  return whole.times(unit);
}

export function smallestNote(currency: string): Decimal {
  return new Decimal(currencyInfo(currency).smallestNote);
}

export function minorUnit(currency: string): Decimal {
  return new Decimal(10).pow(-currencyInfo(currency).minorUnits);
}

export function isMultipleOf(amount: Decimal, unit: Decimal): boolean {
  return amount.modulo(unit).isZero();
}

/** Shown to people: the currency's decimals, rounded half-up, thousands separated. */
export function formatAmount(amount: Decimal, currency: string): string {
  return groupThousands(amount.toFixed(currencyInfo(currency).minorUnits, Decimal.ROUND_HALF_UP));
}

/** A USD equivalent shown to people: half-up to the cent (thresholds compare the exact value). */
export function formatUsd(amount: Decimal): string {
  return groupThousands(amount.toFixed(2, Decimal.ROUND_HALF_UP));
}

function groupThousands(fixed: string): string {
  const [whole, fraction] = fixed.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
