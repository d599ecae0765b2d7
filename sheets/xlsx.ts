// A ReportSheet as an XLSX workbook laid out like the paper form: title, subtitle and unit lines,
// the table with the form's merged header and label cells and thin borders, total rows bold, the
// signature line under it. Amounts are written as number cells only when the number Excel stores
// is exactly the decimal (at most 15 significant digits, which a double keeps exactly as text);
// otherwise as right-aligned text, so no report ever shows a rounded amount.
import ExcelJS from 'exceljs';
import { Decimal } from '../shared/money/money';
import { amountDecimals, cellAlign, cellText, isWide, placeCells, type PlacedCell, type ReportSheet } from '../shared/reports/sheet';

const FONT = '宋体';
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** The double holding exactly this decimal, or null if no double does (as Excel shows it). */
export function exactNumber(value: string): number | null {
  const d = new Decimal(value);
  if (d.sd() > 15) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || !new Decimal(String(n)).eq(d)) return null;
  return Object.is(n, -0) ? 0 : n;
}

function numberFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/** Excel forbids []:*?/\ in a sheet name and allows 31 characters. */
function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';
}

export async function toXlsx(sheet: ReportSheet): Promise<Buffer> {
  const width = sheet.columns.length;
  const placed = placeCells(sheet);
  const wide = isWide(sheet);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'teller-terminal';
  const ws = wb.addWorksheet(sheetName(sheet.title), {
    pageSetup: { paperSize: 9, orientation: wide ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: sheet.onePage ? 1 : 0, horizontalCentered: true },
  });
  sheet.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));

  let row = 1;
  const line = (text: string, font: Partial<ExcelJS.Font>, align: 'left' | 'center', height?: number) => {
    ws.mergeCells(row, 1, row, width);
    const cell = ws.getCell(row, 1);
    cell.value = text;
    cell.font = { name: FONT, size: 10, ...font };
    cell.alignment = { horizontal: align, vertical: 'middle' };
    if (height) ws.getRow(row).height = height;
    row++;
  };

  line(sheet.title, { size: 16, bold: true }, 'center', 30);
  for (const s of sheet.subtitle) line(s, {}, 'center');
  if (sheet.unit) line(sheet.unit, {}, 'left');

  const top = row;
  for (const p of placed) writeCell(ws, top, p);
  const tableRows = sheet.header.length + sheet.body.length;
  ws.pageSetup.printTitlesRow = `${top}:${top + sheet.header.length - 1}`;
  ws.views = [{ state: 'frozen', ySplit: top + sheet.header.length - 1 }];
  row = top + tableRows + 1;

  for (const f of sheet.footer) line(f, {}, 'left', 20);

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as unknown as ArrayBuffer);
}

function writeCell(ws: ExcelJS.Worksheet, top: number, p: PlacedCell): void {
  const r = top + p.row;
  const c = p.col + 1;
  if (p.rowSpan > 1 || p.colSpan > 1) ws.mergeCells(r, c, r + p.rowSpan - 1, c + p.colSpan - 1);
  for (let dr = 0; dr < p.rowSpan; dr++) for (let dc = 0; dc < p.colSpan; dc++) ws.getCell(r + dr, c + dc).border = BORDER;

  const cell = ws.getCell(r, c);
  const content = p.cell;
  let align = cellAlign(content);
  if (content.kind === 'amount') {
    const n = exactNumber(content.value);
    if (n === null) {
      cell.value = cellText(content);
      align = 'right';
    } else {
      cell.value = n;
      cell.numFmt = numberFormat(amountDecimals(content.value, content.minDecimals));
    }
  } else if (content.kind === 'count') {
    cell.value = content.value;
    cell.numFmt = '#,##0';
  } else if (content.kind !== 'empty') {
    cell.value = cellText(content);
  }
  cell.font = { name: FONT, size: 10, bold: p.bold };
  const indent = content.kind === 'label' ? content.indent : undefined;
  cell.alignment = { horizontal: align, vertical: 'middle', wrapText: content.kind === 'label' || content.kind === 'text', ...(indent ? { indent } : {}) };
}
