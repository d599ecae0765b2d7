// Checking the audit chain (audit.ts writes it): every entry from the chain's start on is read in
// id order, its link to the entry before and its own hash recomputed. The first entry that does
// not fit is named, with why: its hash does not match what it says (an entry was edited), its
// prev_hash is not the hash of the entry before (an entry was inserted, swapped or replaced), or
// ids are missing before it (entries were removed). The day close calls verifyAuditChain; the
// supervisor's screen calls audit.verify and audit.list.
//
// What a chain alone cannot show: someone who can write the file, knows this code and rewrites
// every entry after the one they changed makes a chain that verifies. The head (id and hash of
// the last entry) printed on the day-close report is what catches that: a later check from that
// head (`from`) must still find it.
import { Refusal } from '../../shared/errors';
import type { Parsed } from '../../shared/api';
import type { AuditBreak, AuditEntryView, AuditVerification } from '../../shared/api';
import { isIsoDate } from '../../shared/time';
import { chainStart, entryHash } from './audit';
import { sql, type Selectable } from 'kysely';
import { AUDIT_BY_ACTION_CONDITION, indexedByAction } from './auditActions';
import type { AuditTable } from './schema';
import { all, first, q, type Database } from './sql';

/** An entry as stored, hashes and all. */
export type StoredEntry = Selectable<AuditTable>;

/** The entries from an id on, a slice at a time (a slice's rows are in memory while it is checked). */
const ENTRIES_FROM = 'SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log WHERE id >= ? ORDER BY id LIMIT ?';

/** Entries a slice: ~4 ms of SHA-256 here, a few MB of rows at most. */
export const AUDIT_SLICE = 1_000;

function broken(e: StoredEntry, reason: AuditBreak, missing?: { fromId: number; toId: number }): NonNullable<AuditVerification['firstBroken']> {
  return { id: Number(e.id), at: e.at, action: e.action, reason, ...(missing ? { missing } : {}) };
}

/**
 * A break a manager examined, with a second person's approval (audit.examineBreak): recorded as an
 * entry of the chain itself ('audit.breakExamined'), naming the broken entry and the entry the
 * chain resumes from (its stored hash), so one damaged or poisoned entry cannot stop an outlet
 * closing its days for ever. The break stays listed in every verification (`examined`), and the
 * anchor must still have the hash the examination saw: a later change there is a new break.
 */
export interface BreakExamination {
  brokenId: number;
  reason: AuditBreak;
  /**
   * The entry the chain resumes from, none for entries missing at the end: its stored hash, and
   * the hash its fields and stored prev_hash give now (`content`), so a later edit shows.
   */
  anchor?: { id: number; hash: string; content: string };
  /** For entries missing at the end: the last missing id. */
  missingTo?: number;
  examinedAt: string;
  examinedBy: string;
}

export const BREAK_EXAMINED = 'audit.breakExamined' as const;

/** What an entry's fields hash to with its stored prev_hash (equal to its hash when untouched). */
export function contentHash(e: StoredEntry): string {
  return entryHash(e.prev_hash ?? '', e);
}

function examinations(db: Database): Map<number, BreakExamination> {
  // The condition of the partial index by action (migration 027) said, so it is used.
  const rows = db.prepare(`SELECT at, actor, detail FROM audit_log WHERE action = ? AND ${AUDIT_BY_ACTION_CONDITION} ORDER BY id`).all(BREAK_EXAMINED) as { at: string; actor: string; detail: string }[];
  const byId = new Map<number, BreakExamination>();
  for (const r of rows) {
    const d = JSON.parse(r.detail) as Omit<BreakExamination, 'examinedAt' | 'examinedBy'>;
    byId.set(d.brokenId, { ...d, examinedAt: r.at, examinedBy: r.actor });
  }
  return byId;
}

/**
 * Recomputes the chain. `from`: a head known to be good (the last day close's); the check then
 * starts there instead of at the chain's first entry, and that entry must still have that hash.
 * A break examined (audit.examineBreak) is passed over from its anchor on, and listed.
 */
