// audit.*: the audit trail (issue #7 item 3): checking its hash chain, recording that a break was
// examined, and listing its entries for the supervisor. The chain itself is electron/ledger/audit.ts.
import { z } from 'zod';
import { count, subjectPart } from './fields';
import { MANAGER, SUPERVISORS } from './roles';
import type { DomainSpecs, Fields } from './spec';

const entryId = z.number().int().positive();

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

export type AuditBreak = z.output<typeof auditBreak>;
export type AuditVerification = z.output<typeof auditVerification>;
export type AuditEntryView = z.output<typeof auditEntryView>;

export const auditApi = {
  /** Recomputes the audit trail's hash chain and names the first entry that does not fit. */
  'audit.verify': { input: z.object({}).strict(), output: auditVerification, roles: SUPERVISORS, query: true },
  /**
   * A manager records that the chain's first break was examined (what was found, in `note`), with
   * a second person's approval: the chain is checked on from the broken entry (or, for missing
   * entries, the next one) as it is stored now, and the break stays listed by audit.verify.
   */
  'audit.examineBreak': {
    input: z
      .object({
        entryId,
        note: z.string().min(1).max(500),
        actor: z.string().min(1).max(64).optional(),
        approval: z.string().min(1).max(200).optional(),
        supervisorId: z.string().min(1).max(64).optional(),
      })
      .strict(),
    output: z.strictObject({ examined: z.strictObject({ id: entryId, reason: auditBreak }), verification: auditVerification }),
    // A manager records the examination; a second person (supervisor or manager) approves it.
    roles: MANAGER,
    /** The broken entry (never self-approved: four eyes). */
    approval: { subject: (i: Fields) => `auditBreak:${subjectPart(i.entryId)}` },
    actor: true,
  },
  /** The supervisor's audit screen: newest first; business dates from/to (inclusive), one action. */
  'audit.list': {
    input: z
      .object({
        // TODO(dates): from and to, re-checked by isIsoDate in electron/ledger/auditChain.ts dayStart.
        from: z.string().max(10).optional(),
        to: z.string().max(10).optional(),
        action: z.string().min(1).max(60).optional(),
        limit: z.number().int().positive().max(1000).default(100),
      })
      .strict(),
    output: z.array(auditEntryView),
    roles: SUPERVISORS,
    query: true,
  },
} as const satisfies DomainSpecs<'audit'>;
