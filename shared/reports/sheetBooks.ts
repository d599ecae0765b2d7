// The books laid out as ReportSheets (shared/reports/sheet.ts): the trial balance, grouped by
// currency with each currency's totals, and the profit report (兑换业务损益表).
import { Decimal } from '../money/money';
import type { ProfitReport, ProfitRow, TrialBalance } from './types';
import { currencyDecimals } from './sheetCells';
import { amount, currencyName, empty, label, outletLine, signatureLine, text } from './sheetParts';
import type { ReportSheet, SheetCell, SheetColumn, SheetRow, SheetSignatures } from './sheetTypes';
import { accountKindWords, accountWords, type Lang } from '../words';

/**
 * `lang`: the language of the accounts' words (资本金 CNY, 现钞 USD; issue 20 item 3): Chinese on the
 * form as exported and printed, the screen's language on screen. The internal id (`capital:CNY`)
 * is never shown; it stays the row's key.
 */
export function trialBalanceSheet(tb: TrialBalance, signatures?: SheetSignatures, lang: Lang = 'zh'): ReportSheet {
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
        cells: [text(accountWords(r.account, r.currency)[lang]), text(accountKindWords(r.kind)[lang]), text(r.currency, { align: 'center' }), amount(r.debit, places), amount(r.credit, places), amount(r.balance, places)],
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
