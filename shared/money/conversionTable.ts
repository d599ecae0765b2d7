// SAFE's monthly USD conversion-rate table (美元折算率) as CSV: one line per currency,
// `code,usd_per_unit` (a header line, blank lines and # comments skipped). Read in one place for
// the counter's import (electron/terminal/conversionRates) and the hub's (hub/reference.ts).
import { Refusal } from '../errors';
import { dec } from './money';

/** Currency → USD per unit (normalised decimal text), in the order given; refuses a wrong line. */
export function parseConversionCsv(csv: string): Map<string, string> {
  const bad = (line: number, zh: string, en: string) => new Refusal('CONVERSION_TABLE_INVALID', { line: String(line), problem: `${zh} / ${en}` });
  const rows = new Map<string, string>();
  let seenFirst = false;
  csv.split(/\r?\n/).forEach((raw, i) => {
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
  return rows;
}
