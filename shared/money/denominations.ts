// The notes (and, for RMB, coins) an outlet holds per currency, largest first, in major units.
// Cash on hand is known per denomination (counted at the day close, 第三十二条(五)); a foreign
// amount is always a multiple of the smallest note (shared/money/currencies.ts), so every amount
// the counter pays can be made of these.
import { Decimal } from 'decimal.js';
import { CURRENCIES } from './currencies';
import { toMinor } from './money';

const LIST: Record<string, string[]> = {
  CNY: ['100', '50', '20', '10', '5', '1', '0.5', '0.1', '0.05', '0.02', '0.01'],
  USD: ['100', '50', '20', '10', '5', '2', '1'],
  EUR: ['500', '200', '100', '50', '20', '10', '5'],
  JPY: ['10000', '5000', '2000', '1000'],
  HKD: ['1000', '500', '100', '50', '20', '10'],
  GBP: ['50', '20', '10', '5'],
  AUD: ['100', '50', '20', '10', '5'],
  CAD: ['100', '50', '20', '10', '5'],
  CHF: ['1000', '200', '100', '50', '20', '10'],
  SGD: ['10000', '1000', '100', '50', '10', '5', '2'],
  KRW: ['50000', '10000', '5000', '1000'],
  THB: ['1000', '500', '100', '50', '20'],
  MOP: ['1000', '500', '100', '50', '20', '10'],
  NZD: ['100', '50', '20', '10', '5'],
  MYR: ['100', '50', '20', '10', '5', '1'],
};

/** Each currency's denominations in minor units, made once: a trade asks for them several times. */
const MINOR = new Map<string, readonly bigint[]>();

/** The denominations of a currency in minor units, largest first (shared: never changed). */
export function denominationsMinor(currency: string): readonly bigint[] {
  const made = MINOR.get(currency);
  if (made) return made;
  const list = LIST[currency];
  if (!list || !CURRENCIES.has(currency)) return [];
  const minor = Object.freeze(list.map((d) => toMinor(new Decimal(d), currency)));
  MINOR.set(currency, minor);
  return minor;
}

export function isDenomination(currency: string, minor: bigint): boolean {
  return denominationsMinor(currency).includes(minor);
}

/** A bundle of notes: denomination (minor units) → count. */
export type Notes = Map<bigint, bigint>;

export function notesTotal(notes: Notes): bigint {
  let total = 0n;
  for (const [d, n] of notes) total += d * n;
  return total;
}

/**
 * The notes for an amount when nobody said which: largest first (how a customer's cash is most
 * likely made up, and how the counter pays by default).
 */
export function greedyNotes(currency: string, amountMinor: bigint): Notes | undefined {
  const notes: Notes = new Map();
  let left = amountMinor;
  for (const d of denominationsMinor(currency)) {
    const n = left / d;
    if (n > 0n) notes.set(d, n);
    left -= n * d;
  }
  return left === 0n ? notes : undefined;
}

/**
 * The payout the counter proposes from what is in stock: largest notes first, never a note that is
 * not there. Greedy with a bounded stock can miss a mix that exists (20+20+20 for 60 when the 50
 * is there but no 10), so it backtracks over the count of each denomination; the denominations
 * are few, so this stays small. Undefined when the stock cannot make the amount exactly.
 */
export function proposePayout(currency: string, amountMinor: bigint, stock: Notes): Notes | undefined {
  const denoms = denominationsMinor(currency).filter((d) => (stock.get(d) ?? 0n) > 0n);
  // Any other denomination in stock (e.g. the unsorted lot of a ledger from before notes were kept).
  for (const d of stock.keys()) if (!denoms.includes(d) && (stock.get(d) ?? 0n) > 0n) denoms.push(d);
  denoms.sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  let budget = 20_000;
  const pick = (i: number, left: bigint): Notes | undefined => {
    if (left === 0n) return new Map();
    if (i >= denoms.length || budget-- <= 0) return undefined;
    const d = denoms[i]!;
    const max = left / d < stock.get(d)! ? left / d : stock.get(d)!;
    // Try the most of this note first, then fewer (at most a few alternatives each).
    for (let n = max, tries = 0; n >= 0n && tries < 6; n--, tries++) {
      const rest = pick(i + 1, left - n * d);
      if (rest) {
        if (n > 0n) rest.set(d, n);
        return rest;
      }
    }
    return undefined;
  };
  return pick(0, amountMinor);
}

/**
 * An opening float made of a usable mix (not all in the largest note): up to `perDenomination`
 * pieces of each smaller denomination while at least half the amount is left for the largest.
 */
export function floatNotes(currency: string, amountMinor: bigint, perDenomination = 1000n): Notes | undefined {
  const denoms = denominationsMinor(currency);
  const notes: Notes = new Map();
  let left = amountMinor;
  for (const d of [...denoms].reverse().slice(0, -1)) {
    let n = perDenomination;
    while (n > 0n && (left - n * d) * 2n < amountMinor) n /= 2n;
    if (n > 0n) {
      notes.set(d, n);
      left -= n * d;
    }
  }
  const rest = greedyNotes(currency, left);
  if (!rest) return undefined;
  for (const [d, n] of rest) notes.set(d, (notes.get(d) ?? 0n) + n);
  return notes;
}
