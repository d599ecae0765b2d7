// Every change of state leaves an audit entry, in the same transaction as the change. The entries
// form a hash chain (migrations/005_audit_chain.sql): each one's hash covers the hash of the one
// before it, so changing, removing, inserting or reordering an entry breaks the chain from there
// on, and auditChain.ts names the first entry that does not fit.
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { AuditAction } from './auditActions';
import type { AuditTable } from './schema';
import { first, insertRows, q, run, type Database } from './sql';
import { storedForm } from '../../shared/text';
import { auditEncoding } from '../../shared/sync/events';

export interface AuditInput {
  at: string;
  actor: string;
  /** One of the list (auditActions.ts): one vocabulary for every entry. */
  action: AuditAction;
  entity: string;
  entityId: string;
  detail?: unknown;
}

/** An entry as stored: what its hash covers (every column but the hashes themselves). */
export type ChainedFields = Omit<Selectable<AuditTable>, 'prev_hash' | 'hash'>;

/** SHA-256 (hex) of an entry, over shared/sync/events.ts auditEncoding (the hub checks the same). */
export function entryHash(prevHash: string, e: ChainedFields): string {
  const encoded = auditEncoding(prevHash, { seq: e.id.toString(), at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entity_id, detail: e.detail });
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

export interface ChainStart {
  /** The id of the first chained entry; entries below it were written before the chain. */
  firstId: bigint;
  /** The prev_hash of the first chained entry. */
  genesis: string;
}

export function chainStart(db: Database): ChainStart | undefined {
  const row = first(db, q.selectFrom('audit_chain').select(['first_id', 'genesis']).where('id', '=', 1n));
  // BigInt(): a connection without safe integers (a test's, a tool's) reads a number.
  return row ? { firstId: BigInt(row.first_id), genesis: row.genesis } : undefined;
}

/** Minor units are bigint: written as exact decimal strings. */
function detailText(detail: unknown): string {
  return JSON.stringify(detail ?? {}, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * Appends an entry to the chain. Must run inside the transaction of the change it records: the
 * entry and the change commit or vanish together, and the last entry read here is still the last
 * one when this one is written (better-sqlite3 has one connection, the transaction holds the write
 * lock from its first write on, and the Terminal's writes are synchronous).
 */
export function audit(db: Database, e: AuditInput): void {
  if (!db.inTransaction) throw new Error(`audit(${e.action}) must be called inside the transaction of the change it records`);
  // Hashed exactly as stored (canonical): a string SQLite would store differently (a lone
  // surrogate becomes U+FFFD) is put in its stored form first, so the entry read back verifies.
  // The dispatcher refuses such input (shared/text.ts); this holds whatever a caller passes.
  const row = chainCursor(db).next({
    at: storedForm(e.at), actor: storedForm(e.actor), action: storedForm(e.action), entity: storedForm(e.entity),
    entity_id: storedForm(e.entityId), detail: storedForm(detailText(e.detail)),
  });
  insertRows(db, 'audit_log', [row]);
}

/**
 * An entry as another copy of this counter's trail holds it (the hub's: ledger/replay.ts rebuilds a
 * counter from it, and has checked the chain), written with its own id and hashes inside the
 * caller's transaction. An entry from before the chain (no hash) is written as it was, the trigger
 * that asks every new entry for its hash set aside for it alone.
 */
export function insertHeldEntry(db: Database, entry: Selectable<AuditTable>): void {
  if (entry.hash === null) liftingTrigger(db, 'audit_log_chained', () => run(db, q.insertInto('audit_log').values(entry)));
  else run(db, q.insertInto('audit_log').values(entry));
}

/**
 * The chain's start taken from that copy (its first chained entry's id and the genesis it links
 * to), on a ledger that has no chained entry yet: the start is fixed by a trigger once written
 * (migration 005), and this is the one place it is set again, the trigger put back as it was in the
 * same transaction.
 */
export function takeChainStart(db: Database, firstId: bigint, genesis: string): void {
  if (first(db, q.selectFrom('audit_log').select('id').where('hash', 'is not', null).limit(1))) throw new Error('takeChainStart: this ledger has a chain of its own');
  liftingTrigger(db, 'audit_chain_fixed_u', () => run(db, q.updateTable('audit_chain').set({ first_id: firstId, genesis }).where('id', '=', 1n)));
}

/** `fn` with one trigger set aside, the trigger made again from its own text after: all in the caller's transaction. */
function liftingTrigger(db: Database, name: string, fn: () => void): void {
  if (!db.inTransaction) throw new Error('a trigger is set aside inside a transaction only');
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string } | undefined;
  if (!row) throw new Error(`no trigger ${name}`);
  db.exec(`DROP TRIGGER ${name}`);
  fn();
  db.exec(row.sql);
}

/**
 * The chain continued from its tip, entry after entry, for a writer that inserts entries itself
 * (the benchmark's synthetic ledger, in bulk). Only while nothing else writes to the ledger.
 */
export function chainCursor(db: Database): { next(fields: Omit<ChainedFields, 'id'>): ChainedFields & { prev_hash: string; hash: string } } {
  const tip = chainTip(db);
  if (!tip) throw new Error('the audit chain has no start: migration 005 has not run');
  // AUTOINCREMENT's counter as well as the last row: an id once used (by an entry someone removed
  // since) is never given again, so the removal stays visible as a gap.
  let id = tip.first_id;
  for (const used of [tip.last_id, tip.seq]) if (used !== null && used + 1n > id) id = used + 1n;
  let prevHash = tip.last_id !== null && tip.last_id >= tip.first_id ? (tip.last_hash ?? '') : tip.genesis;
  return {
    next(fields) {
      const row = { id: id++, ...fields };
      const hash = entryHash(prevHash, row);
      const chained = { ...row, prev_hash: prevHash, hash };
      prevHash = hash;
      return chained;
    },
  };
}

interface Tip {
  first_id: bigint;
  genesis: string;
  last_id: bigint | null;
  last_hash: string | null;
  seq: bigint | null;
}

// One statement for everything audit() reads (sqlite_sequence is not in the Kysely schema).
const TIP_SQL = `SELECT c.first_id, c.genesis,
  (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1) AS last_id,
  (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS last_hash,
  (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log') AS seq
FROM audit_chain c WHERE c.id = 1`;
const tipStatements = new WeakMap<Database, BetterSqlite3.Statement>();

function chainTip(db: Database): Tip | undefined {
  let stmt = tipStatements.get(db);
  if (!stmt) tipStatements.set(db, (stmt = db.prepare(TIP_SQL).safeIntegers(true)));
  return stmt.get() as Tip | undefined;
}
