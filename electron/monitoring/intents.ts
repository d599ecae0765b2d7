// Real-time entries and the trades behind them (第三十二条(一), 第三十六条(二)–(三)). The entry is
// made at SAFE before the trade is committed, so there is a moment when SAFE holds an entry the
// ledger does not: a kill then, or a commit that fails after the entry, would leave a record at
// SAFE with no trade behind it, counted against the customer's day and annual quota until someone
// noticed. So the terminal writes an intent (trade id, serial, the entry) in its own transaction
// before the request leaves, marks it committed in the trade's own transaction, and resolves any
// other: the checking and correcting 第三十二条(五) asks for.
//
// An intent without its trade is never completed, always withdrawn: the trade did not happen.
// The customer got no receipt (第三十五条, 第三十六条(四)) and no money (第三十六条(五)); the quote it
// was made from is gone (quote tokens are signed with a key held in memory only, so none survives
// a restart); and the teller, told the commit failed, deals with the customer again, so a trade
// booked now from the stored entry would count cash that never moved, or the same trade twice.
// SAFE's entry is cancelled with reason 06 and remark 系统记账失败 (the bank-side practice for an
// entry whose booking failed), or found never to have arrived, and the outcome is recorded.
//
// This module is the one writer of realtime_intents (migrations/010_realtime_intents.sql).
import { sql } from 'kysely';
import { audit } from '../ledger/audit';
import { all, first, q, run, type Database } from '../ledger/sql';
import type { RealtimeIntentTable } from '../ledger/schema';
import type { CancelRequest } from './adapter';
import type { MonitoringEntry } from './entry';

/** The cancel of an entry whose trade was never booked: reason 06 (other), with its remark. */
export const SYSTEM_ERROR_CANCEL = { reason: '06', remark: '系统记账失败' } as const satisfies Pick<CancelRequest, 'reason' | 'remark'>;

export type IntentRow = Omit<RealtimeIntentTable, 'id' | 'attempts'> & { id: bigint; attempts: bigint };

/**
 * The commits of this connection (this process's life) whose entry is on its way: their intents
 * are open and must stay so. Anything else open belongs to a commit that will never finish (a
 * process killed, a failure that could not record itself). Per connection, not per module: a
 * ledger closed and opened again in one process (the tests) is a new life.
 */
const underWay = new WeakMap<Database, Set<string>>();

function commitsUnderWay(db: Database): Set<string> {
  let set = underWay.get(db);
  if (!set) underWay.set(db, (set = new Set()));
  return set;
}

/**
 * Written, and committed to disk, before the entry is sent: if SAFE ever holds the entry, the
 * ledger holds its intent. The commit is under way until `intentSettled`.
 */
export function recordIntent(db: Database, entry: MonitoringEntry, meta: { businessDate: string; tellerId: string; at: string }): void {
  commitsUnderWay(db).add(entry.serial);
  try {
    db.transaction(() => {
      run(db, q.insertInto('realtime_intents').values({
        trade_id: entry.serial, serial: entry.serial, trade_type: entry.tradeType, payload: JSON.stringify(entry),
        business_date: meta.businessDate, teller_id: meta.tellerId, created_at: meta.at, state: 'open',
        ref_no: null, next_attempt_at: null, last_error: null, updated_at: meta.at,
      }));
    }).immediate();
  } catch (e) {
    commitsUnderWay(db).delete(entry.serial);
    throw e;
  }
}

/** The commit of this trade is over, however it ended: its intent is no longer under way. */
export function intentSettled(db: Database, tradeId: string): void {
  commitsUnderWay(db).delete(tradeId);
}

/**
 * In the trade's own transaction: the entry SAFE holds has its trade now. Throws (so nothing is
 * committed) unless the intent is still open: a trade is never booked on an entry being cancelled.
 */
export function intentCommitted(db: Database, tradeId: string, refNo: string, at: string): void {
  const changed = run(db, q.updateTable('realtime_intents').set({ state: 'committed', ref_no: refNo, updated_at: at })
    .where('trade_id', '=', tradeId).where('state', '=', 'open')).changes;
  if (changed !== 1) throw new Error(`the real-time entry of trade ${tradeId} has no open intent: not committed`);
}

/**
 * A live intent for this trade id (open, committed, being cancelled or cancelled): SAFE may hold,
 * or have held, an entry with this serial, so a commit must not enter it again.
 */
export function liveIntent(db: Database, tradeId: string): Pick<IntentRow, 'state'> | undefined {
  return first(db, q.selectFrom('realtime_intents').select('state').where('trade_id', '=', tradeId).where('state', '<>', 'not_at_safe'));
}

function openIntent(db: Database, tradeId: string): IntentRow | undefined {
  return first(db, q.selectFrom('realtime_intents').selectAll().where('trade_id', '=', tradeId).where('state', '=', 'open')) as IntentRow | undefined;
}

/**
 * The entry was not made: SAFE answered with a refusal, or was never reached (a transient
 * failure: nothing was done). Nothing to cancel. Its own transaction; a no-op unless open.
 */
export function intentNotMade(db: Database, tradeId: string, at: string, why: string): void {
  db.transaction(() => {
    const intent = openIntent(db, tradeId);
    if (!intent) return;
    run(db, q.updateTable('realtime_intents').set({ state: 'not_at_safe', last_error: why, updated_at: at }).where('id', '=', intent.id));
    audit(db, { at, actor: 'system', action: 'monitoring.intent_not_made', entity: 'realtime_intent', entityId: tradeId, detail: { why } });
  }).immediate();
}

