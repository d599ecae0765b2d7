// The reporting queue's methods (the outbox to SAFE's monitoring system, 第三十二条): its state, its
// rows, a supervisor's retry or resolution of a row that needs attention, and a round sent now.
import { Refusal } from '../../../shared/errors';
import { queueList, queueRetry, queueStatus } from '../../monitoring/queue';
import { resolveQueueRow } from '../../monitoring/resolve';
import type { HandlersOf } from '../services';

export const queueHandlers = {
  'queue.status': (ctx) => queueStatus(ctx.db, ctx.contact, ctx.monitoring !== undefined, ctx.now()),
  'queue.list': (ctx, input) => queueList(ctx.db, input.state, input.limit),
  'queue.retry': (ctx, input, call) => {
    const approver = call.approver;
    if (approver === undefined) throw new Refusal('SUPERVISOR_REQUIRED', { why: 'queue.retry', whyZh: '重新报送', whyEn: 'retrying a report' });
    return call.act(() => queueRetry(ctx.db, input.id, approver, ctx.now()));
  },
  // A back-fill refused for good: the supervisor's way out (monitoring/resolve.ts). The notice
  // operation or a reference look-up is awaited first; the approval is used in the resolution's
  // transaction (Call.act).
  'queue.resolve': (ctx, input, call) => {
    const supervisorId = call.approver;
    if (supervisorId === undefined) throw new Refusal('SUPERVISOR_REQUIRED', { why: 'queue.resolve', whyZh: '处理被拒补录', whyEn: 'resolving a refused back-fill' });
    const sync = ctx.sync;
    return resolveQueueRow({
      db: ctx.db,
      adapter: ctx.monitoring,
      now: ctx.now,
      act: call.act,
      ...(sync ? { sendNow: () => sync.runOnce() } : {}),
    }, { id: input.id, resolution: input.resolution, supervisorId, actor: call.caller?.id ?? supervisorId });
  },
  'queue.syncNow': (ctx, input) => ctx.sync?.runOnce({ ignoreBackoff: input.ignoreBackoff }) ?? { delivered: 0, retrying: 0, needsAttention: 0 },
} satisfies HandlersOf<'queue'>;
