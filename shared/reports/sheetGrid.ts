// Where a sheet's cells land (shared/reports/sheet.ts): the grid under HTML table rules, checked
// so that a layout bug throws in every renderer's tests; the page orientation; and the lookup of
// one cell by row and column key that tests and automation use.
import type { ReportSheet, SheetCell } from './sheetTypes';

export interface PlacedCell {
  /** 0-based row over header then body. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  cell: SheetCell;
  /** True for a header cell. */
  header: boolean;
  /** The row is a total row: draw bold. */
  bold: boolean;
}

/**
 * Places every cell on the grid (HTML rules), checking that each row is filled exactly to the
 * sheet's width with no overlap: a layout bug throws here, in every renderer's tests.
 */
export function placeCells(sheet: ReportSheet): PlacedCell[] {
  const width = sheet.columns.length;
  const rows = [...sheet.header.map((r) => ({ r, header: true })), ...sheet.body.map((r) => ({ r, header: false }))];
  const taken: boolean[][] = rows.map(() => new Array<boolean>(width).fill(false));
  const placed: PlacedCell[] = [];
  rows.forEach(({ r, header }, ri) => {
    let col = 0;
    for (const cell of r.cells) {
      while (col < width && taken[ri]![col]) col++;
      const rowSpan = cell.rowSpan ?? 1;
      const colSpan = cell.colSpan ?? 1;
      if (col + colSpan > width || ri + rowSpan > rows.length) throw new Error(`${sheet.id}: row ${ri} overflows the grid at column ${col}`);
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) {
          if (taken[ri + dr]![col + dc]) throw new Error(`${sheet.id}: cells overlap at row ${ri + dr}, column ${col + dc}`);
          taken[ri + dr]![col + dc] = true;
        }
      }
      placed.push({ row: ri, col, rowSpan, colSpan, cell, header, bold: Boolean(cell.bold ?? (r.total && !header)) });
      col += colSpan;
    }
    const missing = taken[ri]!.indexOf(false);
    if (missing >= 0) throw new Error(`${sheet.id}: row ${ri} leaves column ${missing} empty`);
  });
  return placed;
}

/** Wider than an A4 portrait page holds legibly: printed landscape (PDF and XLSX page setup). */
export function isWide(sheet: ReportSheet): boolean {
  return sheet.columns.reduce((s, c) => s + c.width, 0) > 110;
}

/** The cell at a body row key and column key (for tests and automation); undefined if merged away. */
export function cellAt(sheet: ReportSheet, rowKey: string, colKey: string): PlacedCell | undefined {
  const bodyIndex = sheet.body.findIndex((r) => r.key === rowKey);
  const col = sheet.columns.findIndex((c) => c.key === colKey);
  if (bodyIndex < 0 || col < 0) return undefined;
  const row = sheet.header.length + bodyIndex;
  return placeCells(sheet).find((p) => p.row === row && p.col === col);
}
