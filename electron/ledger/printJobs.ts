// Print jobs (水单, 第三十五条): the one writer of print_jobs. A trade queues its receipt in its own
// transaction (trades/commit.ts), a reprint its copy (trades/reprint.ts), and the spool
// (terminal/printer/spool.ts) moves each job to printing, done or failed. Apart from the spool so
// that the trade can queue its receipt without importing the spool (which reads trades back to lay
// them out); in the ledger's layer so that a restore (backupRestore.ts, hubRestore.ts) settles the
// jobs it finds queued.
//
// The spool takes jobs in id order and a job it took never becomes pending again (migration 030:
// it finds what is left after the newest job it took). A restored ledger is where that could break:
// a backup holds the jobs queued when it was made, and the PC it came from went on printing after.
import { insertRows, q, run, type Database } from './sql';

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

/**
 * What a restored ledger's jobs still queued or printing say: the PC the backup was made on went
 * on after it, and may well have printed them.
 */
export const NOT_KNOWN_PRINTED_AFTER_BACKUP = '恢复自备份：旧电脑是否已打印不明，如需请补打 restored from a backup: not known to be printed; reprint if needed';

/**
 * A restored ledger's jobs still queued or printing (the backup's): marked failed, saying why, so
 * the new PC does not print a second original of a receipt the customer may hold (第三十五条: one
 * receipt a number; a copy says it is one); the teller prints a copy from the trades screen if the
 * customer needs one. How many. Reads the whole table once (no index on state, migration 030): a
 * restore's one-off, about a second on a ledger of millions of jobs.
 */
export function settleRestoredJobs(db: Database, at: string): number {
  return Number(run(db, q.updateTable('print_jobs').set({ state: 'failed', error: NOT_KNOWN_PRINTED_AFTER_BACKUP, updated_at: at })
    .where('state', 'in', ['pending', 'printing'])).changes);
}
