// The hub's inbox (issue 16, ../shared/design/hub.md "Up: events, exactly once"): a terminal's
// batch of events is stored once, in one transaction, or refused whole with a stable code:
//   - events the hub already holds must be the very same (else a fork: HUB_EVENTS_FORK); they are
//     not stored again (ON CONFLICT (terminal_id, seq) DO NOTHING) — a batch sent twice is one;
//   - the new ones must follow on from the highest contiguous sequence held (HUB_EVENTS_GAP) and
//     continue the terminal's audit chain (HUB_CHAIN_BROKEN: shared/sync/chain.ts);
// and the answer is the highest contiguous sequence now held, from which the terminal sends next.
// The head kept (sequence and hash) is the anchor outside the PC: a chain recomputed on the PC
// after the fact no longer links to it. Events are stored in monthly partitions (migration 004),
// made as months arrive; the trades among them are indexed for the counters' look-ups (lookups.ts)
// a rate a supervisor set at a counter is published to the outlet's other counters
// (reference.ts), notes sent or counted are told to the counter at the other end
// (transfers.ts), a counter's day close is noted for the outlet's (outletDays.ts), and its
// reserve movements are indexed for the institution's limits (reserves.ts), and the reports' per-day
// aggregates are summed (reportDays.ts), in the same transaction.
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { Refusal } from '../shared/errors';
import { checkChain } from '../shared/sync/chain';
import { readHubEvent, type HubEvent } from '../shared/sync/events';
import { pushEnvelope } from '../shared/sync/protocol';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';
import { indexTrades } from './lookups';
import { publishCounterRates } from './reference';
import { recordCounterDays } from './outletDays';
import { indexReserveMovements } from './reserves';
import { recordReportDays } from './reportDays';
import { indexTransfers } from './transfers';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** At most this many events in one batch (the terminal sends at most as many: electron/ledger/events.ts MAX_EVENTS). */
export const MAX_BATCH = 1_000;

export interface IngestResult {
  /** The highest contiguous sequence the hub holds for the terminal (0: none yet). */
  held: string;
  /** How many of the batch's events were new. */
  stored: number;
}

/** A terminal's sequence started (nothing held yet), unless it has one: inside the caller's transaction. */
export async function startHead(tx: Transaction<HubDB>, terminalId: string, at: Date): Promise<void> {
  await tx.insertInto('hub_heads').values({ terminal_id: terminalId, seq: 0n, hash: null, updated_at: at }).onConflict((oc) => oc.column('terminal_id').doNothing()).execute();
}

/**
 * A terminal the hub knows without a key, at an outlet known by its code alone (tests of the inbox
 * and the bench; counters are registered by HQ and enrol: outlets.ts, trust.ts).
 */
export async function registerTerminal(db: HubDatabase, t: { id: string; outletCode: string }, now: () => Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('hub_outlets').values({ code: t.outletCode, name: t.outletCode, city_code: null, address: '', created_at: now(), updated_at: now() }).onConflict((oc) => oc.column('code').doNothing()).execute();
    await tx.insertInto('hub_terminals').values({ id: t.id, outlet_code: t.outletCode, name: t.id, created_at: now() }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await startHead(tx, t.id, now());
  });
}

/** The same event, field by field (the rows as JSON: what the terminal read then must be what it sends again). */
function sameEvent(held: { at: string; actor: string; action: string; entity: string; entity_id: string; detail: string; prev_hash: string | null; hash: string | null }, e: HubEvent): boolean {
  return held.at === e.at && held.actor === e.actor && held.action === e.action && held.entity === e.entity && held.entity_id === e.entityId
    && held.detail === e.detail && held.prev_hash === e.prevHash && held.hash === e.hash;
}

/** PostgreSQL's refusals of a value (SQLSTATE class 22, data exception) as the batch's refusal; anything else as it is. */
function refuseUnstorableText(e: unknown): never {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('22')) throw new Refusal('HUB_BATCH_INVALID', { problem: `the batch holds text the database cannot store (${code}): a NUL or half a surrogate pair` });
  throw e;
}

/** The partition an event lands in: the first day of its own month (its time as the terminal wrote it). */
export function eventMonth(at: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])-/.exec(at);
  if (!m) throw new Refusal('HUB_BATCH_INVALID', { problem: `the time "${at.slice(0, 40)}" is not ISO 8601` });
  return `${m[1]}-${m[2]}-01`;
}

