// SAFE's USD conversion table as the ledger holds it (usd_conversion_rates), read by the trades
// and the reports alike. Its one writer is electron/terminal/rates.ts (conversionRates.import);
// reading it lives here, below both, so the reports never reach up into the terminal.
import { Refusal } from '../../shared/errors';
import { Decimal, dec } from '../../shared/money/money';
import { heldRead } from './held';
import { compiled, q, type Database } from './sql';

const rateOf = compiled<{ month: string; currency: string }>()((p) => q.selectFrom('usd_conversion_rates').select('usd_per_unit')
  .where('month', '=', p.month).where('currency', '=', p.currency));

/**
 * USD per unit of a currency in a month: 1 for USD; otherwise that month's table, held in memory
 * once read, its absence too (issue 21, held.ts: its writer, conversionRates/index.ts, forgets
 * it on import, so a new month's table counts at the next quote).
 */
export function usdPerUnit(db: Database, currency: string, month: string): Decimal {
  if (currency === 'USD') return new Decimal(1);
  const rate = heldRead(db, 'usd_conversion_rates', `${month} ${currency}`, () => {
    const row = rateOf.first(db, { month, currency });
    return row ? dec(row.usd_per_unit) : null;
  });
  if (!rate) throw new Refusal('CONVERSION_RATE_MISSING', { currency, month });
  return rate;
}
