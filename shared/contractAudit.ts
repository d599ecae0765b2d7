// The API contract of the audit trail (issue #7 item 3): checking its hash chain and listing its
// entries for the supervisor. Input and output schemas, merged into shared/contract.ts `methods`
// and shared/contractOutputs.ts `outputs`; the chain itself is electron/ledger/audit.ts.
import { z } from 'zod';

const count = z.number().int().min(0);
const entryId = z.number().int().positive();

export const auditMethods = {
  /** Recomputes the audit trail's hash chain and names the first entry that does not fit. */
  'audit.verify': z.object({}).strict(),
  /** The supervisor's audit screen: newest first; business dates from/to (inclusive), one action. */
  'audit.list': z
    .object({
      from: z.string().max(10).optional(),
      to: z.string().max(10).optional(),
      action: z.string().min(1).max(60).optional(),
      limit: z.number().int().positive().max(1000).default(100),
    })
    .strict(),
} as const;

/** Why an entry does not fit the chain. */
export const auditBreak = z.enum(['hash mismatch', 'prev link broken', 'missing entry (gap in ids)']);

export const auditVerification = z.strictObject({
  ok: z.boolean(),
  /** Chained entries that verified, up to the first broken one. */
  entries: count,
  /** Entries written before the chain started (before migration 005): listed, not verifiable. */
  unchained: count,
  /** The last entry that verified: printed at the day close, a later check can start from it. */
  head: z.strictObject({ id: entryId, hash: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  /** The first entry that does not fit; `at` and `action` are absent when that entry is itself missing. */
  firstBroken: z
    .strictObject({
      id: entryId,
      at: z.string().optional(),
      action: z.string().optional(),
      reason: auditBreak,
      /** The ids that are missing, for a gap. */
      missing: z.strictObject({ fromId: entryId, toId: entryId }).optional(),
    })
    .optional(),
});

export const auditEntryView = z.strictObject({
  id: entryId,
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  /** What the change was, as recorded (JSON; amounts as decimal strings). */
  detail: z.unknown(),
  /** False for entries written before the chain started. */
  chained: z.boolean(),
});

export const auditOutputs = {
  'audit.verify': auditVerification,
  'audit.list': z.array(auditEntryView),
} as const;

export type AuditBreak = z.output<typeof auditBreak>;
export type AuditVerification = z.output<typeof auditVerification>;
export type AuditEntryView = z.output<typeof auditEntryView>;
