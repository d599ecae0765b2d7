// The sync loop: delivers the outbox to the monitoring system. Back-fills (第三十二条(二): within 24
// hours, remark 特许兑换补录, reason 02) and cancels of voided trades go out in order of deadline,
// each sent with the trade id as its serial, so a resend after a crash or a lost answer is
// recognised ("already recorded" counts as delivered). A failure that needs a person moves only
// that row to `needs_attention`; everything else waits with exponential backoff and a cap. Rows
// are never deleted. Nothing here runs inside a database transaction while the network is used.
//
// Each round first resolves the real-time intents left without their trade (intents.ts: a kill or
// a failed commit after the entry): at start (the loop's first round runs at once) and every round
// after, each is cancelled at SAFE (reason 06, remark 系统记账失败) or found never to have arrived.
import { sql } from 'kysely';
import { audit } from '../ledger/audit';
import { all, first, q, type Database } from '../ledger/sql';
import type { OutboxTable } from '../ledger/schema';
import { MonitoringError, type CancelRequest, type MonitoringAdapter } from './adapter';
import type { Entry } from './protocol';
import { dueIntentCancels, intentResolved, intentRetry, SYSTEM_ERROR_CANCEL, sweepIntents, type IntentRow } from './intents';
import { createLoop, type Loop } from '../loop';
import { countAttempt, hasCancel, markDelivered, markNeedsAttention, markRetry, queueVoidCancel } from './outbox';

type OutboxRow = Omit<OutboxTable, 'id' | 'attempts'> & { id: bigint; attempts: bigint };

export interface SyncOptions {
  /** Rows taken per round. */
  batch?: number;
  backoffBaseMs?: number;
  /** The longest wait between tries: well under the back-fill window, so a row is never stuck. */
  backoffCapMs?: number;
  /** How often the loop wakes up (real time). */
  intervalMs?: number;
  /**
   * How long after its intent an entry whose answer never came is looked up at SAFE (intents.ts
   * dueIntentCancels): longer than a real-time entry and its retry can take (realtime.ts, with the
   * client's timeouts: 2 × (2 s + 5 s) and a look-up by default). Default 60 s.
   */
  intentGraceMs?: number;
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
  const intentGrace = opts.intentGraceMs ?? 60_000;
  const backoff = (attempts: bigint) => Math.min(cap, base * 2 ** Math.min(Number(attempts) - 1, 30));

  function delivered(row: OutboxRow, refNo: string | null): void {
    const at = now().toISOString();
    db.transaction(() => {
      const changed = markDelivered(db, row.id, refNo, row.attempts + 1n, at);
      audit(db, { at, actor: 'sync', action: 'monitoring.delivered', entity: 'outbox', entityId: String(row.id), detail: { kind: row.kind, tradeId: row.trade_id, refNo } });
      // Voided while this back-fill was on its way: it is recorded now, so it must be cancelled
      // (unless the void already queued a cancel, see trades.ts voidTrade).
      if (changed === 0 && row.kind === 'backfill' && refNo && !hasCancel(db, row.trade_id)) {
        const trade = first(db, q.selectFrom('trades').select(['trade_type']).where('id', '=', row.trade_id))!;
        queueVoidCancel(db, { tradeId: row.trade_id, refNo, tradeType: trade.trade_type, now: new Date(at) });
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
        markNeedsAttention(db, row.id, attempts, message, at.toISOString());
        audit(db, { at: at.toISOString(), actor: 'sync', action: 'monitoring.needs_attention', entity: 'outbox', entityId: String(row.id), detail: { kind: row.kind, tradeId: row.trade_id, error: message } });
      })();
      return 'needsAttention';
    }
    const delay = backoff(attempts);
    markRetry(db, row.id, attempts, message, new Date(at.getTime() + delay).toISOString(), at.toISOString());
    return 'retrying';
  }

