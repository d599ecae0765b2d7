// Print jobs (水单, 第三十五条): the one writer of print_jobs. A trade queues its receipt in its own
// transaction (trades.ts), a reprint its copy (printing.ts), and the spool (printing.ts) moves each
// job to printing, done or failed. Apart from the spool so that the trade can queue its receipt
// without importing the spool (which reads trades back to lay them out).
import { insertRows, q, run, type Database } from '../ledger/sql';

export type JobState = 'printing' | 'done' | 'failed';

/** The receipt of a trade just committed: printed after the commit by the spool. */
export function queueReceipt(db: Database, tradeId: string, requestedBy: string, at: string): void {
  // Its SQL made once (insertRows, issue 21): every trade queues one.
  insertRows(db, 'print_jobs', [{ trade_id: tradeId, kind: 'receipt', state: 'pending', requested_by: requestedBy, created_at: at, updated_at: at }]);
}

/**
 * The receipt of a paper receipt entered under its own number (trades/paper.ts): printed already, on
 * the PC before the restore; the job says so and the spool never prints it.
 */
export function recordPrinted(db: Database, tradeId: string, requestedBy: string, at: string): void {
  run(db, q.insertInto('print_jobs').values({ trade_id: tradeId, kind: 'receipt', state: 'done', error: PRINTED_ON_PAPER, requested_by: requestedBy, created_at: at, updated_at: at }));
}

/** What a paper receipt's job says: the spool did not print it. */
export const PRINTED_ON_PAPER = '纸质水单，恢复前已打印 printed on paper before the restore';

/** A copy of a receipt (the same number, marked as copy `copyNo`); the new job's id. */
export function queueReprint(db: Database, tradeId: string, copyNo: bigint, requestedBy: string, at: string): bigint {
  return BigInt(run(db, q.insertInto('print_jobs').values({ trade_id: tradeId, kind: 'reprint', copy_no: copyNo, state: 'pending', requested_by: requestedBy, created_at: at, updated_at: at })).lastInsertRowid);
}

export function markJob(db: Database, id: bigint, state: JobState, error: string | null, at: string): void {
  run(db, q.updateTable('print_jobs').set({ state, error, updated_at: at }).where('id', '=', id));
}
