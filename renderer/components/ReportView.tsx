// A report on screen, laid out like the paper form: the same ReportSheet that is written to XLSX
// and PDF, as an HTML table with the form's merged cells (rowSpan/colSpan), '/' where the form
// prints a slash, total rows bold and the signature line beneath. Amounts are shown exactly as
// the sheet formats them (never through a JS number).
import type { CSSProperties } from 'react';
import { cellAlign, cellText, isWide, type ReportSheet, type SheetCell, type SheetRow } from '../../shared/reports/sheet';

const BORDER = '1px solid #333';

const styles = {
  wrap: { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif', color: '#000', background: '#fff', padding: '12px 16px' },
  title: { textAlign: 'center', fontSize: '1.4em', fontWeight: 700, margin: '0 0 6px' },
  subtitle: { textAlign: 'center', margin: '2px 0', whiteSpace: 'pre-wrap' },
  unit: { margin: '6px 0 4px' },
  table: { borderCollapse: 'collapse', width: '100%', tableLayout: 'fixed', border: `2px solid #000` },
  th: { border: BORDER, padding: '4px 6px', fontWeight: 400, background: '#f4f4f4' },
  td: { border: BORDER, padding: '3px 6px', verticalAlign: 'middle' },
  footer: { margin: '10px 0 0', whiteSpace: 'pre-wrap' },
} satisfies Record<string, CSSProperties>;

function cellStyle(cell: SheetCell, bold: boolean, header: boolean): CSSProperties {
  const numeric = cell.kind === 'amount' || cell.kind === 'count';
  return {
    ...(header ? styles.th : styles.td),
    textAlign: cellAlign(cell),
    fontWeight: bold ? 700 : header ? 400 : undefined,
    ...(numeric ? { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } : {}),
    ...(cell.kind === 'label' && cell.indent ? { paddingLeft: `${0.4 + cell.indent}em` } : {}),
  };
}

function Row({ row, header }: { row: SheetRow; header: boolean }) {
  const Cell = header ? 'th' : 'td';
  return (
    <tr data-row={row.key} className={row.total ? 'report-total' : undefined}>
      {row.cells.map((cell, i) => (
        <Cell
          key={i}
          rowSpan={cell.rowSpan}
          colSpan={cell.colSpan}
          style={cellStyle(cell, Boolean(cell.bold ?? (row.total && !header)), header)}
          data-kind={cell.kind}
          {...(cell.kind === 'amount' ? { 'data-value': cell.value } : {})}
          {...(cell.short !== undefined ? { title: cellText(cell), 'data-full': cellText(cell) } : {})}
        >
          {cell.short ?? cellText(cell)}
        </Cell>
      ))}
    </tr>
  );
}

export function ReportView({ sheet, testId = 'report-view' }: { sheet: ReportSheet; testId?: string }) {
  const units = sheet.columns.reduce((s, c) => s + c.width, 0);
  return (
    // data-wide: printed landscape, as the PDF (backoffice.css, @page wide).
    <div className="report-view" style={styles.wrap} data-testid={testId} data-report={sheet.id} data-wide={String(isWide(sheet))} lang="zh-CN">
      <h2 style={styles.title}>{sheet.title}</h2>
      {sheet.subtitle.map((s, i) => (
        <div key={i} style={styles.subtitle}>
          {s}
        </div>
      ))}
      {sheet.unit && <div style={styles.unit}>{sheet.unit}</div>}
      <table style={styles.table}>
        <colgroup>
          {sheet.columns.map((c) => (
            <col key={c.key} style={{ width: `${((c.width / units) * 100).toFixed(2)}%` }} />
          ))}
        </colgroup>
        <thead>
          {sheet.header.map((r, i) => (
            <Row key={i} row={r} header />
          ))}
        </thead>
        <tbody>
          {sheet.body.map((r, i) => (
            <Row key={r.key ?? i} row={r} header={false} />
          ))}
        </tbody>
      </table>
      {sheet.footer.map((f, i) => (
        <p key={i} style={styles.footer}>
          {f}
        </p>
      ))}
    </div>
  );
}
