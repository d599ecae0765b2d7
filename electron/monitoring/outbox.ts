// The outbox (migrations 001, 003): what the terminal owes the monitoring system, one row per
// entry or cancel, sent by the sync loop (sync.ts). This module is the table's one writer: every
// row is made and every state change is written here, so what the outbox can say is in one place.
// Each function runs inside its caller's transaction (the trade's, the void's, the sync's).
import { first, insertRows, q, run, type Database } from '../ledger/sql';

/** A cancel of a voided trade: reason 05 (the trade did not happen), due within a day. */
const VOID_CANCEL_REASON = '05';
const CANCEL_DUE_MS = 24 * 3_600_000;

/**
 * The trade's own row: a back-fill to send (pending), or an entry SAFE already holds (delivered, with
 * its reference number): a real-time entry, or a paper receipt's entry found at SAFE (trades/paper.ts).
 */
export function queueTradeReport(db: Database, r: { tradeId: string; kind: 'backfill' | 'realtime'; payload: unknown; deadlineAt: string | null; refNo: string | null; at: string }): void {
  const pending = r.kind === 'backfill' && r.refNo === null;
  // Its SQL made once (insertRows, issue 21): every trade writes this row.
  insertRows(db, 'outbox', [{
    trade_id: r.tradeId, kind: r.kind, payload: JSON.stringify(r.payload), deadline_at: r.deadlineAt,
    state: pending ? 'pending' : 'delivered', next_attempt_at: pending ? r.at : null, ref_no: r.refNo,
    created_at: r.at, updated_at: r.at,
  }]);
}

/**
 * A cancel of a voided trade's record at SAFE. `refNo` null: the record is looked up by the trade's
 * serial when the cancel is sent (a back-fill whose sending began may or may not have arrived).
 */
export function queueVoidCancel(db: Database, c: { tradeId: string; refNo: string | null; tradeType: string; now: Date }): void {
  queueCancel(db, c, { reason: VOID_CANCEL_REASON });
}

/**
 * The cancel of an earlier day's record whose trade was refunded (issue 19 item 2; trades/refund.ts):
 * reason 06 (other) with a remark naming the refund, so SAFE's record no longer counts against the
 * customer's annual quota and the refund itself is never entered (docs/compliance-refund.md).
 */
export function queueRefundCancel(db: Database, c: { tradeId: string; refNo: string | null; tradeType: string; now: Date; remark: string }): void {
  queueCancel(db, c, { reason: '06', remark: c.remark });
}

function queueCancel(db: Database, c: { tradeId: string; refNo: string | null; tradeType: string; now: Date }, why: { reason: string; remark?: string }): void {
  const at = c.now.toISOString();
  run(db, q.insertInto('outbox').values({
    trade_id: c.tradeId, kind: 'cancel',
    payload: JSON.stringify({ serial: c.tradeId, refNo: c.refNo, tradeType: c.tradeType, ...why }),
    deadline_at: new Date(c.now.getTime() + CANCEL_DUE_MS).toISOString(),
    state: 'pending', next_attempt_at: at, ref_no: null, created_at: at, updated_at: at,
  }));
}

export function hasCancel(db: Database, tradeId: string): boolean {
  return first(db, q.selectFrom('outbox').select('id').where('trade_id', '=', tradeId).where('kind', '=', 'cancel')) !== undefined;
}

/** A voided trade's back-fill not yet delivered: it need not be sent at all. */
export function backfillsNotNeeded(db: Database, tradeId: string, why: string, at: string): void {
  run(db, q.updateTable('outbox').set({ state: 'not_needed', last_error: why, updated_at: at })
    .where('trade_id', '=', tradeId).where('kind', '=', 'backfill').where('state', 'in', ['pending', 'needs_attention']));
}

/** Written before the request leaves: a void after a crash here knows the back-fill may have arrived. */
export function countAttempt(db: Database, id: bigint, attempts: bigint): void {
  run(db, q.updateTable('outbox').set({ attempts }).where('id', '=', id).where('state', '=', 'pending'));
}

/** Delivered by the sync loop; the number of rows changed (0: it was no longer pending, e.g. voided). */
export function markDelivered(db: Database, id: bigint, refNo: string | null, attempts: bigint, at: string): number {
  return run(db, q.updateTable('outbox').set({ state: 'delivered', ref_no: refNo, attempts, last_error: null, updated_at: at })
    .where('id', '=', id).where('state', '=', 'pending')).changes;
}

export function markNeedsAttention(db: Database, id: bigint, attempts: bigint, error: string, at: string): void {
  run(db, q.updateTable('outbox').set({ state: 'needs_attention', attempts, last_error: error, updated_at: at })
    .where('id', '=', id).where('state', '=', 'pending'));
}

export function markRetry(db: Database, id: bigint, attempts: bigint, error: string, nextAttemptAt: string, at: string): void {
  run(db, q.updateTable('outbox').set({ attempts, last_error: error, next_attempt_at: nextAttemptAt, updated_at: at })
    .where('id', '=', id).where('state', '=', 'pending'));
}

/** A row needing attention sent again (queue.retry). */
export function requeue(db: Database, id: bigint, at: string): void {
  run(db, q.updateTable('outbox').set({ state: 'pending', next_attempt_at: at, updated_at: at }).where('id', '=', id));
}

/** The same back-fill sent again as a new row (its content never changes), e.g. with the notice flag. */
export function resendBackfill(db: Database, r: { tradeId: string; payload: unknown; deadlineAt: string | null; at: string }): bigint {
  return BigInt(run(db, q.insertInto('outbox').values({
    trade_id: r.tradeId, kind: 'backfill', payload: JSON.stringify(r.payload), deadline_at: r.deadlineAt,
    state: 'pending', next_attempt_at: r.at, ref_no: null, created_at: r.at, updated_at: r.at,
  })).lastInsertRowid);
}

/** A row needing attention resolved by a supervisor (resolve.ts): delivered by page mode, or not needed. */
export function resolveRow(db: Database, id: bigint, to: { state: 'delivered'; refNo: string } | { state: 'not_needed'; why: string }, at: string): void {
  const set = to.state === 'delivered'
    ? { state: 'delivered' as const, ref_no: to.refNo, last_error: null, updated_at: at }
    : { state: 'not_needed' as const, last_error: to.why, updated_at: at };
  run(db, q.updateTable('outbox').set(set).where('id', '=', id).where('state', '=', 'needs_attention'));
}