export function verifyAuditChain(db: Database, opts: { from?: { id: number; hash: string } } = {}): AuditVerification {
  const check = auditChainCheck(db, opts);
  while (!check.step(AUDIT_SLICE)) {
    // The next slice, at once.
  }
  return check.result();
}

/** The chain checked a slice at a time: `step` checks up to `limit` more entries and says whether it is done. */
export interface AuditChainCheck {
  step(limit: number): boolean;
  /** What verifyAuditChain returns; only once `step` said done. */
  result(): AuditVerification;
}

/**
 * verifyAuditChain in slices, so a caller can let other work run between them (the day close lets
 * SAFE's record pages come in: dayClose/prepare.ts). The slices read the entries by id from where
 * the last one ended; an entry written between two slices is checked like the others.
 */
export function auditChainCheck(db: Database, opts: { from?: { id: number; hash: string } } = {}): AuditChainCheck {
  /** A check settled before any slice (no chain start, a head that is not there any more). */
  const finished = (v: AuditVerification): AuditChainCheck => ({ step: () => true, result: () => v });
  const examined = examinations(db);
  const passed: NonNullable<AuditVerification['examined']> = [];
  const read = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).safeIntegers(true).get(...params) as T | undefined;
  const start = chainStart(db);
  const unchained = Number(first(db, q.selectFrom('audit_log').select((eb) => eb.fn.countAll<bigint>().as('n')).where('id', '<', start?.firstId ?? 1n))!.n);
  const result = (entries: number, head: StoredEntry | undefined, firstBroken?: AuditVerification['firstBroken']): AuditVerification => ({
    ok: firstBroken === undefined,
    entries,
    unchained,
    ...(head?.hash ? { head: { id: Number(head.id), hash: head.hash } } : {}),
    ...(firstBroken ? { firstBroken } : {}),
    ...(passed.length > 0 ? { examined: passed } : {}),
  });
  /** The examination of a break at `id` for `reason` whose anchor is `anchor` as stored, if any. */
  const examinedAt = (id: bigint, reason: AuditBreak, anchor: StoredEntry | undefined): BreakExamination | undefined => {
    const x = examined.get(Number(id));
    if (!x || x.reason !== reason) return undefined;
    if (anchor === undefined ? x.anchor !== undefined : x.anchor?.id !== Number(anchor.id) || x.anchor.hash !== anchor.hash || x.anchor.content !== contentHash(anchor)) return undefined;
    passed.push({ id: x.brokenId, reason: x.reason, examinedAt: x.examinedAt, examinedBy: x.examinedBy });
    return x;
  };

  if (!start) {
    // The start was removed: no entry can be vouched for.
    const earliest = read<StoredEntry>('SELECT * FROM audit_log WHERE hash IS NOT NULL ORDER BY id LIMIT 1');
    return finished(result(0, undefined, earliest ? broken(earliest, 'prev link broken') : undefined));
  }

  let expectedId = start.firstId;
  let prev = start.genesis;
  let head: StoredEntry | undefined;
  let entries = 0;
  if (opts.from) {
    const anchor = read<StoredEntry>('SELECT * FROM audit_log WHERE id = ?', BigInt(opts.from.id));
    if (!anchor) return finished(result(0, undefined, { id: opts.from.id, reason: 'missing entry (gap in ids)', missing: { fromId: opts.from.id, toId: opts.from.id } }));
    if (anchor.hash !== opts.from.hash || anchor.prev_hash === null || entryHash(anchor.prev_hash, anchor) !== anchor.hash) {
      return finished(result(0, undefined, broken(anchor, 'hash mismatch')));
    }
    expectedId = anchor.id + 1n;
    prev = anchor.hash;
    head = anchor;
  }

  const entriesFrom = db.prepare(ENTRIES_FROM).safeIntegers(true);
  /** The entries of one slice; undefined while the chain holds, else where and why it breaks. */
  const checkSlice = (rows: readonly StoredEntry[]): AuditVerification['firstBroken'] | undefined => {
    for (const e of rows) {
      // A break examined: the chain resumes from its anchor (this entry) as stored.
      const resume = (id: bigint, reason: AuditBreak): boolean => {
        if (e.hash === null || !examinedAt(id, reason, e)) return false;
        entries++;
        prev = e.hash;
        head = e;
        expectedId = e.id + 1n;
        return true;
      };
      if (e.id !== expectedId) {
        if (resume(expectedId, 'missing entry (gap in ids)')) continue;
        return broken(e, 'missing entry (gap in ids)', { fromId: Number(expectedId), toId: Number(e.id - 1n) });
      }
      if (e.prev_hash !== prev) {
        if (resume(e.id, 'prev link broken')) continue;
        return broken(e, 'prev link broken');
      }
      if (e.hash === null || entryHash(e.prev_hash, e) !== e.hash) {
        if (resume(e.id, 'hash mismatch')) continue;
        return broken(e, 'hash mismatch');
      }
      entries++;
      prev = e.hash;
      head = e;
      expectedId++;
    }
    return undefined;
  };
  /** After the last entry. */
  const atEnd = (): AuditVerification => {
    // Entries removed from the end leave no gap between rows, but AUTOINCREMENT's counter
    // remembers the ids it gave.
    const seq = read<{ seq: bigint }>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
    if (seq && seq.seq >= expectedId) {
      const x = examined.get(Number(expectedId));
      if (!(x && x.reason === 'missing entry (gap in ids)' && x.anchor === undefined && x.missingTo !== undefined && BigInt(x.missingTo) >= seq.seq && examinedAt(expectedId, x.reason, undefined))) {
        return result(entries, head, { id: Number(expectedId), reason: 'missing entry (gap in ids)', missing: { fromId: Number(expectedId), toId: Number(seq.seq) } });
      }
    }
    return result(entries, head);
  };
  let done: AuditVerification | undefined;
  return {
    step(limit: number): boolean {
      if (done) return true;
      if (!Number.isInteger(limit) || limit < 1) throw new Error(`auditChainCheck: a slice of ${limit} entries`);
      const rows = entriesFrom.all(expectedId, limit) as StoredEntry[];
      const firstBroken = checkSlice(rows);
      if (firstBroken) done = result(entries, head, firstBroken);
      else if (rows.length < limit) done = atEnd();
      return done !== undefined;
    },
    result(): AuditVerification {
      if (!done) throw new Error('auditChainCheck: result() before the last step');
      return done;
    },
  };
}

