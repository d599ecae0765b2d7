// The API contract of the audit trail (issue #7 item 3): checking its hash chain and listing its
// entries for the supervisor. Input and output schemas, merged into shared/contract.ts `methods`
// and shared/contractOutputs.ts `outputs`; the chain itself is electron/ledger/audit.ts.
import { z } from 'zod';

const count = z.number().int().min(0);
const entryId = z.number().int().positive();

export const auditMethods = {
  /** Recomputes the audit trail's hash chain and names the first entry that does not fit. */
  'audit.verify': z.object({}).strict(),
  /**
   * A manager records that the chain's first break was examined (what was found, in `note`), with
   * a second person's approval: the chain is checked on from the broken entry (or, for missing
   * entries, the next one) as it is stored now, and the break stays listed by audit.verify.
   */
  'audit.examineBreak': z
    .object({
      entryId,
      note: z.string().min(1).max(500),
      actor: z.string().min(1).max(64).optional(),
      approval: z.string().min(1).max(200).optional(),
      supervisorId: z.string().min(1).max(64).optional(),
    })
    .strict(),
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
  /**
   * Breaks a manager examined (audit.examineBreak, with a second person's approval): the chain
   * was checked on from each one's anchor; they stay listed here and on the day-close print.
   */
  examined: z.array(z.strictObject({ id: entryId, reason: auditBreak, examinedAt: z.string(), examinedBy: z.string() })).optional(),
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
  'audit.examineBreak': z.strictObject({ examined: z.strictObject({ id: entryId, reason: auditBreak }), verification: auditVerification }),
  'audit.list': z.array(auditEntryView),
} as const;

export type AuditBreak = z.output<typeof auditBreak>;
export type AuditVerification = z.output<typeof auditVerification>;
export type AuditEntryView = z.output<typeof auditEntryView>;