/**
 * The trade will not be committed, and SAFE holds the entry (its reference number known) or may
 * hold it (no answer, a kill): it is to be cancelled by the sync loop. Its own transaction; a
 * no-op unless open.
 */
export function abandonIntent(db: Database, tradeId: string, at: string, refNo: string | null, why: string): void {
  db.transaction(() => {
    const intent = openIntent(db, tradeId);
    if (intent) abandon(db, intent, at, refNo, why);
  }).immediate();
}

function abandon(db: Database, intent: IntentRow, at: string, refNo: string | null, why: string): void {
  run(db, q.updateTable('realtime_intents')
    .set({ state: 'cancelling', ref_no: refNo, next_attempt_at: at, last_error: why, updated_at: at })
    .where('id', '=', intent.id));
  audit(db, { at, actor: 'system', action: 'monitoring.intent_abandoned', entity: 'realtime_intent', entityId: intent.trade_id, detail: { refNo, why } });
}

/**
 * At start and every round of the sync loop: each open intent whose commit is not under way in
 * this life was left by a commit that will never finish. Without its trade (always, the two
 * being written together) it is to be cancelled. Local only: SAFE is asked when it is delivered.
 */
export function sweepIntents(db: Database, now: Date): number {
  const busy = commitsUnderWay(db);
  const open = all(db, q.selectFrom('realtime_intents').select(['id', 'trade_id']).where('state', '=', 'open').orderBy('id'))
    .filter((i) => !busy.has(i.trade_id));
  if (open.length === 0) return 0;
  const at = now.toISOString();
  db.transaction(() => {
    for (const { trade_id } of open) {
      const intent = openIntent(db, trade_id);
      if (!intent) continue;
      // Not possible (the trade's transaction marks its intent), but if it were, the trade stands.
      if (first(db, q.selectFrom('trades').select('id').where('id', '=', trade_id))) {
        run(db, q.updateTable('realtime_intents').set({ state: 'committed', updated_at: at }).where('id', '=', intent.id));
        audit(db, { at, actor: 'sync', action: 'monitoring.intent_committed', entity: 'realtime_intent', entityId: trade_id, detail: { found: 'trade' } });
        continue;
      }
      abandon(db, intent, at, null, 'the commit did not finish (the terminal stopped, or failed, after the intent)');
    }
  }).immediate();
  return open.length;
}

/**
 * The cancels due: every intent being cancelled whose next try has come (or all, `force`), but one
 * whose entry may still be on its way (no reference number: its request was sent by a commit
 * that never heard back) only once `graceMs` have passed since it was made, longer than the entry
 * and its retries can take: asked before then, SAFE might say "not here" of an entry that is
 * about to arrive.
 */
export function dueIntentCancels(db: Database, now: Date, graceMs: number, force: boolean): IntentRow[] {
  const settledBefore = new Date(now.getTime() - graceMs).toISOString();
  let query = q.selectFrom('realtime_intents').selectAll().where('state', '=', 'cancelling')
    .where((eb) => eb.or([eb('ref_no', 'is not', null), eb('created_at', '<=', settledBefore)]));
  if (!force) query = query.where('next_attempt_at', '<=', now.toISOString());
  return all(db, query.orderBy('id')) as IntentRow[];
}

/** How many cancels are still to be delivered (the queue's pending count includes them). */
export function intentCancelsPending(db: Database): number {
  return Number(first(db, q.selectFrom('realtime_intents').select(sql<bigint>`count(*)`.as('n')).where('state', '=', 'cancelling'))!.n);
}

/** The outcome, recorded: SAFE's entry is cancelled (`refNo`), or SAFE never had it (null). */
export function intentResolved(db: Database, intent: IntentRow, refNo: string | null, at: string): void {
  db.transaction(() => {
    const changed = run(db, q.updateTable('realtime_intents')
      .set({ state: refNo ? 'cancelled' : 'not_at_safe', ref_no: refNo ?? intent.ref_no, attempts: intent.attempts + 1n, last_error: null, updated_at: at })
      .where('id', '=', intent.id).where('state', '=', 'cancelling')).changes;
    if (changed === 0) return;
    audit(db, {
      at, actor: 'sync', action: refNo ? 'monitoring.intent_cancelled' : 'monitoring.intent_not_at_safe', entity: 'realtime_intent', entityId: intent.trade_id,
      detail: { refNo, ...(refNo ? SYSTEM_ERROR_CANCEL : {}) },
    });
  }).immediate();
}

/** A try that failed: tried again at `nextAt`; a reference number found on the way is kept. */
export function intentRetry(db: Database, intent: IntentRow, refNo: string | null, error: string, nextAt: string, at: string): void {
  run(db, q.updateTable('realtime_intents')
    .set({ attempts: intent.attempts + 1n, ref_no: intent.ref_no ?? refNo, last_error: error, next_attempt_at: nextAt, updated_at: at })
    .where('id', '=', intent.id).where('state', '=', 'cancelling'));
}

/** Which of these serials are entries the terminal is having cancelled (for the reconciliation). */
export function cancelsDue(db: Database, serials: string[]): Set<string> {
  if (serials.length === 0) return new Set();
  return new Set(all(db, q.selectFrom('realtime_intents').select('serial').where('trade_id', 'in', serials).where('state', '=', 'cancelling')).map((r) => r.serial));
}