/** The first instant of a business date (China, UTC+8) as stored: UTC ISO-8601. */
function dayStart(date: string, field: string): string {
  if (!isIsoDate(date)) throw new Refusal('INVALID_INPUT', { field, problemZh: '须为 YYYY-MM-DD', problemEn: 'must be a date YYYY-MM-DD' });
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** The supervisor's audit screen: newest first, by business dates (inclusive) and action. */
export function listAudit(db: Database, input: Parsed<'audit.list'>): AuditEntryView[] {
  let query = q.selectFrom('audit_log').select(['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'hash']);
  if (input.from !== undefined) query = query.where('at', '>=', dayStart(input.from, 'from'));
  if (input.to !== undefined) query = query.where('at', '<', new Date(Date.parse(dayStart(input.to, 'to')) + 86_400_000).toISOString());
  if (input.action !== undefined) {
    query = query.where('action', '=', input.action);
    // A rarer action by the partial index on (action, at); the counter's every-trade actions by
    // time, newest first, where they are found at once (migration 027).
    if (indexedByAction(input.action)) query = query.where(sql.raw<boolean>(AUDIT_BY_ACTION_CONDITION));
  }
  return all(db, query.orderBy('at', 'desc').orderBy('id', 'desc').limit(input.limit)).map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detail: JSON.parse(r.detail) as unknown,
    chained: r.hash !== null,
  }));
}
