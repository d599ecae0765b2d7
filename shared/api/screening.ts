// screening.*: watch-list screening (第五十四条, the institution's anti-money-laundering duty;
// issue 19 item 1): lists imported as files (the UN consolidated list's XML, any list as CSV),
// versioned; the hits the quote found; a supervisor's examination of a hit.
import { z } from 'zod';
import { actorField, count, instant, text } from './fields';
import { STAFF, SUPERVISORS } from './roles';
import type { DomainSpecs } from './spec';

export const screeningListView = z.strictObject({
  id: z.string(),
  listId: z.string(),
  version: z.number().int(),
  name: z.string(),
  format: z.enum(['un-xml', 'csv']),
  generated: z.string().nullable(),
  importedAt: instant,
  importedBy: z.string(),
  source: z.enum(['terminal', 'hub']),
  entryCount: count,
  sha256: z.string(),
  /** The list's latest version: the one the quote screens against. */
  active: z.boolean(),
});
export type ScreeningListView = z.output<typeof screeningListView>;

export const screeningHitView = z.strictObject({
  id: z.string(),
  createdAt: instant,
  businessDate: z.string(),
  customerKey: z.string(),
  customerName: z.string(),
  list: z.strictObject({ id: z.string(), listId: z.string(), name: z.string(), version: z.number().int() }),
  reference: z.string(),
  entryName: z.string(),
  matched: z.string(),
  on: z.enum(['document', 'name']),
  score: z.string(),
  threshold: z.number().int(),
  tellerId: z.string(),
  /** Absent while pending. A refusal is a suspicious-transaction report pending for the AML officer. */
  decision: z.strictObject({ decision: z.enum(['falsePositive', 'refuse']), reason: z.string(), by: z.string(), at: instant }).optional(),
});
export type ScreeningHitView = z.output<typeof screeningHitView>;

/** The longest list file taken, in characters (the UN consolidated list is ~2–3 MB). */
export const LIST_MAX_CHARS = 20_000_000;

export const screeningApi = {
  'screening.import': {
    input: z.object({
      /** The list's own id: a new file under the same id is its next version and replaces it. */
      listId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'lower-case letters, digits, . _ -'),
      name: text(200),
      format: z.enum(['un-xml', 'csv']),
      /** The file as text (an upload read by the screen). */
      content: z.string().min(1).max(LIST_MAX_CHARS),
      ...actorField,
    }).strict(),
    output: screeningListView,
    roles: SUPERVISORS,
    actor: true,
  },
  'screening.lists': {
    input: z.object({ all: z.boolean().default(false) }).strict(),
    output: z.array(screeningListView),
    roles: STAFF,
    query: true,
  },
  'screening.hits': {
    input: z.object({ state: z.enum(['pending', 'refused', 'all']).default('pending'), limit: z.number().int().positive().max(1000).default(100) }).strict(),
    output: z.array(screeningHitView),
    roles: SUPERVISORS,
    query: true,
  },
  'screening.examine': {
    input: z.object({ hitId: text(40), decision: z.enum(['falsePositive', 'refuse']), reason: text(500).refine((s) => s.trim() !== '', 'the reason is required: say why (第五十四条)'), ...actorField }).strict(),
    output: screeningHitView,
    roles: SUPERVISORS,
    actor: true,
  },
} as const satisfies DomainSpecs<'screening'>;
