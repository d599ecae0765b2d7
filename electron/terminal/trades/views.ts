// A trade as the screens, the receipt and the API show it (TradeView), read from the ledger. A
// service module: it takes the ledger and the outlet, not the Terminal's services, so that the
// printer's spool can read trades without importing the handlers.
import { Refusal } from '../../../shared/errors';
import { RMB } from '../../../shared/money/currencies';
import { Decimal, dec, formatUsd, fromMinor, moneyText } from '../../../shared/money/money';
import type { TradeView } from '../../../shared/api';
import { HUB_RECEIPT_BASE, printedReceiptNo } from '../../../shared/receipts';
import { bookOf, receiptText } from '../../ledger/receipts';
import { compiled, first, q, type Database } from '../../ledger/sql';
import type { OutletTable, RefundTable, TradeTable, VoidTable } from '../../ledger/schema';

export const money = (amount: Decimal, currency: string) => moneyText({ currency, amount });


/**
 * A trade of this counter by id or receipt number. A receipt number of the institution's space that
 * this counter did not issue is said as such (TRADE_AT_OTHER_COUNTER, naming the counter whose book
 * it is, when this counter holds that book): its trade is in that counter's ledger, and a void, a
 * refund or a reprint is done there. A terminal with no book (no hub) says it is not found.
 */
export function findTrade(db: Database, ref: { tradeId?: string | undefined; receiptNo?: number | undefined }, terminalId?: string): TradeTable {
  const t = ref.tradeId !== undefined
    ? first(db, q.selectFrom('trades').selectAll().where('id', '=', ref.tradeId))
    : first(db, q.selectFrom('trades').selectAll().where('receipt_no', '=', BigInt(ref.receiptNo!)));
  if (t) return t;
  if (ref.tradeId !== undefined) throw new Refusal('TRADE_NOT_FOUND', { trade: ref.tradeId });
  const no = BigInt(ref.receiptNo!);
  const book = bookOf(db, no);
  const receiptNo = printedReceiptNo(Number(no), book);
  if (terminalId !== undefined && no > HUB_RECEIPT_BASE) {
    if (book !== undefined && book.terminalId !== terminalId) throw new Refusal('TRADE_AT_OTHER_COUNTER', { receiptNo, whereZh: `水单本 ${book.code} 属于柜台 ${book.terminalId}`, whereEn: `book ${book.code} is counter ${book.terminalId}'s` });
    // A standalone terminal (no hub, so no book) issues no number of that space, nor does anyone it knows of.
    if (book === undefined && first(db, q.selectFrom('receipt_books').select('code').limit(1)) !== undefined) {
      throw new Refusal('TRADE_AT_OTHER_COUNTER', { receiptNo, whereZh: '不在本柜台持有的任何水单本中', whereEn: 'it is in no receipt book this counter holds' });
    }
  }
  throw new Refusal('TRADE_NOT_FOUND', { trade: receiptNo });
}

export function voidOf(db: Database, tradeId: string): VoidTable | undefined {
  return first(db, q.selectFrom('voids').selectAll().where('trade_id', '=', tradeId));
}

/**
 * `justWritten`: a trade the caller's transaction has just written (the commit's answer): no refund
 * names it, nothing refunded it and its back-fill is not delivered, so those three are not read
 * (issue 21: statements per commit).
 */
