// The layout of every report (第五十一条 附表1–3, the books and the 台账 of 第四十六条) as a neutral
// table: the same ReportSheet is drawn on screen (renderer/components/ReportView.tsx), written to
// XLSX (electron/reports/xlsx.ts) and to PDF (electron/reports/pdf.ts), so the three can never
// disagree. Rows follow HTML table rules: a cell covered by a rowSpan/colSpan from above or the
// left is simply not listed. Amounts stay decimal strings here; nothing is rounded.
//
// This file is the one place to import a sheet from; the pieces, by what they do:
//   sheetTypes.ts          the table: cells, rows, columns, signatures
//   sheetCells.ts          what a cell shows (exact amounts, never rounded) and its alignment
//   sheetGrid.ts           where cells land on the grid (a layout bug throws), page orientation
//   sheetParts.ts          the cell constructors and heading/signature lines the layouts share
//   sheetForm1.ts          附表1 特许机构备付金监管报表
//   sheetForm2.ts          附表2 特许业务月报表 and 附表3 (the same rows, 万美元)
//   sheetBooks.ts          the trial balance and the profit report
//   sheetReserveLedger.ts  备付金交易电子台账 (第四十六条)
export type { CellContent, ReportSheet, SheetCell, SheetColumn, SheetRow, SheetSignatures } from './sheetTypes';
export { amountDecimals, cellAlign, cellText, currencyDecimals, formatSheetAmount } from './sheetCells';
export { cellAt, isWide, placeCells, type PlacedCell } from './sheetGrid';
export { form1Sheet } from './sheetForm1';
export { form2Sheet } from './sheetForm2';
export { profitSheet, trialBalanceSheet } from './sheetBooks';
export { reserveLedgerSheet } from './sheetReserveLedger';
