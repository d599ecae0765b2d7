// The types of a report sheet (shared/reports/sheet.ts): the neutral table every report is laid
// out as, before it is drawn on screen, written to XLSX or to PDF. Rows follow HTML table rules: a
// cell covered by a rowSpan/colSpan from above or the left is simply not listed. Amounts stay
// decimal strings; nothing is rounded.

export type CellContent =
  /** Fixed wording of the form (项目 column, headers). */
  | { kind: 'label'; text: string; indent?: number }
  /** Data that is text: an account, a name, a time. */
  | { kind: 'text'; text: string }
  /** An exact decimal string; shown with at least minDecimals places, never rounded. */
  | { kind: 'amount'; value: string; minDecimals: number }
  | { kind: 'count'; value: number }
  /** Where the form itself prints '/': the item does not apply. */
  | { kind: 'slash' }
  | { kind: 'empty' };

export type SheetCell = CellContent & {
  /**
   * What the screen shows in place of a long text (a 26-character voucher id in short, issue 20
   * item 3), the whole text in its tooltip; XLSX and PDF write the whole text.
   */
  short?: string;
  colSpan?: number;
  rowSpan?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
};

export interface SheetRow {
  /** A stable name for the row (e.g. 'r4' for 附表1 (4)), for tests and screen automation. */
  key?: string;
  /** A total/差额 row: printed bold, as on the form. */
  total?: boolean;
  cells: SheetCell[];
}

export interface SheetColumn {
  /** A stable name for the column (e.g. 'CNY', 'buyAmount'). */
  key: string;
  /** Width in spreadsheet character units (one CJK character is about 2). */
  width: number;
}

export interface ReportSheet {
  /** File-name stem: form1, form2, form3, trialBalance, profit, reserveLedger. */
  id: string;
  title: string;
  /** Lines under the title: institution, outlet, period. */
  subtitle: string[];
  /** 单位：… printed above the table; null when the report has none. */
  unit: string | null;
  columns: SheetColumn[];
  header: SheetRow[];
  body: SheetRow[];
  /** Signature line(s) under the table: 填报人 / 负责人 / 联系电话 / 填报日期, 公章. */
  footer: string[];
  /**
   * A form filed on one sheet of paper, as the regulator's form is (附表1, 第五十一条): printed on
   * one page whatever the number of currencies, rows and type made smaller together rather than
   * continued on a second page (issue 20 item 7).
   */
  onePage?: boolean;
}

/** Who fills in the signature line. Blank lines are printed for what is not given. */
export interface SheetSignatures {
  preparer?: string;
  responsible?: string;
  phone?: string;
  filedOn?: string;
}
