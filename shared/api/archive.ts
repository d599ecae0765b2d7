// archive.*: each closed business day's archive (issue 19 item 7; 第三十五条(三), 第三十二条(二),
// 第四十九条): the institution copy of every receipt of the day and the day's back-fill list, one
// PDF kept in the ledger (encrypted with it, in its backups) at least 3 years. Listed with its
// size and SHA-256, verified against the ledger, downloaded (audited), and made on demand for a
// closed day that has none (a crash between the close and the archive).
import { z } from 'zod';
import { date, instant, isoDate } from './fields';
import { READ_REPORTS, SUPERVISORS } from './roles';
import type { DomainSpecs } from './spec';

export const archiveEntry = z.strictObject({
  businessDate: date,
  /** 'made': the PDF is kept; 'missing': the day is closed but has no archive yet. */
  state: z.enum(['made', 'missing']),
  madeAt: instant.optional(),
  madeBy: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  sha256: z.string().optional(),
  receipts: z.number().int().nonnegative().optional(),
  backfills: z.number().int().nonnegative().optional(),
  /** Kept at least until this day (第四十九条: 3 years or the policy's longer period). */
  retainUntil: date.optional(),
});
export type ArchiveEntry = z.output<typeof archiveEntry>;

export const archiveCheck = z.strictObject({
  businessDate: date,
  ok: z.boolean(),
  /** Each check by name: the stored hash and size, the audit entry of its making, the PDF's shape, the content against the ledger. */
  checks: z.array(z.strictObject({ name: z.enum(['sha256', 'size', 'auditEntry', 'pdf', 'content']), ok: z.boolean(), detail: z.string() })),
});

const range = z.strictObject({ from: isoDate.optional(), to: isoDate.optional(), limit: z.number().int().positive().max(400).default(60) });

export const archiveApi = {
  /** The closed days, newest first, each with its archive or marked missing. */
  'archive.list': { input: range, output: z.array(archiveEntry), roles: READ_REPORTS, query: true, example: {} },
  /** Recomputes each archive's hash and size, checks them against the audit entry of its making, and re-renders its content from the ledger. */
  'archive.verify': { input: range, output: z.array(archiveCheck), roles: READ_REPORTS, query: true, example: {} },
  /** A day's PDF (it shows customers unmasked: supervisors only). Audited. */
  'archive.get': {
    input: z.strictObject({ date: isoDate }),
    output: z.strictObject({ fileName: z.string(), mimeType: z.string(), base64: z.string(), sha256: z.string() }),
    roles: SUPERVISORS,
  },
  /** Makes the archive of closed days that have none (all of them, or the one named). */
  'archive.make': {
    input: z.strictObject({ date: isoDate.optional() }),
    output: z.array(archiveEntry),
    roles: SUPERVISORS,
    example: {},
  },
} as const satisfies DomainSpecs<'archive'>;
