// SAFE's USD conversion table as the ledger holds it (usd_conversion_rates), read by the trades
// and the reports alike. Its one writer is electron/terminal/rates.ts (conversionRates.import);
// reading it lives here, below both, so the reports never reach up into the terminal.
import { Refusal } from '../../shared/errors';
import { Decimal, dec } from '../../shared/money/money';
import { first, q, type Database } from './sql';

/** USD per unit of a currency in a month: 1 for USD; otherwise that month's table. */
export function usdPerUnit(db: Database, currency: string, month: string): Decimal {
  if (currency === 'USD') return new Decimal(1);
  const row = first(db, q.selectFrom('usd_conversion_rates').select('usd_per_unit').where('month', '=', month).where('currency', '=', currency));
  if (!row) throw new Refusal('CONVERSION_RATE_MISSING', { currency, month });
  return dec(row.usd_per_unit);
}
