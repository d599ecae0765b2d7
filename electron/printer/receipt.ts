// The receipt (兑换水单) as data: what each of the two parts says, before any question of columns
// or bytes. 第三十五条: two parts (特许机构联 and 客户联), each recording the institution and outlet,
// date and time, customer name, ID type and number, currencies and amounts, payment method, the
// rate used, the serial number, and the fee when one is charged separately. rules.md adds the
// markings: a void keeps its number and shows reason and approving supervisor; a reprint is marked
// as a copy with the same number; training mode is marked on paper.
//
// Every label is Chinese with English beside it. Amounts carry the ISO code (`USD 1,000.00`),
// never a currency symbol: `¥` is a four-byte GB18030 character that prints as garbage.
import type { MoneyText, TradeView } from '../../shared/api';
import { ID_TYPES, type IdType } from '../../shared/id/idDocument';
import { dec, formatAmount } from '../../shared/money/money';

/** A field's stable name, so code (and tests) can find a field without parsing labels. */
export type FieldKey =
  | 'institution'
  | 'outlet'
  | 'receiptNo'
  | 'dateTime'
  | 'customerName'
  | 'idType'
  | 'idNumber'
  | 'supplementaryId'
  | 'country'
  | 'tradeType'
  | 'originalReceiptNo'
  | 'foreignAmount'
  | 'rmbAmount'
  | 'rate'
  | 'fee'
  | 'customerPays'
  | 'paymentIn'
  | 'customerReceives'
  | 'paymentOut'
  | 'reportingPath'
  | 'refNo'
  | 'teller'
  | 'policyVersion'
  | 'refundOf'
  | 'refundReason'
  | 'voidReason'
  | 'voidApprovedBy'
  | 'voidAt'
  | 'copyAt'
  | 'copyBy';

export type Block =
  /** Centred text: the title and the part's name. */
  | { kind: 'title'; text: string }
  /** A marking that must not be missed (void, copy, training): centred in a full line of `fill`. */
  | { kind: 'banner'; text: string; fill: string }
  /** Label on the left, value on the right. */
  | { kind: 'field'; key: FieldKey; label: string; value: string }
  /** Free text, left-aligned and wrapped. */
  | { kind: 'note'; text: string }
  | { kind: 'separator' }
  /** Room for a handwritten signature, under its label. */
  | { kind: 'signature'; label: string };

export interface Receipt {
  receiptNo: number;
  /** 特许机构联: kept by the institution, signed by the customer. */
  institution: Block[];
  /** 客户联: handed to the customer. */
  customer: Block[];
}

export interface ReceiptOptions {
  /** The teller as printed (name or id). */
  teller: string;
  training: boolean;
  /** A reprint: the how-many-th copy, when (ISO instant) and by whom. */
  copy?: { n: number; at: string; by: string };
}

