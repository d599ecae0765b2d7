// The hub bench's re-runs (step 5 of ../hub.ts) and the sketch they compare with the hub's ingest
// (ingestSketch: NOT the hub's code), with the plain-code event check and the pieces of SQL that
// the profile's insert alternatives (./profile.ts) share with it. Kept apart so that the code
// that is not the hub's stays in one place, marked as such, and out of the hub's own ingest.
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { HubDatabase } from '../../../hub/db/open';
import { ingest } from '../../../hub/ingest';
import { EVENT_TABLES, hubEvent, type EventRow, type HubEvent } from '../../../shared/sync/events';
import { int, say, type Options } from './common';
import type { Engine } from './database';
import { countRows, push, type Ingest, type PushRun } from './push';
import { chainHash, firstEvents, type Sim } from './terminals';

/** hub_events' columns, in the order the sketch's insert and the profile's alternatives give them. */
export const EVENT_COLUMNS = ['terminal_id', 'seq', 'month', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash', 'rows', 'received_at'] as const;
/** A batch's events as json_to_recordset() takes them apart (`AS e(…)`), the rows of the given type. */
export const eventRecord = (rowsType: string) => `e(seq bigint, at text, actor text, action text, entity text, "entityId" text, detail text, "prevHash" text, hash text, rows ${rowsType})`;
/** What such a record gives hub_events, from seq to rows (the terminal before, received_at after). */
export const EVENT_FIELDS = `e.seq, (substr(e.at, 1, 7) || '-01')::date, e.at, e.actor, e.action, e.entity, e."entityId", e.detail, e."prevHash", e.hash, e.rows`;

/** A trade's customer as hub/lookups.ts keys it: the institution's HMAC of the ID document. */
export function customerKey(key: Buffer, t: EventRow): string {
  return createHmac('sha256', key).update(`${t.id_type}:${t.id_number}:${t.country}`, 'utf8').digest('hex');
}

/**
 * NOT the hub's ingest: a sketch of the profile's suggestions, to put a number on them. It has no
 * fork check, no partition making, no counter rates published, no refusal codes (the bench's
 * batches need none). The same validation (zod, or the same rules as plain code), the same chain
 * rule with node:crypto's SHA-256 instead of @noble/hashes, the head locked the same way; the
 * batch's events and its trades each inserted as ONE JSON parameter taken apart by the server
 * (json_to_recordset) instead of a VALUES list of 13 parameters a row; `rowsType` is the type of
 * hub_events.rows the re-run gave the column.
 */
const sketchKeys = new WeakMap<HubDatabase, Buffer>();
const ingestSketch = (rowsType: 'jsonb' | 'json', validate: 'zod' | 'by hand'): Ingest => async (db, terminalId, body, at) => {
  const events = (JSON.parse(body.toString('utf8')) as unknown[]).map((x) => {
    if (validate === 'zod') return hubEvent.parse(x);
    if (!checkedByHand(x)) throw new Error('sketch: an event the hand-written check refuses');
    return x as HubEvent;
  });
  let key = sketchKeys.get(db);
  if (!key) {
    key = Buffer.from((await db.selectFrom('hub_settings').select('customer_key').executeTakeFirstOrThrow()).customer_key, 'hex');
    sketchKeys.set(db, key);
  }
  const hmac = key;
  return db.transaction().execute(async (tx) => {
    const head = await tx.selectFrom('hub_heads').select(['seq', 'hash']).where('terminal_id', '=', terminalId).forUpdate().executeTakeFirstOrThrow();
    let prev = head.hash;
    let seq = BigInt(head.seq);
    for (const e of events) {
      if (BigInt(e.seq) !== seq + 1n || (prev !== null && e.prevHash !== prev)) throw new Error(`sketch: ${terminalId} ${e.seq} does not follow on`);
      if (e.hash !== null && chainHash(e.prevHash ?? '', e) !== e.hash) throw new Error(`sketch: ${terminalId} ${e.seq} hash`);
      prev = e.hash;
      seq++;
    }
    const received = at();
    const inserted = await sql<{ n: string }>`WITH ins AS (
      INSERT INTO hub_events (${sql.raw(EVENT_COLUMNS.join(', '))})
      SELECT ${terminalId}, ${sql.raw(EVENT_FIELDS)}, ${received}::timestamptz
      FROM json_to_recordset(${JSON.stringify(events)}::json) AS ${sql.raw(eventRecord(rowsType))}
      ON CONFLICT (terminal_id, seq, month) DO NOTHING RETURNING 1)
      SELECT count(*)::text AS n FROM ins`.execute(tx);
    const trades = events.filter((e) => e.action === 'trade.commit').flatMap((e) => e.rows?.trades ?? []).map((t) => ({
      trade_id: t.id, receipt_no: t.receipt_no, business_date: t.business_date, direction: t.direction, kind: t.kind, usd: t.usd_equivalent,
      rmb_minor: t.rmb_minor, fee_minor: t.fee_minor, original_receipt_no: t.original_receipt_no ?? null,
      customer_key: customerKey(hmac, t),
    }));
    if (trades.length > 0) {
      await sql`INSERT INTO hub_trades (terminal_id, trade_id, receipt_no, business_date, customer_key, direction, kind, usd, rmb_minor, fee_minor, original_receipt_no)
        SELECT ${terminalId}, t.trade_id, t.receipt_no, t.business_date, t.customer_key, t.direction, t.kind, t.usd, t.rmb_minor, t.fee_minor, t.original_receipt_no
        FROM json_to_recordset(${JSON.stringify(trades)}::json) AS t(trade_id text, receipt_no bigint, business_date date, customer_key text, direction text, kind text, usd text, rmb_minor bigint, fee_minor bigint, original_receipt_no bigint)
        ON CONFLICT (terminal_id, trade_id) DO NOTHING`.execute(tx);
    }
    const voided = events.filter((e) => e.action === 'trade.void').map((e) => e.entityId);
    if (voided.length > 0) await tx.updateTable('hub_trades').set({ voided: true }).where('terminal_id', '=', terminalId).where('trade_id', 'in', voided).execute();
    const last = events.at(-1)!;
    await tx.updateTable('hub_heads').set({ seq: BigInt(last.seq), hash: last.hash, updated_at: received }).where('terminal_id', '=', terminalId).execute();
    return { held: last.seq, stored: Number(inserted.rows[0]?.n ?? 0) };
  });
};

const TABLES = new Set<string>(EVENT_TABLES);
const EVENT_KEYS = new Set(['seq', 'at', 'actor', 'action', 'entity', 'entityId', 'detail', 'prevHash', 'hash', 'rows']);
const SEQ = /^[1-9]\d{0,18}$/;

/** shared/sync/events.ts hubEvent's rules written out as plain code: what zod costs beside them. */
export function checkedByHand(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const e = x as Record<string, unknown>;
  for (const k in e) if (!EVENT_KEYS.has(k)) return false;
  if (typeof e.seq !== 'string' || !SEQ.test(e.seq)) return false;
  for (const k of ['at', 'actor', 'action', 'entity', 'entityId', 'detail']) if (typeof e[k] !== 'string') return false;
  for (const k of ['prevHash', 'hash']) if (e[k] !== null && typeof e[k] !== 'string') return false;
  if (e.rows === undefined) return true;
  if (typeof e.rows !== 'object' || e.rows === null || Array.isArray(e.rows)) return false;
  for (const [table, list] of Object.entries(e.rows)) {
    if (!TABLES.has(table) || !Array.isArray(list)) return false;
    for (const row of list as unknown[]) {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) return false;
      for (const k in row) {
        const v = (row as Record<string, unknown>)[k];
        if (v !== null && typeof v !== 'string') return false;
      }
    }
  }
  return true;
}

