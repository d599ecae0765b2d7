// The journal's largest export (JOURNAL_MAX_EXPORT trades, 第四十九条) as XLSX inside a V8 heap far
// below the 512 MB `npm run serve` gives the Terminal (issue 21, "Memory"): the workbook is streamed
// row by row (sheets/table.ts). Built in memory it took ~820 MB of heap for these rows and the
// process died ("JavaScript heap out of memory") under any cap below that.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { JOURNAL_MAX_EXPORT } from '../shared/api/journal';
import { JOURNAL_COLUMNS } from '../shared/reports/journal';
import { tempDir } from './helpers/terminal';

const root = fileURLToPath(new URL('..', import.meta.url));
const HEAP_CAP_MB = 128;

it(`an XLSX of ${JOURNAL_MAX_EXPORT} trades is written under a ${HEAP_CAP_MB} MB heap, every row in it`, async () => {
  const file = join(tempDir(), 'journal.xlsx');
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', join(root, 'test/memory/journal-xlsx.ts'), file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).not.toMatch(/heap out of memory/);
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout) as { bytes: number; peakHeapMb: number };
  expect(out.peakHeapMb).toBeLessThan(HEAP_CAP_MB);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  expect(ws.rowCount).toBe(JOURNAL_MAX_EXPORT + 1);
  expect(ws.getRow(1).getCell(1).value).toBe(JOURNAL_COLUMNS[0]);
  // The last row as written: its text, and its amounts exact.
  const last = ws.getRow(JOURNAL_MAX_EXPORT + 1);
  expect(String(last.getCell(1).value)).toContain(`ZHANG SANFENG ${JOURNAL_MAX_EXPORT - 1}`);
  const amounts = last.values as unknown[];
  expect(amounts).toContain(100_000 + JOURNAL_MAX_EXPORT - 1 + 0.25);
  expect(amounts).toContain(7_000 + JOURNAL_MAX_EXPORT - 1);
}, 180_000);
