// A refund on a later day (issue 19 item 2; docs/compliance-refund.md). A customer brings back the
// receipt of a trade of an earlier day: the counter does not void it (a void is same-day, 第三十五条
// keeps the day's receipts as they were) but reverses it as a NEW trade of today, opposite in
// direction, that refers to the original receipt: its own receipt number, the original's rate and
// amounts (the whole trade, the fee given back too, so the customer gets back exactly what they
// paid), the original's postings reversed and the notes back, one transaction with its print job,
// its audit entry (the hub's event) and the cancel of the original's record at SAFE (reason 06 with
// a remark naming the refund; through the outbox, so offline it waits like any other report).
//
// The refund itself is never entered at SAFE (reporting path 'exempt'): entered as a trade of the
// opposite type it would use the customer's quota of that type, while the cancel already gives back
// what the original used. Nor does it count in the customer's day (第二十九条: facts.ts leaves it out).
//
// Refused: a receipt not found here, voided, already refunded, itself a refund, of today (void it),
// older than the policy's window (refundWindowDays), or an ID that is not the original's (第三十一条).
import { Refusal } from '../../../shared/errors';
import { validateIdDocument } from '../../../shared/id/idDocument';
import { policyFor } from '../../../shared/policy';
import { monitoringTradeType } from '../../../shared/rules/tradeKind';
import { addDays, businessDate } from '../../../shared/time';
import type { TradeView } from '../../../shared/api';
import { post, reversalOf } from '../../ledger/accounts';
import { audit } from '../../ledger/audit';
import { nextReceiptNo, receiptText } from '../../ledger/receipts';
import type { RefundTable, TradeTable } from '../../ledger/schema';
import { all, first, q, run } from '../../ledger/sql';
import { backfillsNotNeeded, queueRefundCancel } from '../../monitoring/outbox';
import { assertDayOpen } from '../dayLock';
import { printerGate } from '../printerGate';
import { queueReceipt } from '../../ledger/printJobs';
import type { Call, HandlerInput, Services } from '../services';
import { insertTrade } from './book';
import { checkCash, requireSupervisor } from './checks';
import { customerKeyOf } from './customerKey';
import { notesBack } from './void';
import { findTrade, tradeView } from './views';

/** The checks before anything is written, in the order a teller would want to hear them. */
function checkRefundable(ctx: Services, input: HandlerInput<'trades.refund'>, original: TradeTable, today: string): void {
  const receiptNo = receiptText(ctx.db, original.receipt_no);
  const asRefund = first(ctx.db, q.selectFrom('refunds').select('original_receipt_no').where('trade_id', '=', original.id));
  if (asRefund) throw new Refusal('REFUND_OF_REFUND', { receiptNo, originalReceipt: receiptText(ctx.db, asRefund.original_receipt_no) });
  if (first(ctx.db, q.selectFrom('voids').select('id').where('trade_id', '=', original.id))) throw new Refusal('TRADE_ALREADY_VOIDED', { receiptNo });
  const done = first(ctx.db, q.selectFrom('refunds').innerJoin('trades', 'trades.id', 'refunds.trade_id')
    .select(['refunds.business_date', 'trades.receipt_no']).where('refunds.original_trade_id', '=', original.id));
  if (done) throw new Refusal('REFUND_ALREADY_REFUNDED', { receiptNo, date: done.business_date, refundReceipt: receiptText(ctx.db, done.receipt_no) });
  // Today's trade is voided (作废), not refunded: the day's receipts and SAFE's entry stay as one day.
  if (original.business_date >= today) throw new Refusal('REFUND_SAME_DAY', { receiptNo, today });
  const days = policyFor(ctx.policies(), today).params.refundWindowDays;
  const lastDay = addDays(original.business_date, days);
  if (today > lastDay) throw new Refusal('REFUND_TOO_OLD', { receiptNo, date: original.business_date, days: String(days), lastDay });
  // 第三十一条: the ID shown now must be the one the trade was made with (the same person's key).
  const doc = validateIdDocument(input.customer, today);
  if (customerKeyOf(doc) !== original.person_key) throw new Refusal('REFUND_CUSTOMER_MISMATCH', { receiptNo });
}

