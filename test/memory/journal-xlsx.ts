// A journal export of JOURNAL_MAX_EXPORT rows written by tableToXlsx, run by
// test/export-memory.test.ts under a small V8 heap cap: the file goes to the path given, its size and
// the peak heap to stdout.
import { writeFileSync } from 'node:fs';
import { JOURNAL_MAX_EXPORT } from '../../shared/api/journal';
import { JOURNAL_AMOUNT_COLUMNS, JOURNAL_COLUMNS } from '../../shared/reports/journal';
import { tableToXlsx } from '../../sheets/table';

// Rows as long as a real journal's: a name, an ID number, a receipt number, amounts of 0 and 2 decimals.
const rows = Array.from({ length: JOURNAL_MAX_EXPORT }, (_, i) => JOURNAL_COLUMNS.map((_, c) =>
  JOURNAL_AMOUNT_COLUMNS.includes(c) ? (c % 2 === 0 ? `${100_000 + i}.25` : String(7_000 + i)) : `张三丰 ZHANG SANFENG ${i} 110101199001011234 第${c}列`));
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
const bytes = await tableToXlsx('交易流水 Journal', JOURNAL_COLUMNS, rows, JOURNAL_AMOUNT_COLUMNS);
clearInterval(sampler);
writeFileSync(process.argv[2]!, bytes);
process.stdout.write(JSON.stringify({ bytes: bytes.length, peakHeapMb: Math.round(peak / 2 ** 20) }));