  async function deliver(row: OutboxRow): Promise<keyof SyncResult> {
    try {
      if (row.kind === 'cancel') {
        const request = JSON.parse(row.payload) as Omit<CancelRequest, 'refNo'> & { serial: string; refNo: string | null };
        // A void of a back-fill that may have reached the monitoring system (its sending was cut
        // short) does not know the reference: look the record up by the trade's serial.
        let refNo = request.refNo;
        let cancelled = false;
        if (refNo === null) {
          const record = await adapter.findBySerial(request.serial);
          // Already cancelled: by this row's own try, cut short before it was recorded (a kill).
          cancelled = record?.status === 'cancelled';
          refNo = record && (record.status === 'recorded' || cancelled) ? record.refNo : null;
        }
        // A refund's cancel (reason 06) carries its remark (trades/refund.ts); a void's (05) none.
        if (refNo !== null && !cancelled) await adapter.cancel({ refNo, tradeType: request.tradeType, reason: request.reason, ...(request.remark ? { remark: request.remark } : {}) });
        delivered(row, refNo);
      } else {
        // Written before the request leaves: a void after a crash here knows it may have arrived.
        countAttempt(db, row.id, row.attempts + 1n);
        const { refNo } = await adapter.backfill(JSON.parse(row.payload) as Entry);
        delivered(row, refNo);
      }
      return 'delivered';
    } catch (e) {
      return failed(row, e);
    }
  }

  /**
   * An entry whose trade was never booked: withdrawn at SAFE. Its reference number is known when
   * the register answered; otherwise SAFE is asked by the serial (the trade id), and an entry it
   * does not hold is recorded as never having arrived. A kill after the cancel and before its
   * outcome is recorded is harmless: the next try finds it cancelled ("already cancelled" resolves).
   */
  async function cancelIntent(intent: IntentRow): Promise<keyof SyncResult> {
    let refNo = intent.ref_no;
    try {
      if (refNo === null) {
        const record = await adapter.findBySerial(intent.serial);
        if (!record) {
          intentResolved(db, intent, null, now().toISOString());
          return 'delivered';
        }
        refNo = record.refNo;
        if (record.status === 'cancelled') {
          intentResolved(db, intent, refNo, now().toISOString());
          return 'delivered';
        }
      }
      await adapter.cancel({ refNo, tradeType: intent.trade_type, ...SYSTEM_ERROR_CANCEL });
      intentResolved(db, intent, refNo, now().toISOString());
      return 'delivered';
    } catch (e) {
      // Every failure is tried again, with the backoff: an entry left standing at SAFE counts
      // against the customer's quota, and there is no other way to withdraw it.
      const at = now();
      intentRetry(db, intent, refNo, e instanceof Error ? e.message : String(e), new Date(at.getTime() + backoff(intent.attempts + 1n)).toISOString(), at.toISOString());
      return 'retrying';
    }
  }

  // Set by runOnce({ ignoreBackoff: true }); the next round to start takes it (synchronously, before
  // its first await, so the caller can tell whether the round it got took it).
  let forceNext = false;

  async function round(): Promise<SyncResult> {
    const force = forceNext;
    forceNext = false;
    const result: SyncResult = { delivered: 0, retrying: 0, needsAttention: 0 };
    // Before the first await: intents left by a commit that will never finish become cancels.
    sweepIntents(db, now());
    for (const intent of dueIntentCancels(db, now(), intentGrace, force)) {
      const outcome = await cancelIntent(intent);
      result[outcome]++;
      if (force && outcome === 'retrying') return result;
    }
    // The rows to send are read through outbox_by_state (its condition `id > 0` said: migration
    // 027 dropped the index on (state, deadline_at), one page less per trade) and sorted: few.
    let query = q.selectFrom('outbox').selectAll().where('state', '=', 'pending').where(sql<boolean>`outbox.id > 0`);
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
    // The first round at once, not an interval later: intents left by the last life are resolved
    // at start, and what is due goes out.
    start() {
      loop.start();
      void loop.runOnce();
    },
    runOnce(opts: RoundOptions = {}): Promise<SyncResult> {
      if (!opts.ignoreBackoff) return loop.runOnce();
      forceNext = true;
      const current = loop.runOnce();
      // Still set: a round that ignored it was already under way; the next one takes it.
      return forceNext ? current.then(() => loop.runOnce()) : current;
    },
  };
}
