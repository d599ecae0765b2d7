// queue.*: the outbox of entries for the monitoring system (real-time, back-fill, cancel), its
// state, a supervisor's retry or resolution, and sending now.
import { z } from 'zod';
import { approvalFields, count, date, instant, receiptNoOutput, rowId, subjectPart, text } from './fields';
import { STAFF } from './roles';
import type { DomainSpecs, Fields } from './spec';

export const outboxState = z.enum(['pending', 'delivered', 'needs_attention', 'not_needed']);
export type OutboxState = z.output<typeof outboxState>;

export const queueRow = z.strictObject({
  id: z.number().int().positive(),
  tradeId: z.string(),
  receiptNo: receiptNoOutput,
  /** The number as printed: with its book (B0007-000123), or plain (the counter's own book). */
  receiptText: z.string(),
  kind: z.enum(['realtime', 'backfill', 'cancel']),
  state: outboxState,
  attempts: count,
  deadlineAt: instant.optional(),
  nextAttemptAt: instant.optional(),
  refNo: z.string().optional(),
  reason: z.string().optional(),
  /** A row needing attention: the monitoring system's answer code (2001 over quota, 2002 notice required, …). */
  refusalCode: z.string().optional(),
});
export type QueueRow = z.output<typeof queueRow>;

/** What queue.resolve did, and the row as it now stands (for a notice given: the resend). */
export const queueResolution = z.strictObject({
  id: z.number().int().positive(),
  outboxId: z.number().int().positive(),
  tradeId: z.string(),
  receiptNo: receiptNoOutput,
  receiptText: z.string(),
  kind: z.enum(['noticeGiven', 'pageMode', 'reversed']),
  refusal: z.string(),
  refNo: z.string().optional(),
  note: z.string().optional(),
  /** noticeGiven: the person's status at SAFE (02 pre-watch, 03 watch list; 01 no longer listed). */
  personStatus: z.enum(['01', '02', '03']).optional(),
  supervisorId: z.string(),
  actor: z.string(),
  businessDate: date,
  at: instant,
  row: queueRow,
});

export const queueStatus = z.strictObject({
  monitoring: z.strictObject({
    configured: z.boolean(),
    /** Absent until the monitoring system has been contacted. */
    online: z.boolean().optional(),
    lastContactAt: instant.optional(),
    lastError: z.string().optional(),
  }),
  pending: count,
  nearestDeadline: instant.optional(),
  needsAttention: z.array(queueRow),
  alerts: z.array(queueRow),
});
export type QueueStatus = z.output<typeof queueStatus>;

export const syncResult = z.strictObject({ delivered: count, retrying: count, needsAttention: count });
export type SyncResult = z.output<typeof syncResult>;

export const queueApi = {
  'queue.status': { input: z.object({}).strict(), output: queueStatus, roles: STAFF, passive: true, query: true },
  'queue.list': {
    input: z.object({ state: z.enum(['pending', 'delivered', 'needs_attention', 'not_needed']).optional(), limit: z.number().int().positive().max(1000).default(100) }).strict(),
    output: z.array(queueRow),
    roles: STAFF,
    query: true,
    passive: true,
  },
  'queue.retry': {
    input: z.object({ id: rowId, ...approvalFields }).strict(),
    output: queueRow,
    roles: STAFF,
    approval: { subject: (i: Fields) => `outbox:${subjectPart(i.id)}`, self: true },
  },
  /**
   * A back-fill the monitoring system refused for good (第三十二条(五), docs/monitoring.md), resolved
   * by a supervisor: `noticeGiven` (refused 2002: the notice is recorded at SAFE and the entry sent
   * again with the notice flag), `pageMode` (entered on SAFE's page: its reference number), or
   * `reversed` (the customer contacted and the trade undone: what was done).
   */
  'queue.resolve': {
    input: z
      .object({
        id: rowId,
        resolution: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('noticeGiven') }).strict(),
          z.object({ kind: z.literal('pageMode'), refNo: text(40) }).strict(),
          z.object({ kind: z.literal('reversed'), note: text(200) }).strict(),
        ]),
        ...approvalFields,
      })
      .strict(),
    output: queueResolution,
    // A supervisor's decision, like a retry: a teller asks one to approve in place.
    roles: STAFF,
    /** The row and the way out chosen (with its reference number for page mode): approving one is not approving another. */
    approval: {
      subject: (i: Fields) => {
        const r = typeof i.resolution === 'object' && i.resolution !== null ? (i.resolution as Fields) : {};
        return `outbox:${subjectPart(i.id)}:${subjectPart(r.kind)}${r.kind === 'pageMode' ? `:${subjectPart(r.refNo)}` : ''}`;
      },
      self: true,
    },
  },
  /**
   * Send what is due now, without waiting for the loop. `ignoreBackoff` (the queue screen's "send
   * now"): try every pending row now, whatever its backoff, stopping at the first the monitoring
   * system cannot take; the background loop always keeps the backoff.
   */
  'queue.syncNow': { input: z.object({ ignoreBackoff: z.boolean().default(false) }).strict(), output: syncResult, roles: STAFF },
} as const satisfies DomainSpecs<'queue'>;
