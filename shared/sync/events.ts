// The events a terminal sends the hub (issue 16, ../shared/design/hub.md "Up: events"), pure so
// that the terminal that makes them and the hub that takes them read one definition.
//
// The terminal's sequence is its audit trail: every change the institution must know is audited in
// the same transaction as the change (the house rule: trades, voids, attempts, reserve and note
// movements, day closes, people, rates, …), and the audit log's ids are gapless and chained by
// hash (electron/ledger/audit.ts). An event is one audit entry, exactly as stored (what its hash
// covers), with the ledger rows the change wrote (`rows`, by table): a trade with its postings and
// notes, a void with its reversal, a day close with its balances. So the events are complete by the
// same rule that makes the trail complete, the sequence is the chain's, and the hub verifies each
// terminal's chain as events arrive (chain.ts) and keeps its head: the anchor outside the PC.
import { z } from 'zod';

/** A ledger row as it travels: every integer (minor units, counts, ids) as an exact decimal string. */
export const eventRow = z.record(z.string(), z.union([z.string(), z.null()]));
export type EventRow = z.infer<typeof eventRow>;

/** The tables whose rows an event may carry (the hub's copy of a terminal's books). */
export const EVENT_TABLES = [
  'trades', 'voids', 'attempts', 'customers', 'postings', 'note_movements', 'reserve_movements', 'reserve_accounts', 'basic_account',
  'day_closes', 'day_balances', 'day_costs', 'handovers', 'rates', 'usd_conversion_rates', 'policy_versions', 'calendar_years',
  'people', 'outbox',
] as const;
export type EventTable = (typeof EVENT_TABLES)[number];

export const hubEvent = z.strictObject({
  /** The terminal's sequence: the audit entry's id, 1, 2, 3, … with no gap. */
  seq: z.string().regex(/^[1-9]\d{0,18}$/),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  /** The entry's detail as stored: JSON text, hashed as it is. */
  detail: z.string(),
  /** The chain: null only for entries written before it (migration 005). */
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
  /** What the change wrote, by table (absent for an entry that only records, e.g. a sign-in). */
  rows: z.partialRecord(z.enum(EVENT_TABLES), z.array(eventRow)).optional(),
});
export type HubEvent = z.infer<typeof hubEvent>;

/** Bumped if the encoding ever changes (old entries keep theirs: it is part of what is hashed). */
const ENCODING = 'audit/1';

export type HashedFields = Pick<HubEvent, 'seq' | 'at' | 'actor' | 'action' | 'entity' | 'entityId' | 'detail'>;

/**
 * What an audit entry's hash covers, written once for the terminal (electron/ledger/audit.ts, which
 * hashes it with node:crypto) and the hub: a JSON array of strings, so no two different lists of
 * fields encode alike (JSON escapes every quote and control character: no field runs into the
 * next). The id is in it, so an entry moved to another place does not verify there.
 */
export function auditEncoding(prevHash: string, e: HashedFields): string {
  return JSON.stringify([ENCODING, prevHash, e.seq, e.at, e.actor, e.action, e.entity, e.entityId, e.detail]);
}
