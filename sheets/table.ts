// A plain table (a header row and rows of text) as an XLSX workbook: the journal's search result
// exported for an inspection (issue 19 item 7, 第四十九条). Amount columns are number cells only
// when the double Excel stores is exactly the decimal (exactNumber, as the reports do), otherwise
// text: an exported amount is never rounded.
import ExcelJS from 'exceljs';
import { exactNumber } from './xlsx';

export async function tableToXlsx(title: string, header: readonly string[], rows: readonly string[][], amountColumns: readonly number[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'teller-terminal';
  const ws = wb.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1');
  ws.addRow([...header]).font = { bold: true };
  for (const r of rows) {
    ws.addRow(r.map((v, i) => {
      if (!amountColumns.includes(i)) return v;
      const n = exactNumber(v);
      return n ?? v;
    }));
  }
  const decimals = (v: string) => (v.split('.')[1] ?? '').length;
  // The number format keeps each amount's decimals (JPY 0, USD 2): shown as the receipt printed it.
  ws.eachRow((row, i) => {
    if (i === 1) return;
    for (const c of amountColumns) {
      const cell = row.getCell(c + 1);
      if (typeof cell.value === 'number') cell.numFmt = decimals(rows[i - 2]![c]!) > 0 ? `0.${'0'.repeat(decimals(rows[i - 2]![c]!))}` : '0';
    }
  });
  ws.columns.forEach((col, i) => { col.width = Math.max(10, Math.min(40, [...(header[i] ?? '')].length + 2)); });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
