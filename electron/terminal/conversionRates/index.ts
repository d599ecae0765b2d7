// SAFE's monthly USD conversion-rate table (美元折算率), used for every USD equivalent (第二十九条):
// imported once a month from CSV, read by month. The ledger's reading of it: ledger/conversionRates.ts.
import { Refusal } from '../../../shared/errors';
import { parseConversionCsv } from '../../../shared/money/conversionTable';
import type { Parsed } from '../../../shared/api';
import { audit } from '../../ledger/audit';
import { changed } from '../../ledger/held';
import { all, first, q, run, type Database } from '../../ledger/sql';
import type { HandlersOf, Services } from '../services';

/**
 * Imports SAFE's table for a month from CSV: one line per currency, `code,usd_per_unit`
 * (a header line and blank lines are skipped). A month is imported once.
 */
export function importConversionRates(ctx: Services, input: Parsed<'conversionRates.import'>): { month: string; currencies: number } {
  const month = input.month;
  const rows = parseConversionCsv(input.csv);
  ctx.db.transaction(() => storeConversionTable(ctx.db, month, rows, ctx.now().toISOString(), input.actor))();
  return { month, currencies: rows.size };
}

/** A month's table written with its audit entry, inside the caller's transaction; a month is written once. */
export function storeConversionTable(db: Database, month: string, rows: ReadonlyMap<string, string>, at: string, by: string): void {
  if (first(db, q.selectFrom('usd_conversion_rates').select('month').where('month', '=', month))) {
    throw new Refusal('CONVERSION_TABLE_EXISTS', { month });
  }
  // The table held in memory (ledger/held.ts) is read again: the new month's rates count at the next quote.
  changed(db, 'usd_conversion_rates');
  for (const [currency, rate] of rows) {
    run(db, q.insertInto('usd_conversion_rates').values({ month, currency, usd_per_unit: rate, imported_at: at, imported_by: by }));
  }
  audit(db, { at, actor: by, action: 'conversionRates.import', entity: 'usd_conversion_rates', entityId: month, detail: Object.fromEntries(rows) });
}

export function conversionRates(ctx: Services, input: Parsed<'conversionRates.get'>): { month: string; rates: { currency: string; usdPerUnit: string }[] } {
  const month = input.month;
  const rates = all(ctx.db, q.selectFrom('usd_conversion_rates').select(['currency', 'usd_per_unit']).where('month', '=', month).orderBy('currency'))
    .map((r) => ({ currency: r.currency, usdPerUnit: r.usd_per_unit }));
  return { month, rates };
}

export const conversionRatesHandlers = {
  'conversionRates.import': importConversionRates,
  'conversionRates.get': conversionRates,
} satisfies HandlersOf<'conversionRates'>;
