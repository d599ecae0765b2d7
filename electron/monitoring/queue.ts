// What the status bar and the queue screen show of the outbox: pending rows and the nearest
// deadline, rows that need a person, rows close to their deadline (an alert 4 hours before it),
// and rows that no longer need sending with the reason why.
import { sql } from 'kysely';
import { Refusal } from '../../shared/errors';
import { audit } from '../ledger/audit';
import { all, first, q, type Database } from '../ledger/sql';
import { receiptText } from '../ledger/receipts';
import type { OutboxState } from '../ledger/schema';
import type { ContactState } from './contact';
import { intentCancelsPending } from './intents';
import type { QueueRow, QueueStatus } from '../../shared/api';
import { requeue } from './outbox';

export type { QueueRow, QueueStatus };

/** 第三十二条(二) leaves 24 hours; the teller and supervisor are told 4 hours before the end. */
export const ALERT_BEFORE_DEADLINE_MS = 4 * 3_600_000;

const rowsQuery = q.selectFrom('outbox').innerJoin('trades', 'trades.id', 'outbox.trade_id')
  .select(['outbox.id', 'outbox.trade_id', 'trades.receipt_no', 'outbox.kind', 'outbox.state', 'outbox.attempts', 'outbox.deadline_at', 'outbox.next_attempt_at', 'outbox.ref_no', 'outbox.last_error']);

type Raw = ReturnType<typeof all<typeof rowsQuery>>[number];

/**
 * The monitoring system's answer code in a row's last error, which httpClient.ts writes as
 * `<operation>: <code> <message>` for a refusal: 2001 over the annual quota, 2002 the notice
 * required, 1xxx bad data. Undefined for anything else (no answer, a crash).
 */
export function refusalCodeOf(lastError: string | null): string | undefined {
  return /^\w+: (\d{4}) /.exec(lastError ?? '')?.[1];
}

function view(db: Database, r: Raw): QueueRow {
  const refusalCode = r.state === 'needs_attention' ? refusalCodeOf(r.last_error) : undefined;
  return {
    id: Number(r.id),
    tradeId: r.trade_id,
    receiptNo: Number(r.receipt_no),
    receiptText: receiptText(db, BigInt(r.receipt_no)),
    kind: r.kind,
    state: r.state,
    attempts: Number(r.attempts),
    ...(r.deadline_at ? { deadlineAt: r.deadline_at } : {}),
    ...(r.next_attempt_at && r.state === 'pending' ? { nextAttemptAt: r.next_attempt_at } : {}),
    ...(r.ref_no ? { refNo: r.ref_no } : {}),
    ...(r.last_error ? { reason: r.last_error } : {}),
    ...(refusalCode ? { refusalCode } : {}),
  };
}

/** One row of the queue as the screens show it. */
export function queueRow(db: Database, id: number | bigint): QueueRow | undefined {
  const r = first(db, rowsQuery.where('outbox.id', '=', BigInt(id)));
  return r && view(db, r);
}

export function queueStatus(db: Database, contact: ContactState, configured: boolean, now: Date): QueueStatus {
  const pending = first(db, q.selectFrom('outbox').select([sql<bigint>`count(*)`.as('n'), sql<string | null>`min(deadline_at)`.as('nearest')]).where('state', '=', 'pending').where(sql<boolean>`outbox.id > 0`))!;
  const alertFrom = new Date(now.getTime() + ALERT_BEFORE_DEADLINE_MS).toISOString();
  return {
    monitoring: {
      configured,
      online: contact.online,
      ...(contact.lastContactAt ? { lastContactAt: contact.lastContactAt } : {}),
      ...(contact.lastError ? { lastError: contact.lastError } : {}),
    },
    // With the cancels of real-time entries whose trade was never booked (intents.ts): no trade,
    // so no row of their own on the queue screen, but something still to be sent.
    pending: Number(pending.n) + intentCancelsPending(db),
    ...(pending.nearest ? { nearestDeadline: pending.nearest } : {}),
    needsAttention: all(db, rowsQuery.where('outbox.state', '=', 'needs_attention').where(sql<boolean>`outbox.id > 0`).orderBy('outbox.deadline_at')).map((r) => view(db, r)),
    alerts: all(db, rowsQuery.where('outbox.state', '=', 'pending').where(sql<boolean>`outbox.id > 0`).where('outbox.deadline_at', '<=', alertFrom).orderBy('outbox.deadline_at')).map((r) => view(db, r)),
  };
}

/**
 * Newest first. One state is read a page at a time through outbox_by_state, never sorted whole:
 * `outbox.id > 0` (true of every row) is the condition of that partial index, which only the
 * queries of one state say (this one, the queue's status and the sync loop's rows to send, since
 * migration 027 dropped the index on (state, deadline_at)), so a lookup by trade is never planned
 * onto it (migration 003).
 */
export function queueList(db: Database, state: OutboxState | undefined, limit: number): QueueRow[] {
  const base = state ? rowsQuery.where('outbox.state', '=', state).where(sql<boolean>`outbox.id > 0`) : rowsQuery;
  return all(db, base.orderBy('outbox.id', 'desc').limit(limit)).map((r) => view(db, r));
}

/** After a person fixed the cause (a supervisor's decision), a row needing attention is sent again. */
export function queueRetry(db: Database, id: number, actor: string, now: Date): QueueRow {
  return db.transaction(() => {
    const row = first(db, rowsQuery.where('outbox.id', '=', BigInt(id)));
    if (!row) throw new Refusal('QUEUE_ROW_NOT_FOUND', { id: String(id) });
    if (row.state !== 'needs_attention') throw new Refusal('QUEUE_ROW_NOT_RETRYABLE', { id: String(id), state: row.state });
    const at = now.toISOString();
    requeue(db, BigInt(id), at);
    audit(db, { at, actor, action: 'monitoring.retry', entity: 'outbox', entityId: String(id), detail: { previousError: row.last_error } });
    return view(db, { ...row, state: 'pending', next_attempt_at: at });
  }).immediate();
}
