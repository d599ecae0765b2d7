// A plain table (a header row and rows of text) as an XLSX workbook: the journal's search result
// exported for an inspection (issue 19 item 7, 第四十九条). Amount columns are number cells only
// when the double Excel stores is exactly the decimal (exactNumber, as the reports do), otherwise
// text: an exported amount is never rounded.
//
// Written with exceljs's streaming writer: each row is committed (turned into XML and deflated) as
// it is added, so the workbook is never held as a model of cells. The in-memory workbook of 11,169
// trades took a 249 MB heap (RSS 553 MB) and died under a 128 MB cap; the streaming one holds the
// rows' text and the compressed file (issue 21, "Memory"; measured in docs/performance.md).
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { exactNumber } from './xlsx';

export async function tableToXlsx(title: string, header: readonly string[], rows: readonly string[][], amountColumns: readonly number[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // useStyles: the bold header and each amount's number format; no shared strings (each cell's text
  // inline, so nothing is kept for the end).
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'teller-terminal';
  const ws = wb.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  // Widths are set before the first row is committed: the streaming writer writes <cols> first.
  ws.columns = header.map((h) => ({ width: Math.max(10, Math.min(40, [...h].length + 2)) }));
  const head = ws.addRow([...header]);
  head.font = { bold: true };
  head.commit();
  const decimals = (v: string) => (v.split('.')[1] ?? '').length;
  for (const r of rows) {
    const row = ws.addRow(r.map((v, i) => (amountColumns.includes(i) ? exactNumber(v) ?? v : v)));
    // The number format keeps each amount's decimals (JPY 0, USD 2): shown as the receipt printed it.
    for (const c of amountColumns) {
      const cell = row.getCell(c + 1);
      if (typeof cell.value === 'number') cell.numFmt = decimals(r[c]!) > 0 ? `0.${'0'.repeat(decimals(r[c]!))}` : '0';
    }
    row.commit();
  }
  ws.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
