// Voiding a trade of today (作废, 第三十五条: the receipt kept, marked void): the reversal of its
// postings and notes, the cancels for what SAFE already holds, a supervisor's approval (four eyes).
import { Refusal } from '../../../shared/errors';
import type { TradeView } from '../../../shared/api';
import { businessDate } from '../../../shared/time';
import { post, reversalOf } from '../../ledger/accounts';
import { audit } from '../../ledger/audit';
import { moveNotes, noteReversalOf, notesOut } from '../../ledger/notes';
import type { VoidTable } from '../../ledger/schema';
import { all, first, q, run, type Database } from '../../ledger/sql';
import { backfillsNotNeeded, queueVoidCancel } from '../../monitoring/outbox';
import { assertDayOpen } from '../dayLock';
import type { Call, HandlerInput, Services } from '../services';
import { checkCash, requireSupervisor } from './checks';
import { findTrade, tradeView } from './views';

/**
 * A trade's notes reversed under another transaction (its void, or its refund on a later day): the
 * notes go back as they came; where those very notes have since been paid out, the same value in
 * the notes the till holds.
 */
export function notesBack(db: Database, trade: { id: string; business_date: string }, txn: { id: string; businessDate: string; at: string }): void {
  for (const g of noteReversalOf(db, trade.id, trade.business_date)) {
    const value = [...g.notes].reduce((sum, [d, n]) => sum + d * n, 0n);
    let notes = g.notes;
    if (g.sign < 0n) {
      try {
        notes = notesOut(db, g.location, g.currency, value, g.notes);
      } catch {
        notes = notesOut(db, g.location, g.currency, value, undefined);
      }
    }
    moveNotes(db, txn, g.location, g.currency, notes, g.sign);
  }
}

export function voidTrade(ctx: Services, input: HandlerInput<'trades.void'>, call: Call): TradeView {
  return call.act(() => {
    const now = ctx.now();
    const today = businessDate(now);
    const trade = findTrade(ctx.db, input, ctx.outlet().terminal_id);
    const receiptNo = String(trade.receipt_no);
    if (first(ctx.db, q.selectFrom('voids').select('id').where('trade_id', '=', trade.id))) throw new Refusal('TRADE_ALREADY_VOIDED', { receiptNo });
    if (trade.business_date !== today) throw new Refusal('VOID_NOT_SAME_DAY', { today, date: trade.business_date, receiptNo });
    const supervisorId = requireSupervisor(input.actor, call.approver, { zh: '作废', en: 'a void' });
    assertDayOpen(ctx.db, today);
    const reversal = reversalOf(ctx.db, { id: trade.id, businessDate: trade.business_date });
    checkCash(ctx.db, reversal, 'VOID_CASH_INSUFFICIENT');
    const at = now.toISOString();
    const v: VoidTable = {
      id: ctx.newId(), trade_id: trade.id, receipt_no: trade.receipt_no, reason: input.reason,
      teller_id: input.actor, supervisor_id: supervisorId, business_date: today, created_at: at,
    };
    run(ctx.db, q.insertInto('voids').values(v));
    post(ctx.db, { id: v.id, kind: 'void', businessDate: today, at }, reversal);
    notesBack(ctx.db, trade, { id: v.id, businessDate: today, at });
    // What the monitoring system already has is cancelled (reason 05: the trade did not happen);
    // a back-fill not yet sent need not be sent at all.
    const reported = all(ctx.db, q.selectFrom('outbox').select(['id', 'ref_no']).where('trade_id', '=', trade.id)
      .where('kind', 'in', ['realtime', 'backfill']).where('state', '=', 'delivered'));
    for (const r of reported) queueVoidCancel(ctx.db, { tradeId: trade.id, refNo: r.ref_no, tradeType: trade.trade_type, now });
    // A back-fill whose sending was started may have arrived though its answer did not (a crash,
    // a lost reply): a cancel goes out that first looks the record up by the trade's serial.
    const maybeSent = all(ctx.db, q.selectFrom('outbox').select('id').where('trade_id', '=', trade.id).where('kind', '=', 'backfill')
      .where('state', 'in', ['pending', 'needs_attention']).where('attempts', '>', 0n));
    if (maybeSent.length > 0 && reported.length === 0) queueVoidCancel(ctx.db, { tradeId: trade.id, refNo: null, tradeType: trade.trade_type, now });
    backfillsNotNeeded(ctx.db, trade.id, `voided before delivery: receipt ${receiptNo}`, at);
    audit(ctx.db, { at, actor: input.actor, action: 'trade.void', entity: 'trade', entityId: trade.id, detail: { receiptNo, reason: input.reason, supervisorId } });
    return tradeView(ctx.db, ctx.outlet(), trade, v);
  });
}

