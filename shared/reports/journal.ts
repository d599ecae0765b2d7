// The journal's search result as a table (issue 19 item 7, 第四十九条): one row per trade, the
// columns an inspector reads a receipt by, amounts as exact decimal strings with the currency's own
// number of decimals (never a float, never a thousands separator: a file is read by programs too),
// and the CSV form of it: UTF-8 with a BOM (Excel then reads the Chinese), RFC 4180 (CRLF, a field
// quoted when it holds a comma, a quote or a line break, a quote doubled). Pure: the counter's
// export (electron/terminal/journal/export.ts) and a test read the same table.
import type { TradeView } from '../api/trades';
import { currencyInfo, dec } from '../money/money';

export const JOURNAL_COLUMNS = [
  '营业日 Business date', '时间 Time', '水单号 Receipt', '状态 Status', '证件类型 ID type', '证件号码 ID number', '国家/地区 Country',
  '姓名 Name', '类别 Type', '币种 Currency', '外币金额 Foreign amount', '人民币金额 RMB amount', '手续费 Fee', '汇率(每100) Rate per 100',
  '折美元 USD equivalent', '报送方式 Reporting path', '通道 Channel', '申报号 Ref no', '资金属性 Fund attribute', '柜员 Teller', '作废原因 Void reason',
] as const;

/** Indexes of the columns holding amounts (written as numbers in XLSX when exact). */
export const JOURNAL_AMOUNT_COLUMNS: readonly number[] = [10, 11, 12];

/** An amount as an exact decimal string with the currency's decimals: 1000 USD → "1000.00". */
export function exactAmount(amount: string, currency: string): string {
  return dec(amount).toFixed(currencyInfo(currency).minorUnits);
}

const PATH_NAMES: Record<TradeView['reportingPath'], string> = { realtime: '实时 real-time', backfill: '补录 back-fill', exempt: '免录 exempt' };

export function journalRow(t: TradeView): string[] {
  const channel = t.channel === '41' ? '41 页面 page mode' : t.channel === '42' ? '42 接口 interface' : '';
  return [
    t.businessDate, t.createdAt, t.receiptText, t.status === 'void' ? '作废 void' : '有效 valid', t.customer.idType, t.customer.idNumber, t.customer.country,
    t.customer.name, t.tradeType === 'JH' ? 'JH 结汇' : 'GH 购汇', t.currency,
    exactAmount(t.foreign.amount, t.currency), exactAmount(t.rmb.amount, 'CNY'), exactAmount(t.fee.amount, 'CNY'), t.ratePer100,
    t.usdEquivalent, PATH_NAMES[t.reportingPath], channel, t.refNo ?? '', t.fundAttribute, t.tellerId, t.void?.reason ?? '',
  ];
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF; a quote doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV text, BOM first, CRLF after every record (the header included). */
export function journalCsv(trades: readonly TradeView[]): string {
  const lines = [[...JOURNAL_COLUMNS], ...trades.map(journalRow)].map((r) => r.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
