// The layout of every report (第五十一条 附表1–3, the books and the 台账 of 第四十六条) as a neutral
// table: the same ReportSheet is drawn on screen (renderer/components/ReportView.tsx), written to
// XLSX (electron/reports/xlsx.ts) and to PDF (electron/reports/pdf.ts), so the three can never
// disagree. Rows follow HTML table rules: a cell covered by a rowSpan/colSpan from above or the
// left is simply not listed. Amounts stay decimal strings here; nothing is rounded.
import { Decimal } from '../money/money';
import { CURRENCIES, RMB } from '../money/currencies';
import {
  FORM2_FLOW_ROWS,
  type Form1,
  type Form1Row,
  type Form2,
  type Form2FlowRow,
  type OutletHeader,
  type ProfitReport,
  type ProfitRow,
  type ReserveLedger,
  type ReserveLedgerLine,
  type TrialBalance,
} from './types';

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
}

/** Who fills in the signature line. Blank lines are printed for what is not given. */
export interface SheetSignatures {
  preparer?: string;
  responsible?: string;
  phone?: string;
  filedOn?: string;
}

// ---------------------------------------------------------------------------------------------
// Cells and the grid

const label = (text: string, extra: Partial<SheetCell> & { indent?: number } = {}): SheetCell => ({ kind: 'label', text, ...extra }) as SheetCell;
const text = (value: string | null, extra: Partial<SheetCell> = {}): SheetCell =>
  (value === null || value === '' ? { kind: 'empty', ...extra } : { kind: 'text', text: value, ...extra }) as SheetCell;
const amount = (value: string | null, minDecimals: number): SheetCell => (value === null ? { kind: 'slash' } : { kind: 'amount', value, minDecimals });
const count = (value: number): SheetCell => ({ kind: 'count', value });
const empty = (): SheetCell => ({ kind: 'empty' });

/** The decimals a currency's amounts are shown with (its ISO minor units; 2 if unknown). */
export function currencyDecimals(currency: string): number {
  return CURRENCIES.get(currency)?.minorUnits ?? 2;
}

function currencyName(currency: string): string {
  const zh = CURRENCIES.get(currency)?.zh;
  return zh ? `${zh} ${currency}` : currency;
}

