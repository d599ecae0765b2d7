// 附表1 特许机构备付金监管报表 (第五十一条) laid out as a ReportSheet (shared/reports/sheet.ts):
// one column per currency, RMB first.
import { RMB } from '../money/currencies';
import type { Form1, Form1Row } from './types';
import { currencyDecimals } from './sheetCells';
import { amount, currencyName, label, outletLine, signatureLine } from './sheetParts';
import type { ReportSheet, SheetCell, SheetColumn, SheetRow, SheetSignatures } from './sheetTypes';

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
    // Wide enough for the longest group label, 与其他特许机构间调剂 (ten characters), on one line
    // at the table's type size: the paper form prints it whole, not shrunk (issue 20 item 7).
    { key: 'group', width: 23 },
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
    // 附表1 is one sheet of paper (第五十一条), however many currencies the outlet deals in.
    onePage: true,
  };
}
