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
  'people', 'outbox', 'outbox_resolutions', 'reserve_banks', 'print_jobs', 'cash_transfers', 'outlet_days',
  // issue 19 item 2 (refund on another day)
  'refunds',
  // issue 19 item 3 (第三十四条): a currency's filing with SAFE
  'currency_listings',
  // issue 21 (notes kept with the trade, ledger migration 028): a transaction's notes as one row per
  // place, currency and direction. 'note_movements' above (a row per denomination) is what counters
  // before 028 sent: the hub keeps taking it, and a counter rebuilt from the hub turns it into these.
  'note_bundles',
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

const EVENT_KEYS = new Set(['seq', 'at', 'actor', 'action', 'entity', 'entityId', 'detail', 'prevHash', 'hash', 'rows']);
const TEXT_KEYS = ['at', 'actor', 'action', 'entity', 'entityId', 'detail'] as const;
const TABLES: ReadonlySet<string> = new Set(EVENT_TABLES);
const SEQ = /^[1-9]\d{0,18}$/;
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * `hubEvent`'s rules as plain code, for the hub's inbox (hub/ingest.ts), which reads 20,000 events
 * a second: zod costs nine times these checks and copies every event and row, and the garbage of
 * those copies was the largest item of the hub's profile (test/bench/hub-figures.md). The value is
 * returned as it came (JSON.parse's, not a copy). `hubEvent` stays the definition: a property test
 * (test/hub-events.test.ts) holds that both accept and refuse the same values. The problem names
 * the first field that is wrong, as zod's path does.
 */
export function readHubEvent(x: unknown): { ok: true; event: HubEvent } | { ok: false; problem: string } {
  if (!isRecord(x)) return { ok: false, problem: 'not an object' };
  for (const k in x) if (!Object.hasOwn(x, k) || !EVENT_KEYS.has(k)) return { ok: false, problem: `${k}: not a field of an event` };
  if (typeof x.seq !== 'string' || !SEQ.test(x.seq)) return { ok: false, problem: 'seq: not a sequence number' };
  for (const k of TEXT_KEYS) if (typeof x[k] !== 'string') return { ok: false, problem: `${k}: not text` };
  if (x.prevHash !== null && typeof x.prevHash !== 'string') return { ok: false, problem: 'prevHash: not text or null' };
  if (x.hash !== null && typeof x.hash !== 'string') return { ok: false, problem: 'hash: not text or null' };
  if (x.rows !== undefined) {
    if (!isRecord(x.rows)) return { ok: false, problem: 'rows: not an object' };
    for (const table in x.rows) {
      const list = x.rows[table];
      if (!TABLES.has(table)) return { ok: false, problem: `rows.${table}: not a table an event carries` };
      if (!Array.isArray(list)) return { ok: false, problem: `rows.${table}: not a list` };
      for (let i = 0; i < list.length; i++) {
        const row: unknown = list[i];
        if (!isRecord(row)) return { ok: false, problem: `rows.${table}.${i}: not an object` };
        for (const k in row) {
          const v = row[k];
          if (v !== null && typeof v !== 'string') return { ok: false, problem: `rows.${table}.${i}.${k}: not text or null` };
        }
      }
    }
  }
  return { ok: true, event: x as unknown as HubEvent };
}

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