/** The fields 第三十五条 requires on every part; `fee` only when a fee was charged. */
export const ARTICLE_35_FIELDS: readonly FieldKey[] = [
  'institution',
  'outlet',
  'dateTime',
  'customerName',
  'idType',
  'idNumber',
  'foreignAmount',
  'rmbAmount',
  'paymentIn',
  'paymentOut',
  'rate',
  'receiptNo',
  'fee',
];

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `YYYY-MM-DD HH:mm:ss` in China (UTC+8, no daylight saving since 1991), whatever the PC's zone. */
export function chinaDateTime(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new Error(`not a date and time: ${isoInstant}`);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** `USD 1,000.00`: ISO code first, the currency's own decimals, thousands grouped. */
export function moneyLine(m: MoneyText): string {
  return `${m.currency} ${formatAmount(dec(m.amount), m.currency)}`;
}

/** A rate per 100 units as stored, with at least 2 decimals (710 → 710.00, 4.8123 kept). */
function rateText(per100: string): string {
  const rate = dec(per100);
  return rate.toFixed(Math.max(2, rate.decimalPlaces()));
}

function idTypeName(code: string): string {
  return Object.hasOwn(ID_TYPES, code) ? ID_TYPES[code as IdType].zh : code;
}

const PAYMENT = { cash: '现钞 Cash', travellersCheque: "旅行支票 Traveller's cheque" } as const;
const REPORTING = { realtime: '实时录入 Real-time', backfill: '事后补录 Back-fill', exempt: '不录入 Exempt' } as const;

function tradeTypeText(trade: TradeView): string {
  if (trade.kind === 'reconversion') return '兑回 Reconversion (客户买入外币 customer buys FX)';
  return trade.direction === 'settlement' ? '客户卖出外币 Customer sells FX' : '客户买入外币 Customer buys FX';
}

function field(key: FieldKey, label: string, value: string): Block {
  return { kind: 'field', key, label, value };
}

/** The trade's own content: identical on both parts, so the two can never disagree. */
function tradeBlocks(trade: TradeView, opts: ReceiptOptions): Block[] {
  const c = trade.customer;
  const blocks: Block[] = [
    field('institution', '特许机构 Institution', trade.institutionName),
    field('outlet', '网点 Outlet', `${trade.outletName} (${trade.outletCode})`),
    field('receiptNo', '水单号 No.', trade.receiptText),
    field('dateTime', '日期时间 Date/time', chinaDateTime(trade.createdAt)),
    { kind: 'separator' },
    field('customerName', '客户姓名 Name', c.name),
    field('idType', '证件类型 ID type', idTypeName(c.idType)),
    field('idNumber', '证件号码 ID No.', c.idNumber),
  ];
  if (c.supplementaryId) blocks.push(field('supplementaryId', '补充证件 Suppl. ID', c.supplementaryId));
  blocks.push(field('country', '国家/地区 Country', c.country), { kind: 'separator' });
  blocks.push(field('tradeType', '交易类型 Type', tradeTypeText(trade)));
  if (trade.originalReceiptNo !== undefined) {
    blocks.push(field('originalReceiptNo', '原水单号 Orig. receipt', String(trade.originalReceiptNo)));
  }
  blocks.push(
    field('foreignAmount', '外币金额 FX amount', moneyLine(trade.foreign)),
    field('rmbAmount', '人民币金额 RMB amount', moneyLine(trade.rmb)),
    field('rate', '牌价 Rate', `${trade.currency} 100 = ${trade.rmb.currency} ${rateText(trade.ratePer100)}`),
  );
  // 第三十五条: the fee is recorded "when charged separately"; a zero fee is not printed.
  if (!dec(trade.fee.amount).isZero()) blocks.push(field('fee', '手续费 Fee', moneyLine(trade.fee)));
  blocks.push(
    field('customerPays', '客户付出 Customer pays', moneyLine(trade.customerPays)),
    field('paymentIn', '付款方式 Paid in', PAYMENT[trade.paymentIn]),
    field('customerReceives', '客户收到 Customer gets', moneyLine(trade.customerReceives)),
    field('paymentOut', '收款方式 Paid out', PAYMENT[trade.paymentOut]),
    { kind: 'separator' },
    field('reportingPath', '申报方式 Reporting', REPORTING[trade.reportingPath]),
  );
  if (trade.refNo) blocks.push(field('refNo', '外管业务参号 Ref No.', trade.refNo));
  blocks.push(field('teller', '柜员 Teller', opts.teller), field('policyVersion', '政策版本 Policy', String(trade.policyVersion)));
  return blocks;
}

function trainingBanner(): Block {
  return { kind: 'banner', text: '培训模式 TRAINING', fill: '#' };
}

/** Training mode: the simulator and a throwaway ledger; the paper must say it is worthless. */
const TRAINING_NOTE: Block[] = [
  { kind: 'title', text: '培训用，非正式水单' },
  { kind: 'title', text: 'Training only, not a valid receipt' },
];

function voidBanner(): Block {
  return { kind: 'banner', text: '作废 VOID', fill: '*' };
}

function refundBanner(): Block {
  return { kind: 'banner', text: '退款 REFUND', fill: '-' };
}

function copyBanner(n: number): Block {
  return { kind: 'banner', text: `重打 / COPY ${n}`, fill: '=' };
}

function part(name: string, trade: TradeView, opts: ReceiptOptions, withSignature: boolean): Block[] {
  // Markings go at the top and again at the bottom, so even a torn-off piece still shows them.
  // Outermost first: training, void, copy; the bottom mirrors the top.
  const top: Block[] = [];
  const bottom: Block[] = [];
  if (opts.training) {
    top.push(trainingBanner(), ...TRAINING_NOTE);
    bottom.unshift(...TRAINING_NOTE, trainingBanner());
  }
  if (trade.status === 'void') {
    const v = trade.void;
    top.push(voidBanner());
    if (v) {
      top.push(
        field('voidReason', '作废原因 Reason', v.reason),
        field('voidApprovedBy', '批准主管 Approved by', v.supervisorId),
        field('voidAt', '作废时间 Voided at', chinaDateTime(v.at)),
      );
    }
    bottom.unshift(voidBanner());
  }
  // A refund on a later day (issue 19 item 2): the receipt says so, and which receipt it undoes.
  if (trade.refund) {
    const r = trade.refund;
    top.push(
      refundBanner(),
      field('refundOf', '退回原水单 Refund of', `${r.originalReceiptText} (${r.originalDate})`),
      field('refundReason', '退款原因 Reason', r.reason),
    );
    bottom.unshift(refundBanner());
  }
  if (opts.copy) {
    top.push(
      copyBanner(opts.copy.n),
      field('copyAt', '重打时间 Reprinted', chinaDateTime(opts.copy.at)),
      field('copyBy', '操作员 By', opts.copy.by),
    );
    bottom.unshift(copyBanner(opts.copy.n));
  }
  const body: Block[] = [
    { kind: 'title', text: '兑换水单 EXCHANGE RECEIPT' },
    { kind: 'title', text: name },
    { kind: 'separator' },
    ...tradeBlocks(trade, opts),
    { kind: 'separator' },
  ];
  if (withSignature) body.push({ kind: 'signature', label: '客户签名 Customer signature' });
  return [...top, ...body, ...bottom];
}

/** Fails loudly if a part lacks a field 第三十五条 requires: a receipt missing one is not valid. */
function assertArticle35(blocks: Block[], feeCharged: boolean): void {
  const keys = new Set(blocks.flatMap((b) => (b.kind === 'field' ? [b.key] : [])));
  const missing = ARTICLE_35_FIELDS.filter((k) => !keys.has(k) && (k !== 'fee' || feeCharged));
  if (missing.length > 0) throw new Error(`receipt lacks fields of 第三十五条: ${missing.join(', ')}`);
}

/** The two parts of the receipt of a committed (or voided) trade. */
export function receiptOf(trade: TradeView, opts: ReceiptOptions): Receipt {
  const receipt: Receipt = {
    receiptNo: trade.receiptNo,
    institution: part('特许机构联 INSTITUTION COPY', trade, opts, true),
    customer: part('客户联 CUSTOMER COPY', trade, opts, false),
  };
  const feeCharged = !dec(trade.fee.amount).isZero();
  assertArticle35(receipt.institution, feeCharged);
  assertArticle35(receipt.customer, feeCharged);
  return receipt;
}
