// SAFE's monthly USD conversion-rate table (美元折算率), used for every USD equivalent (第二十九条):
// imported once a month from CSV, read by month. The ledger's reading of it: ledger/conversionRates.ts.
import { Refusal } from '../../../shared/errors';
import { dec } from '../../../shared/money/money';
import type { Parsed } from '../../../shared/api';
import { audit } from '../../ledger/audit';
import { all, first, q, run } from '../../ledger/sql';
import type { HandlersOf, Services } from '../services';

/**
 * Imports SAFE's table for a month from CSV: one line per currency, `code,usd_per_unit`
 * (a header line and blank lines are skipped). A month is imported once.
 */
export function importConversionRates(ctx: Services, input: Parsed<'conversionRates.import'>): { month: string; currencies: number } {
  const month = input.month;
  const bad = (line: number, zh: string, en: string) => new Refusal('CONVERSION_TABLE_INVALID', { line: String(line), problem: `${zh} / ${en}` });
  const rows = new Map<string, string>();
  let seenFirst = false;
  input.csv.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(/[,\t]/).map((c) => c.trim());
    const first = !seenFirst;
    seenFirst = true;
    if (first && !/^\d/.test(cells[1] ?? '')) return; // the header line
    const [code = '', value = ''] = cells;
    if (!/^[A-Z]{3}$/.test(code)) throw bad(i + 1, `币种代码“${code}”无效`, `currency code "${code}" is not three capital letters`);
    if (!/^\d{1,9}(\.\d{1,12})?$/.test(value) || dec(value).lte(0)) throw bad(i + 1, `折算率“${value}”须为正数`, `rate "${value}" must be a positive number`);
    if (rows.has(code)) throw bad(i + 1, `${code} 重复`, `${code} appears twice`);
    rows.set(code, dec(value).toString());
  });
  if (rows.size === 0) throw bad(1, '表中没有币种', 'the table lists no currency');
  const at = ctx.now().toISOString();
  ctx.db.transaction(() => {
    if (first(ctx.db, q.selectFrom('usd_conversion_rates').select('month').where('month', '=', month))) {
      throw new Refusal('CONVERSION_TABLE_EXISTS', { month });
    }
    for (const [currency, rate] of rows) {
      run(ctx.db, q.insertInto('usd_conversion_rates').values({ month, currency, usd_per_unit: rate, imported_at: at, imported_by: input.actor }));
    }
    audit(ctx.db, { at, actor: input.actor, action: 'conversionRates.import', entity: 'usd_conversion_rates', entityId: month, detail: Object.fromEntries(rows) });
  })();
  return { month, currencies: rows.size };
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