export async function refund(ctx: Services, input: HandlerInput<'trades.refund'>, call: Call): Promise<TradeView> {
  // Checked once before the printer is asked, again in the transaction (nothing is awaited there).
  const today0 = businessDate(ctx.now());
  checkRefundable(ctx, input, findTrade(ctx.db, input, ctx.outlet().terminal_id), today0);
  requireSupervisor(input.actor, call.approver, { zh: '退款', en: 'a refund' });
  // The refund's receipt must be printable before anything is written (第三十五条).
  await printerGate(ctx.printer);
  return call.act(() => {
    const now = ctx.now();
    const today = businessDate(now);
    const original = findTrade(ctx.db, input, ctx.outlet().terminal_id);
    checkRefundable(ctx, input, original, today);
    const supervisorId = requireSupervisor(input.actor, call.approver, { zh: '退款', en: 'a refund' });
    assertDayOpen(ctx.db, today);
    const reversal = reversalOf(ctx.db, { id: original.id, businessDate: original.business_date });
    checkCash(ctx.db, reversal, 'CASH_INSUFFICIENT');
    const at = now.toISOString();
    const id = ctx.newId();
    const direction = original.direction === 'settlement' ? 'purchase' : 'settlement';
    const outlet = ctx.outlet();
    const row: TradeTable = {
      ...original,
      id,
      outlet_code: outlet.outlet_code,
      terminal_id: outlet.terminal_id,
      receipt_no: nextReceiptNo(ctx.db, outlet.terminal_id),
      business_date: today,
      created_at: at,
      direction,
      kind: direction,
      trade_type: monitoringTradeType(direction),
      // The customer hands back what the counter paid out: cash.
      payment_in: 'cash',
      payment_out: 'cash',
      // Never entered at SAFE: the original's record is cancelled instead (see the top).
      reporting_path: 'exempt',
      channel: null,
      ref_no: null,
      notice_given: 0n,
      original_receipt_no: original.receipt_no,
      policy_version: BigInt(policyFor(ctx.policies(), today).version),
      prompts: '[]',
      teller_id: input.actor,
      supervisor_id: supervisorId,
    };
    insertTrade(ctx.db, row);
    const r: RefundTable = {
      id: ctx.newId(), trade_id: id, original_trade_id: original.id, original_receipt_no: original.receipt_no, reason: input.reason,
      teller_id: input.actor, supervisor_id: supervisorId, business_date: today, created_at: at,
    };
    run(ctx.db, q.insertInto('refunds').values(r));
    // The original's postings reversed, under the refund's own transaction (a trade of today).
    post(ctx.db, { id, kind: 'trade', businessDate: today, at }, reversal);
    notesBack(ctx.db, original, { id, businessDate: today, at });
    // SAFE's record of the original is cancelled: the quota it used is given back (reason 06, the
    // remark names the refund). One not yet delivered need not be sent; one whose sending began
    // may have arrived: its cancel looks it up by the serial.
    const remark = `客户退款 refunded: 退款水单 ${receiptText(ctx.db, row.receipt_no)}`;
    const reported = all(ctx.db, q.selectFrom('outbox').select(['id', 'ref_no']).where('trade_id', '=', original.id)
      .where('kind', 'in', ['realtime', 'backfill']).where('state', '=', 'delivered'));
    for (const o of reported) queueRefundCancel(ctx.db, { tradeId: original.id, refNo: o.ref_no, tradeType: original.trade_type, now, remark });
    const maybeSent = all(ctx.db, q.selectFrom('outbox').select('id').where('trade_id', '=', original.id).where('kind', '=', 'backfill')
      .where('state', 'in', ['pending', 'needs_attention']).where('attempts', '>', 0n));
    if (maybeSent.length > 0 && reported.length === 0) queueRefundCancel(ctx.db, { tradeId: original.id, refNo: null, tradeType: original.trade_type, now, remark });
    backfillsNotNeeded(ctx.db, original.id, `refunded before delivery: refund receipt ${receiptText(ctx.db, row.receipt_no)}`, at);
    queueReceipt(ctx.db, id, input.actor, at);
    audit(ctx.db, {
      at, actor: input.actor, action: 'trade.refund', entity: 'trade', entityId: id,
      detail: { receiptNo: String(row.receipt_no), originalReceiptNo: String(original.receipt_no), originalTradeId: original.id, reason: input.reason, supervisorId },
    });
    return tradeView(ctx.db, outlet, row, undefined);
  });
}
