// Traveller's cheques at the day close (第三十条: taken for settlement, never paid out). They are no
// notes: the close counts them by currency, as a value, apart from the notes of the till and the
// safe, against the cheques account (travellers_cheques, booked by each settlement paid in cheques
// and by each send to the bank, reserves/movements.ts). A count that differs is a variance like a
// note count's: explained, approved by a supervisor, and booked against the over/short account.
import { z } from 'zod';
import { Refusal } from '../../../shared/errors';
import { formatAmount, fromMinor, parseAmount, toMinor } from '../../../shared/money/money';
import type { chequeCountInput } from '../../../shared/api/dayClose';
import type { Database } from '../../ledger/sql';
import { balancesAt } from '../../reports/balances';

export type ChequeCount = z.output<typeof chequeCountInput>;

export interface ChequeDifference {
  currency: string;
  expected: bigint;
  counted: bigint;
}

/** The cheques held per currency at the end of `date`, non-zero only. */
export function expectedCheques(db: Database, date: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const b of balancesAt(db, date)) if (b.kind === 'travellers_cheques' && b.minor !== 0n) out.set(b.currency, (out.get(b.currency) ?? 0n) + b.minor);
  return out;
}

/** Counted against held, per currency; every currency held must be counted (DAY_CLOSE_COUNT_MISSING). */
export function compareCheques(db: Database, date: string, counts: readonly ChequeCount[]): ChequeDifference[] {
  const expected = expectedCheques(db, date);
  const counted = new Map<string, bigint>();
  for (const c of counts) {
    if (counted.has(c.currency)) throw new Refusal('NOTES_INVALID', { problemZh: `旅行支票 ${c.currency} 清点了两次`, problemEn: `traveller's cheques in ${c.currency} are counted twice` });
    // None left (every cheque gone) is a count too.
    counted.set(c.currency, /^0+(\.0+)?$/.test(c.amount) ? 0n : toMinor(parseAmount(c.amount, c.currency), c.currency));
  }
  const missing = [...expected.keys()].filter((c) => !counted.has(c));
  if (missing.length > 0) throw new Refusal('DAY_CLOSE_COUNT_MISSING', { missing: missing.map((c) => `旅行支票/travellers_cheques ${c}`).join(', ') });
  return [...counted].map(([currency, n]) => ({ currency, expected: expected.get(currency) ?? 0n, counted: n })).sort((a, b) => a.currency.localeCompare(b.currency));
}

export function chequeDifferenceView(d: ChequeDifference) {
  return {
    currency: d.currency, expected: fromMinor(d.expected, d.currency).toString(), counted: fromMinor(d.counted, d.currency).toString(),
    difference: fromMinor(d.counted - d.expected, d.currency).toString(),
  };
}

export function describeChequeDifference(d: ChequeDifference): string {
  return `旅行支票 ${d.currency} ${d.counted > d.expected ? '长款' : '短款'} ${formatAmount(fromMinor(d.counted - d.expected, d.currency), d.currency)}`;
}