function groupThousands(plain: string): string {
  const negative = plain.startsWith('-');
  const [whole, fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * The decimal places an amount cell is shown with: as many as the decimal string carries (a rate
 * quoted as 7.083340 keeps its last zero), or more to reach minDecimals.
 */
export function amountDecimals(value: string, minDecimals: number): number {
  const own = /^-?\d+(\.\d*)?$/.test(value) ? (value.split('.')[1]?.length ?? 0) : new Decimal(value).decimalPlaces();
  return Math.max(own, minDecimals);
}

/** The exact text of an amount: thousands grouped, padded with zeros, never rounded. */
export function formatSheetAmount(value: string, minDecimals: number): string {
  const d = new Decimal(value);
  return groupThousands(d.toFixed(amountDecimals(value, minDecimals)));
}

/** What a cell shows, on screen, in the PDF and (for text cells) in the XLSX. */
export function cellText(cell: CellContent): string {
  switch (cell.kind) {
    case 'label':
    case 'text':
      return cell.text;
    case 'amount':
      return formatSheetAmount(cell.value, cell.minDecimals);
    case 'count':
      return groupThousands(String(cell.value));
    case 'slash':
      return '/';
    case 'empty':
      return '';
  }
}

/** Default alignment: labels left, numbers right, '/' centred. */
export function cellAlign(cell: SheetCell): 'left' | 'center' | 'right' {
  if (cell.align) return cell.align;
  switch (cell.kind) {
    case 'amount':
    case 'count':
      return 'right';
    case 'slash':
      return 'center';
    default:
      return 'left';
  }
}

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

function signatureLine(s: SheetSignatures = {}, preparerLabel = '填报人'): string {
  const blank = '__________';
  return `${preparerLabel}：${s.preparer ?? blank}    负责人：${s.responsible ?? blank}    联系电话：${s.phone ?? blank}    填报日期：${s.filedOn ?? blank}`;
}

function outletLine(o: OutletHeader): string {
  return `机构名称：${o.institutionName}    网点：${o.outletName}（${o.outletCode}）`;
}

function yearMonth(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${m}月`;
}

// ---------------------------------------------------------------------------------------------
// 附表1 特许机构备付金监管报表 (第五十一条): one column per currency, RMB first.

/** The body of 附表1 as printed: [group label, sub-group label | null, item label, row, total]. */
const FORM1_LAYOUT: ReadonlyArray<{ group: string; rows: ReadonlyArray<{ sub?: string; items: ReadonlyArray<[string, Form1Row, boolean]> }> }> = [
  { group: '期初备付金余额', rows: [{ items: [['库存现钞 (1)', 'r1', false], ['账户 (2)', 'r2', false], ['合计 (3)', 'r3', true]] }] },
  {
    group: '与顾客交易',
    rows: [
      { sub: '境内个人', items: [['买入 (4)', 'r4', false], ['卖出 (5)', 'r5', false], ['差额 (6)', 'r6', true]] },
      { sub: '境外个人', items: [['买入 (7)', 'r7', false], ['卖出 (8)', 'r8', false], ['差额 (9)', 'r9', true]] },
      { sub: '合计', items: [['买入 (10)', 'r10', false], ['卖出 (11)', 'r11', false], ['差额 (12)', 'r12', true]] },
    ],
  },
  { group: '系统内调剂', rows: [{ items: [['调入', 'r13in', false], ['调出', 'r13out', false], ['差额 (13)', 'r13', true]] }] },
  { group: '与其他特许机构间调剂', rows: [{ items: [['调入', 'r14in', false], ['调出', 'r14out', false], ['差额 (14)', 'r14', true]] }] },
  { group: '与开户银行调剂', rows: [{ items: [['调入', 'r15in', false], ['调出', 'r15out', false], ['差额 (15)', 'r15', true]] }] },
  { group: '备付金转入转出', rows: [{ items: [['转入', 'r16in', false], ['转出', 'r16out', false], ['差额 (16)', 'r16', true]] }] },
  { group: '期末备付金余额', rows: [{ items: [['库存现钞 (17)', 'r17', false], ['账户 (18)', 'r18', false], ['合计 (19)', 'r19', true]] }] },
];

export function form1Sheet(form: Form1, signatures?: SheetSignatures): ReportSheet {
  const foreign = form.columns.filter((c) => c.currency !== RMB);
  const rmb = form.columns.find((c) => c.currency === RMB);
  const ordered = [...(rmb ? [rmb] : []), ...foreign];
  const columns: SheetColumn[] = [
    { key: 'group', width: 16 },
    { key: 'sub', width: 10 },
    { key: 'item', width: 14 },
    ...ordered.map((c) => ({ key: c.currency, width: 18 })),
  ];
  const header: SheetRow[] = [
    {
      cells: [
        label('项目', { colSpan: 3, rowSpan: foreign.length ? 2 : 1, align: 'center' }),
        ...(rmb ? [label('人民币', { rowSpan: foreign.length ? 2 : 1, align: 'center' })] : []),
        ...(foreign.length ? [label('外币', { colSpan: foreign.length, align: 'center' })] : []),
      ],
    },
    ...(foreign.length ? [{ cells: foreign.map((c) => label(currencyName(c.currency), { align: 'center' })) }] : []),
  ];
  const body: SheetRow[] = [];
  for (const block of FORM1_LAYOUT) {
    const blockRows = block.rows.reduce((n, r) => n + r.items.length, 0);
    block.rows.forEach((sub, si) => {
      sub.items.forEach(([itemLabel, key, total], ii) => {
        const cells: SheetCell[] = [];
        if (si === 0 && ii === 0) cells.push(label(block.group, { rowSpan: blockRows, align: 'center' }));
        if (sub.sub !== undefined) {
          if (ii === 0) cells.push(label(sub.sub, { rowSpan: sub.items.length, align: 'center' }));
          cells.push(label(itemLabel));
        } else {
          cells.push(label(itemLabel, { colSpan: 2 }));
        }
        for (const c of ordered) cells.push(amount(c.cells[key], currencyDecimals(c.currency)));
        body.push({ key, total, cells });
      });
    });
  }
  return {
    id: 'form1',
    title: '特许机构备付金监管报表',
    subtitle: [outletLine(form.outlet), `报表期间：${form.from} 至 ${form.to}`],
    unit: '单位：法定货币单位',
    columns,
    header,
    body,
    footer: [signatureLine(signatures), '公章：'],
  };
}

// ---------------------------------------------------------------------------------------------
// 附表2 特许业务月报表 and 附表3 全国性经营机构全系统业务及备付金月报表 (same rows, 万美元).

const FORM2_LABELS: Record<Form2FlowRow, { text: string; indent: number }> = {
  customers: { text: '一、与客户买卖外币（1）', indent: 0 },
  domestic: { text: '境内个人', indent: 1 },
  domesticRealtime: { text: '其中：实时登录系统', indent: 2 },
  domesticBackfill: { text: '事后补录系统', indent: 3 },
  domesticNotEntered: { text: '未录入系统', indent: 3 },
  foreign: { text: '境外个人', indent: 1 },
  foreignRealtime: { text: '其中：实时登录系统办理', indent: 2 },
  foreignBackfill: { text: '事后补录系统办理', indent: 3 },
  foreignNotEntered: { text: '未录入系统', indent: 3 },
  internal: { text: '二、系统内备付金调剂（2）', indent: 0 },
  otherInstitution: { text: '三、与其他特许机构间备付金调剂（3）', indent: 0 },
  bank: { text: '四、与开户银行间备付金调剂（4）', indent: 0 },
  otherApproved: { text: '五、经批准的其他备付金调剂方式（5）', indent: 0 },
};

/** 万美元 amounts are shown to at least four places: to the whole US dollar. */
const USD_10K_DECIMALS = 4;

export function form2Sheet(form: Form2, signatures?: SheetSignatures): ReportSheet {
  const national = form.form === 'form3';
  const columns: SheetColumn[] = [
    { key: 'item', width: 40 },
    { key: 'buyAmount', width: 16 },
    { key: 'buyCount', width: 9 },
    { key: 'sellAmount', width: 16 },
    { key: 'sellCount', width: 9 },
    { key: 'diff', width: 16 },
  ];
  const header: SheetRow[] = [
    {
      cells: [
        label('项目', { rowSpan: 2, align: 'center' }),
        label('买入（调入）外币', { colSpan: 2, align: 'center' }),
        label('卖出（调出）外币', { colSpan: 2, align: 'center' }),
        label('差额', { rowSpan: 2, align: 'center' }),
      ],
    },
    { cells: [label('金额', { align: 'center' }), label('笔数', { align: 'center' }), label('金额', { align: 'center' }), label('笔数', { align: 'center' })] },
  ];
  const body: SheetRow[] = FORM2_FLOW_ROWS.map((key) => {
    const flow = form.flows[key];
    const { text: itemText, indent } = FORM2_LABELS[key];
    return {
      key,
      cells: [
        label(itemText, indent ? { indent } : {}),
        amount(flow.buyAmount, USD_10K_DECIMALS),
        count(flow.buyCount),
        amount(flow.sellAmount, USD_10K_DECIMALS),
        count(flow.sellCount),
        amount(flow.diff, USD_10K_DECIMALS),
      ],
    };
  });
  // (6)–(8) are single amounts: printed in the 差额 column, which is where the identity
  // (7) = (6) + 差额(1) + … + 差额(5) + (8) adds them up.
  const single: Array<[string, string, string]> = [
    ['opening', '六、月初外币备付金余额（6）', form.opening],
    ['closing', '七、月末外币备付金余额（7）', form.closing],
    ['adjustment', '八、汇率调整（8）', form.adjustment],
  ];
  for (const [key, itemText, value] of single) {
    body.push({ key, cells: [label(itemText), empty(), empty(), empty(), empty(), amount(value, USD_10K_DECIMALS)] });
  }
  const subtitle = national
    ? [`${yearMonth(form.month)}    ${form.outlet.institutionName}`]
    : [`${yearMonth(form.month)}    ${form.outlet.institutionName}    ${form.outlet.outletName}（${form.outlet.outletCode}）`];
  if (national && form.outlets?.length) subtitle.push(`汇总网点：${form.outlets.map((o) => `${o.outletName}（${o.outletCode}）`).join('、')}`);
  // 第五十一条(三): a due date counted without the year's holiday notice says so on the form.
  const provisional = form.dueDateProvisional
    ? `（截止日待定：${form.dueDateMissingYear !== undefined ? `未导入 ${form.dueDateMissingYear} 年节假日安排` : '节假日安排未导入'}）`
    : '';
  subtitle.push(`折算率：${yearMonth(form.conversionMonth)}《美元对其他货币折算率》    报送截止日：${form.dueDate}${provisional}`);
  return {
    id: form.form,
    title: national ? '全国性经营机构全系统业务及备付金月报表' : '特许业务月报表',
    subtitle,
    unit: '单位：万美元',
    columns,
    header,
    body,
    footer: [signatureLine(signatures), '公章：'],
  };
}

// ---------------------------------------------------------------------------------------------
// The books: trial balance and profit.

export function trialBalanceSheet(tb: TrialBalance, signatures?: SheetSignatures): ReportSheet {
  const columns: SheetColumn[] = [
    { key: 'account', width: 30 },
    { key: 'kind', width: 16 },
    { key: 'currency', width: 8 },
    { key: 'debit', width: 18 },
    { key: 'credit', width: 18 },
    { key: 'balance', width: 18 },
  ];
  const header: SheetRow[] = [
    { cells: ['科目', '类别', '币种', '借方', '贷方', '余额'].map((t) => label(t, { align: 'center' })) },
  ];
  // Grouped by currency (double entry balances within each currency), with each currency's
  // debit and credit totals: a trial balance is read by checking that they agree.
  const currencies = [...new Set(tb.rows.map((r) => r.currency))];
  const body: SheetRow[] = [];
  for (const currency of currencies) {
    const rows = tb.rows.filter((r) => r.currency === currency);
    const places = currencyDecimals(currency);
    for (const r of rows) {
      body.push({
        key: `${r.account}:${r.currency}`,
        cells: [text(r.account), text(r.kind), text(r.currency, { align: 'center' }), amount(r.debit, places), amount(r.credit, places), amount(r.balance, places)],
      });
    }
    const sum = (pick: (r: (typeof rows)[number]) => string) => rows.reduce((s, r) => s.plus(pick(r)), new Decimal(0)).toString();
    body.push({
      key: `total:${currency}`,
      total: true,
      cells: [label(`${currencyName(currency)} 合计`, { colSpan: 2 }), text(currency, { align: 'center' }), amount(sum((r) => r.debit), places), amount(sum((r) => r.credit), places), empty()],
    });
  }
  if (body.length === 0) body.push({ key: 'none', cells: [label('无记录', { colSpan: 6, align: 'center' })] });
  return {
    id: 'trialBalance',
    title: '试算平衡表',
    subtitle: [outletLine(tb.outlet), `截至：${tb.asOf} 日终`],
    unit: '单位：各币种法定货币单位',
    columns,
    header,
    body,
    footer: [signatureLine(signatures, '制表人')],
  };
}

export function profitSheet(p: ProfitReport, signatures?: SheetSignatures): ReportSheet {
  const columns: SheetColumn[] = [
    { key: 'currency', width: 18 },
    { key: 'feeIncome', width: 18 },
    { key: 'spread', width: 18 },
    { key: 'revaluation', width: 18 },
    { key: 'total', width: 18 },
  ];
  const header: SheetRow[] = [
    { cells: ['币种', '手续费收入', '买卖价差收益', '外币重估损益', '合计'].map((t) => label(t, { align: 'center' })) },
  ];
  const line = (r: ProfitRow, name: string): SheetCell[] => [
    name === '合计' ? label(name, { align: 'center' }) : text(name),
    amount(r.feeIncome, 2),
    amount(r.spread, 2),
    amount(r.revaluation, 2),
    amount(r.total, 2),
  ];
  const body: SheetRow[] = p.rows.map((r) => ({ key: r.currency, cells: line(r, currencyName(r.currency)) }));
  body.push({ key: 'total', total: true, cells: line(p.total, '合计') });
  return {
    id: 'profit',
    title: '兑换业务损益表',
    subtitle: [outletLine(p.outlet), `报表期间：${p.from} 至 ${p.to}`],
    unit: '单位：人民币元',
    columns,
    header,
    body,
    footer: [signatureLine(signatures, '制表人')],
  };
}

// ---------------------------------------------------------------------------------------------
// 备付金交易电子台账 (第四十六条): one line per movement, the article's fields as columns. Printed
// monthly, stamped and kept 3 years (第四十六条(二)).

const METHOD_ZH: Record<ReserveLedgerLine['method'], string> = { cash: '现钞', transfer: '转账' };

export function reserveLedgerSheet(ledger: ReserveLedger, signatures?: SheetSignatures): ReportSheet {
  const columns: SheetColumn[] = [
    { key: 'at', width: 18 },
    { key: 'nature', width: 12 },
    { key: 'counterparty', width: 20 },
    { key: 'place', width: 16 },
    { key: 'account', width: 20 },
    { key: 'method', width: 9 },
    { key: 'inCurrency', width: 7 },
    { key: 'inAmount', width: 15 },
    { key: 'outCurrency', width: 7 },
    { key: 'outAmount', width: 15 },
    { key: 'rate', width: 11 },
    { key: 'actor', width: 10 },
    { key: 'reference', width: 14 },
  ];
  const c = (t: string, extra: Partial<SheetCell> = {}) => label(t, { align: 'center', ...extra });
  const header: SheetRow[] = [
    {
      cells: [
        c('交易时间', { rowSpan: 2 }),
        c('交易性质', { rowSpan: 2 }),
        c('调入调出双方名称', { rowSpan: 2 }),
        c('交易地点', { rowSpan: 2 }),
        c('交易账号', { rowSpan: 2 }),
        c('交易方式', { rowSpan: 2 }),
        c('存入、转入或调入', { colSpan: 2 }),
        c('提取、转出或调出', { colSpan: 2 }),
        c('汇率', { rowSpan: 2 }),
        c('经办人', { rowSpan: 2 }),
        c('凭证号', { rowSpan: 2 }),
      ],
    },
    { cells: [c('币种'), c('金额'), c('币种'), c('金额')] },
  ];
  const body: SheetRow[] = ledger.lines.map((l, i) => ({
    key: `line${i + 1}`,
    cells: [
      text(l.at),
      text(l.nature),
      text(l.counterparty),
      text(l.place),
      text(l.account),
      text(METHOD_ZH[l.method], { align: 'center' }),
      text(l.inCurrency, { align: 'center' }),
      l.inAmount === null ? empty() : amount(l.inAmount, currencyDecimals(l.inCurrency ?? '')),
      text(l.outCurrency, { align: 'center' }),
      l.outAmount === null ? empty() : amount(l.outAmount, currencyDecimals(l.outCurrency ?? '')),
      l.rate === null ? empty() : amount(l.rate, 0),
      text(l.actor),
      text(l.reference),
    ],
  }));
  if (body.length === 0) body.push({ key: 'none', cells: [label('本月无备付金交易', { colSpan: columns.length, align: 'center' })] });
  return {
    id: 'reserveLedger',
    title: '备付金交易电子台账',
    subtitle: [outletLine(ledger.outlet), `月份：${yearMonth(ledger.month)}`],
    unit: '单位：各币种法定货币单位',
    columns,
    header,
    body,
    footer: [signatureLine(signatures, '制表人'), '公章：'],
  };
}