// ---- the re-runs ----

export interface Rerun {
  label: string;
  /** One run a round. */
  runs: PushRun[];
}

/**
 * The same terminals' first events again, from emptied tables, each way in turn, round after round
 * (so that a change of the machine's load falls on every way alike): the hub's ingest, and the
 * suggestions sketched (ingestSketch) adding one at a time; the rows stored as JSON instead of
 * JSONB last (the column's type changed, on the empty table, in this throw-away database).
 */
export async function reruns(e: Engine, sims: Sim[], o: Options): Promise<Rerun[]> {
  const again = firstEvents(sims, o.rerunEvents, o.batch);
  const ways: [string, Ingest, 'jsonb' | 'json'][] = [
    ['the hub\'s ingest', ingest, 'jsonb'],
    ['sketch: node:crypto SHA-256; the events and the trades each inserted as one JSON parameter (json_to_recordset)', ingestSketch('jsonb', 'zod'), 'jsonb'],
    ['sketch, and the events checked by plain code instead of zod', ingestSketch('jsonb', 'by hand'), 'jsonb'],
    ['sketch, checked by plain code, and hub_events.rows JSON instead of JSONB', ingestSketch('json', 'by hand'), 'json'],
  ];
  const runs = new Map<string, PushRun[]>(ways.map(([label]) => [label, []]));
  let type: 'jsonb' | 'json' = 'jsonb';
  for (let round = 1; round <= o.rerunRounds; round++) {
    for (const [label, fn, rowsType] of ways) {
      await sql`TRUNCATE hub_events, hub_trades`.execute(e.db);
      await sql`UPDATE hub_heads SET seq = 0, hash = NULL`.execute(e.db);
      if (rowsType !== type) {
        await sql.raw(`ALTER TABLE hub_events ALTER COLUMN rows TYPE ${rowsType} USING rows::${rowsType}`).execute(e.db);
        type = rowsType;
      }
      await sql`VACUUM ANALYZE hub_heads`.execute(e.db);
      await sql`CHECKPOINT`.execute(e.db);
      const r = await push(e, again, o.concurrency, false, fn);
      const held = await countRows(e.db, 'hub_events');
      if (Number(held) !== r.events) throw new Error(`${label}: ${held} events held, ${r.events} pushed`);
      runs.get(label)!.push(r);
    }
    say(`${e.name}: re-runs, round ${round} of ${o.rerunRounds} (events/s): ${ways.map(([label]) => int(runs.get(label)!.at(-1)!.events / runs.get(label)!.at(-1)!.seconds)).join(', ')}`);
  }
  return [...runs].map(([label, list]) => ({ label, runs: list }));
}
