// 备付金交易电子台账 (第四十六条) laid out as a ReportSheet (shared/reports/sheet.ts): one line per
// movement, the article's fields as columns. Printed monthly, stamped and kept 3 years
// (第四十六条(二)).
import type { ReserveLedger, ReserveLedgerLine } from './types';
import { shortId } from '../words';
import { currencyDecimals } from './sheetCells';
import { amount, empty, label, outletLine, signatureLine, text, yearMonth } from './sheetParts';
import type { ReportSheet, SheetCell, SheetColumn, SheetRow, SheetSignatures } from './sheetTypes';

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
      text(l.reference, { short: shortId(l.reference) }),
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