function nextMonth(month: string): string {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The months whose partitions this process knows exist, per database. */
const partitions = new WeakMap<HubDatabase, Set<string>>();

/**
 * The months' partitions made where missing, first thing in the transaction (before it reads the
 * events table, so two batches making the same month wait on one lock, not on each other).
 */
async function ensurePartitions(db: HubDatabase, tx: Transaction<HubDB>, months: readonly string[]): Promise<string[]> {
  const known = partitions.get(db) ?? new Set<string>();
  partitions.set(db, known);
  const missing = [...new Set(months)].filter((m) => !known.has(m));
  if (missing.length === 0) return [];
  await sql`SELECT pg_advisory_xact_lock(16016004)`.execute(tx);
  for (const m of missing) {
    const name = `hub_events_${m.slice(0, 4)}_${m.slice(5, 7)}`;
    await sql.raw(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF hub_events FOR VALUES FROM ('${m}') TO ('${nextMonth(m)}')`).execute(tx);
  }
  return missing;
}

/**
 * The push's body as it came (UTF-8 JSON: the bytes the terminal signed): the list of events (in
 * ASCII, as a terminal writes it: shared/sync/protocol.ts asciiJson), or the earlier envelope
 * `{"events": [...]}`. It is checked
 * here and handed to the server whole: PostgreSQL spreads the events from it (json_to_recordset),
 * so what is stored is what was signed, and the hub never writes a batch out again as JSON (which,
 * for a batch of 500, cost more than the checks). A bare list spares the server a pass over the
 * text (finding `events`). In an envelope, JSON.parse and PostgreSQL's json read a key given twice
 * alike (the last one counts), so the events checked are the events stored.
 */
export async function ingest(db: HubDatabase, terminalId: string, body: Buffer, now: () => Date): Promise<IngestResult> {
  if (!isUtf8(body)) throw new Refusal('HUB_BATCH_INVALID', { problem: 'the body is not UTF-8 text' });
  let envelope: unknown;
  try {
    // ASCII (as terminals send it: shared/sync/protocol.ts asciiJson) is read as one-byte text.
    envelope = JSON.parse(isAscii(body) ? body.toString('latin1') : body.toString('utf8'));
  } catch {
    throw new Refusal('HUB_BATCH_INVALID', { problem: 'the body is not JSON' });
  }
  const bare = Array.isArray(envelope);
  const parsedEnvelope = bare ? undefined : pushEnvelope.safeParse(envelope);
  if (parsedEnvelope && !parsedEnvelope.success) throw new Refusal('HUB_BATCH_INVALID', { problem: `${parsedEnvelope.error.issues[0]?.path.join('.') ?? ''} ${parsedEnvelope.error.issues[0]?.message ?? ''}` });
  const batch = parsedEnvelope?.data?.events ?? (envelope as unknown[]);
  const spread = bare ? sql`${body}::json` : sql`${body}::json -> 'events'`;
  if (batch.length > MAX_BATCH) throw new Refusal('HUB_BATCH_INVALID', { problem: `${batch.length} events, more than ${MAX_BATCH}` });
  const events: HubEvent[] = batch.map((raw, i) => {
    const read = readHubEvent(raw);
    if (!read.ok) throw new Refusal('HUB_BATCH_INVALID', { problem: `event ${i + 1}: ${read.problem}` });
    return read.event;
  });
  for (let i = 1; i < events.length; i++) {
    if (BigInt(events[i]!.seq) !== BigInt(events[i - 1]!.seq) + 1n) throw new Refusal('HUB_BATCH_INVALID', { problem: `event ${events[i]!.seq} does not follow ${events[i - 1]!.seq} in the batch` });
  }
  const months = events.map((e) => eventMonth(e.at));
  let made: string[] = [];
  const result = await db.transaction().execute(async (tx) => {
    made = await ensurePartitions(db, tx, months);
    // The head, locked: two batches of one terminal are taken one after the other.
    const head = await tx.selectFrom('hub_heads').select(['seq', 'hash']).where('terminal_id', '=', terminalId).forUpdate().executeTakeFirst();
    if (!head) throw new Refusal('HUB_TERMINAL_UNKNOWN', { terminal: terminalId.slice(0, 64) });
    const heldSeq = BigInt(head.seq);
    if (events.length === 0) return { held: String(heldSeq), stored: 0 };
    const from = BigInt(events[0]!.seq);
    if (from > heldSeq + 1n) throw new Refusal('HUB_EVENTS_GAP', { held: String(heldSeq), from: String(from), next: String(heldSeq + 1n) });
    // Those already held: the same, or a fork.
    const known = events.filter((e) => BigInt(e.seq) <= heldSeq);
    if (known.length > 0) {
      const rows = await tx.selectFrom('hub_events').select(['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash'])
        .where('terminal_id', '=', terminalId).where('seq', '>=', BigInt(known[0]!.seq)).where('seq', '<=', BigInt(known.at(-1)!.seq)).orderBy('seq').execute();
      const bySeq = new Map(rows.map((r) => [String(r.seq), r]));
      for (const e of known) {
        const held = bySeq.get(e.seq);
        if (!held || !sameEvent(held, e)) throw new Refusal('HUB_EVENTS_FORK', { seq: e.seq });
      }
    }
    const fresh = events.filter((e) => BigInt(e.seq) > heldSeq);
    if (fresh.length === 0) return { held: String(heldSeq), stored: 0 };
    const chain = checkChain(heldSeq === 0n ? undefined : { seq: String(heldSeq), hash: head.hash }, fresh, nodeSha256);
    if (!chain.ok) {
      if (chain.problem === 'gap') throw new Refusal('HUB_EVENTS_GAP', { held: String(heldSeq), from: chain.seq, next: String(heldSeq + 1n) });
      throw new Refusal('HUB_CHAIN_BROKEN', { seq: chain.seq, problem: chain.problem === 'hash' ? 'the entry does not match its hash' : 'the entry does not link to the one before' });
    }
    const at = now();
    // The body as one parameter, spread by the server: a thousand events as 13,000 bound
    // parameters cost more to build, send and plan than the insert itself. node-postgres sends a
    // Buffer as it is (json's binary form is its UTF-8 text; PGlite's driver passes it as text).
    // Those held already are the same (checked above) and left out. Text PostgreSQL cannot hold
    // (a NUL, half a surrogate pair, both of which JSON can spell) is refused like any malformed
    // batch.
    const inserted = await sql`
      INSERT INTO hub_events (terminal_id, seq, month, at, actor, action, entity, entity_id, detail, prev_hash, hash, rows, received_at)
      -- The month: eventMonth's rule (its first 7 characters), which every event passed above.
      SELECT ${terminalId}, e.seq, (left(e.at, 7) || '-01')::date, e.at, e.actor, e.action, e.entity, e."entityId", e.detail, e."prevHash", e.hash, e.rows, ${at}
      FROM json_to_recordset(${spread})
        AS e(seq BIGINT, at TEXT, actor TEXT, action TEXT, entity TEXT, "entityId" TEXT, detail TEXT, "prevHash" TEXT, hash TEXT, rows JSON)
      WHERE e.seq > ${heldSeq}
      ON CONFLICT (terminal_id, seq, month) DO NOTHING`.execute(tx).catch(refuseUnstorableText);
    const trades = await indexTrades(db, tx, terminalId, fresh);
    await publishCounterRates(tx, terminalId, fresh, at);
    await indexTransfers(tx, terminalId, fresh, at);
    await recordCounterDays(tx, terminalId, fresh);
    const movements = await indexReserveMovements(tx, terminalId, fresh);
    await recordReportDays(tx, terminalId, fresh, trades, movements);
    const last = fresh.at(-1)!;
    await tx.updateTable('hub_heads').set({ seq: BigInt(last.seq), hash: last.hash, updated_at: at }).where('terminal_id', '=', terminalId).execute();
    // Stored: a flag from a refused push is over (its ledger put right, or restored from the hub).
    await tx.updateTable('hub_terminals').set({ chain_problem: null, chain_problem_seq: null, chain_problem_at: null }).where('id', '=', terminalId).where('chain_problem', 'is not', null).execute();
    return { held: last.seq, stored: Number(inserted.numAffectedRows ?? 0n) };
  }).catch(async (e: unknown) => {
    // A chain that does not verify is flagged for HQ (the live view, the anchors), after the
    // refused transaction, then refused as before.
    if (e instanceof Refusal && (e.code === 'HUB_CHAIN_BROKEN' || e.code === 'HUB_EVENTS_FORK')) {
      await db.updateTable('hub_terminals').set({ chain_problem: e.code, chain_problem_seq: BigInt(e.failure.details?.seq ?? '0'), chain_problem_at: now() }).where('id', '=', terminalId).execute();
    }
    throw e;
  });
  // Known once committed: a transaction rolled back may have made none.
  for (const m of made) partitions.get(db)!.add(m);
  return result;
}

/** What the hub holds of a terminal: its head (the anchor) and how many events. */
export async function terminalState(db: HubDatabase, terminalId: string): Promise<{ held: string; hash: string | null; events: string } | undefined> {
  const head = await db.selectFrom('hub_heads').select(['seq', 'hash']).where('terminal_id', '=', terminalId).executeTakeFirst();
  if (!head) return undefined;
  const count = await db.selectFrom('hub_events').select(sql<string>`count(*)::text`.as('n')).where('terminal_id', '=', terminalId).executeTakeFirstOrThrow();
  return { held: String(head.seq), hash: head.hash, events: count.n };
}