export function tradeView(db: Database, outlet: OutletTable, t: TradeTable, v: VoidTable | undefined, justWritten = false): TradeView {
  const foreign = fromMinor(t.foreign_minor, t.currency);
  const rmb = fromMinor(t.rmb_minor, RMB);
  const fee = fromMinor(t.fee_minor, RMB);
  const settlement = t.direction === 'settlement';
  const usd = dec(t.usd_equivalent);
  const refNo = justWritten ? t.ref_no ?? undefined : refNoOf(db, t);
  // A refund on a later day (issue 19 item 2, refund.ts): the refund trade names its original, the
  // original its refund. The refund gives back exactly what the original took, the fee too: the
  // customer of a refunded purchase receives the RMB and the fee they paid, the customer of a
  // refunded settlement pays back the RMB they received (the fee was never paid to them).
  const refund = justWritten ? undefined : refundOf(db, t.id);
  const refundedBy = refund || justWritten ? undefined : refundedByOf(db, t.id);
  const feeSign = refund ? -1 : 1;
  return {
    id: t.id,
    receiptNo: Number(t.receipt_no),
    receiptText: receiptText(db, t.receipt_no),
    status: v ? 'void' : 'committed',
    ...(v ? { void: { reason: v.reason, supervisorId: v.supervisor_id, tellerId: v.teller_id, at: v.created_at } } : {}),
    businessDate: t.business_date,
    createdAt: t.created_at,
    institutionName: outlet.institution_name,
    outletCode: t.outlet_code,
    outletName: outlet.outlet_name,
    customer: {
      idType: t.id_type, idNumber: t.id_number, country: t.country, name: t.customer_name, residency: t.residency,
      ...(t.supplementary_id ? { supplementaryId: t.supplementary_id } : {}),
    },
    direction: t.direction,
    kind: t.kind,
    tradeType: t.trade_type,
    currency: t.currency,
    foreign: money(foreign, t.currency),
    rmb: money(rmb, RMB),
    fee: money(fee, RMB),
    customerPays: settlement ? money(foreign, t.currency) : money(rmb.plus(fee.times(feeSign)), RMB),
    customerReceives: settlement ? money(rmb.minus(fee.times(feeSign)), RMB) : money(foreign, t.currency),
    ratePer100: t.rate_per_100,
    usdEquivalent: t.usd_equivalent,
    usdEquivalentShown: formatUsd(usd),
    paymentIn: t.payment_in,
    paymentOut: t.payment_out,
    reportingPath: t.reporting_path,
    ...(t.channel ? { channel: t.channel } : {}),
    ...(refNo ? { refNo } : {}),
    fundAttribute: t.fund_attribute,
    ...(t.original_receipt_no !== null ? { originalReceiptNo: Number(t.original_receipt_no) } : {}),
    policyVersion: Number(t.policy_version),
    prompts: JSON.parse(t.prompts) as string[],
    tellerId: t.teller_id,
    ...(t.supervisor_id ? { supervisorId: t.supervisor_id } : {}),
    ...(refund ? { refund: {
      originalReceiptNo: Number(refund.original_receipt_no), originalReceiptText: receiptText(db, refund.original_receipt_no),
      originalTradeId: refund.original_trade_id, originalDate: refund.originalDate, reason: refund.reason,
    } } : {}),
    ...(refundedBy ? { refundedBy: { receiptNo: Number(refundedBy.receipt_no), receiptText: receiptText(db, refundedBy.receipt_no), tradeId: refundedBy.trade_id, businessDate: refundedBy.business_date } } : {}),
  };
}

/** The refund row of a refund trade, with its original's date (refunds.trade_id is unique). */
const refundQuery = compiled<{ tradeId: string }>()((p) => q.selectFrom('refunds').innerJoin('trades', 'trades.id', 'refunds.original_trade_id')
  .selectAll('refunds').select('trades.business_date as originalDate').where('refunds.trade_id', '=', p.tradeId));

export function refundOf(db: Database, tradeId: string): (RefundTable & { originalDate: string }) | undefined {
  return refundQuery.first(db, { tradeId });
}

/** The refund of an original trade, with its own receipt number (refunds.original_trade_id is unique). */
const refundedByQuery = compiled<{ tradeId: string }>()((p) => q.selectFrom('refunds').innerJoin('trades', 'trades.id', 'refunds.trade_id')
  .selectAll('refunds').select('trades.receipt_no').where('refunds.original_trade_id', '=', p.tradeId));

export function refundedByOf(db: Database, tradeId: string): (RefundTable & { receipt_no: bigint }) | undefined {
  return refundedByQuery.first(db, { tradeId });
}

/** The reference number: given at entry for a real-time trade, on delivery for a back-fill. */
function refNoOf(db: Database, t: TradeTable): string | undefined {
  if (t.ref_no) return t.ref_no;
  if (t.reporting_path !== 'backfill') return undefined;
  return deliveredRefNo.first(db, { tradeId: t.id })?.ref_no ?? undefined;
}

const deliveredRefNo = compiled<{ tradeId: string }>()((p) => q.selectFrom('outbox').select('ref_no').where('trade_id', '=', p.tradeId).where('kind', '=', 'backfill').where('state', '=', 'delivered'));

