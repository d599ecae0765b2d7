// The sync loop: delivers the outbox to the monitoring system. Back-fills (第三十二条(二): within 24
// hours, remark 特许兑换补录, reason 02) and cancels of voided trades go out in order of deadline,
// each sent with the trade id as its serial, so a resend after a crash or a lost answer is
// recognised ("already recorded" counts as delivered). A failure that needs a person moves only
// that row to `needs_attention`; everything else waits with exponential backoff and a cap. Rows
// are never deleted. Nothing here runs inside a database transaction while the network is used.
import { audit } from '../ledger/audit';
import { all, first, q, run, type Database } from '../ledger/sql';
import type { OutboxTable } from '../ledger/schema';
import { MonitoringError, type CancelRequest, type MonitoringAdapter } from './adapter';
import type { Entry } from './protocol';
import { createLoop, type Loop } from '../loop';

type OutboxRow = Omit<OutboxTable, 'id' | 'attempts'> & { id: bigint; attempts: bigint };

export interface SyncOptions {
  /** Rows taken per round. */
  batch?: number;
  backoffBaseMs?: number;
  /** The longest wait between tries: well under the back-fill window, so a row is never stuck. */
  backoffCapMs?: number;
  /** How often the loop wakes up (real time). */
  intervalMs?: number;
}

export interface SyncResult {
  delivered: number;
  retrying: number;
  needsAttention: number;
}

export interface RoundOptions {
  /**
   * A person asked to send now (queue.syncNow): every pending row is tried, whatever its backoff
   * says, and the round stops at the first row the monitoring system cannot take now (no
   * connection, busy, no answer), so the supervisor learns at once that it is still down instead
   * of waiting for every row to time out. The background loop never sets it.
   */
  ignoreBackoff?: boolean;
}

/**
 * One round over the rows that are due (or, with ignoreBackoff, every pending row). Never throws.
 * Rounds never overlap: a call while a round runs shares it, or, asking to ignore the backoff
 * when the running round does not, gets the next round, which does.
 */
export interface Sync extends Loop<SyncResult> {
  runOnce(opts?: RoundOptions): Promise<SyncResult>;
}

export function createSync(db: Database, adapter: MonitoringAdapter, now: () => Date, opts: SyncOptions = {}): Sync {
  const batch = opts.batch ?? 50;
  const base = opts.backoffBaseMs ?? 5_000;
  const cap = opts.backoffCapMs ?? 10 * 60_000;
  const interval = opts.intervalMs ?? 5_000;

  function delivered(row: OutboxRow, refNo: string | null): void {
    const at = now().toISOString();
    db.transaction(() => {
      const changed = run(db, q.updateTable('outbox')
        .set({ state: 'delivered', ref_no: refNo, attempts: row.attempts + 1n, last_error: null, updated_at: at })
        .where('id', '=', row.id).where('state', '=', 'pending')).changes;
      audit(db, { at, actor: 'sync', action: 'monitoring.delivered', entity: 'outbox', entityId: String(row.id), detail: { kind: row.kind, tradeId: row.trade_id, refNo } });
      // Voided while this back-fill was on its way: it is recorded now, so it must be cancelled
      // (unless the void already queued a cancel, see trades.ts voidTrade).
      const cancelQueued = first(db, q.selectFrom('outbox').select('id').where('trade_id', '=', row.trade_id).where('kind', '=', 'cancel')) !== undefined;
      if (changed === 0 && row.kind === 'backfill' && refNo && !cancelQueued) {
        const trade = first(db, q.selectFrom('trades').select(['trade_type']).where('id', '=', row.trade_id))!;
        run(db, q.insertInto('outbox').values({
          trade_id: row.trade_id, kind: 'cancel',
          payload: JSON.stringify({ serial: row.trade_id, refNo, tradeType: trade.trade_type, reason: '05' }),
          deadline_at: new Date(now().getTime() + 24 * 3_600_000).toISOString(),
          state: 'pending', next_attempt_at: at, ref_no: null, created_at: at, updated_at: at,
        }));
      }
    })();
  }

  function failed(row: OutboxRow, e: unknown): 'retrying' | 'needsAttention' {
    const at = now();
    const attempts = row.attempts + 1n;
    const message = e instanceof Error ? e.message : String(e);
    const permanent = !(e instanceof MonitoringError) || e.kind === 'permanent';
    if (permanent) {
      db.transaction(() => {
        run(db, q.updateTable('outbox').set({ state: 'needs_attention', attempts, last_error: message, updated_at: at.toISOString() })
          .where('id', '=', row.id).where('state', '=', 'pending'));
        audit(db, { at: at.toISOString(), actor: 'sync', action: 'monitoring.needs_attention', entity: 'outbox', entityId: String(row.id), detail: { kind: row.kind, tradeId: row.trade_id, error: message } });
      })();
      return 'needsAttention';
    }
    const delay = Math.min(cap, base * 2 ** Math.min(Number(attempts) - 1, 30));
    run(db, q.updateTable('outbox')
      .set({ attempts, last_error: message, next_attempt_at: new Date(at.getTime() + delay).toISOString(), updated_at: at.toISOString() })
      .where('id', '=', row.id).where('state', '=', 'pending'));
    return 'retrying';
  }

  async function deliver(row: OutboxRow): Promise<keyof SyncResult> {
    try {
      if (row.kind === 'cancel') {
        const request = JSON.parse(row.payload) as Omit<CancelRequest, 'refNo'> & { serial: string; refNo: string | null };
        // A void of a back-fill that may have reached the monitoring system (its sending was cut
        // short) does not know the reference: look the record up by the trade's serial.
        let refNo = request.refNo;
        if (refNo === null) {
          const record = await adapter.findBySerial(request.serial);
          refNo = record?.status === 'recorded' ? record.refNo : null;
        }
        if (refNo !== null) await adapter.cancel({ refNo, tradeType: request.tradeType, reason: request.reason });
        delivered(row, refNo);
      } else {
        // Written before the request leaves: a void after a crash here knows it may have arrived.
        run(db, q.updateTable('outbox').set({ attempts: row.attempts + 1n }).where('id', '=', row.id).where('state', '=', 'pending'));
        const { refNo } = await adapter.backfill(JSON.parse(row.payload) as Entry);
        delivered(row, refNo);
      }
      return 'delivered';
    } catch (e) {
      return failed(row, e);
    }
  }

  // Set by runOnce({ ignoreBackoff: true }); the next round to start takes it (synchronously, before
  // its first await, so the caller can tell whether the round it got took it).
  let forceNext = false;

  async function round(): Promise<SyncResult> {
    const force = forceNext;
    forceNext = false;
    const result: SyncResult = { delivered: 0, retrying: 0, needsAttention: 0 };
    let query = q.selectFrom('outbox').selectAll().where('state', '=', 'pending');
    if (!force) query = query.where('next_attempt_at', '<=', now().toISOString()).limit(batch);
    const rows = all(db, query.orderBy('deadline_at').orderBy('id')) as OutboxRow[];
    for (const row of rows) {
      const outcome = await deliver(row);
      result[outcome]++;
      if (force && outcome === 'retrying') break;
    }
    return result;
  }

  const loop = createLoop(round, () => ({ delivered: 0, retrying: 0, needsAttention: 0 }), interval);
  return {
    ...loop,
    runOnce(opts: RoundOptions = {}): Promise<SyncResult> {
      if (!opts.ignoreBackoff) return loop.runOnce();
      forceNext = true;
      const current = loop.runOnce();
      // Still set: a round that ignored it was already under way; the next one takes it.
      return forceNext ? current.then(() => loop.runOnce()) : current;
    },
  };
}
