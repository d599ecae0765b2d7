// The ledger before and after a call, and the shape of a refusal (test/bad-input.test.ts,
// test/fuzz.test.ts): a refused call writes nothing, except the documented exceptions (an attempt
// row for a counter-rule refusal, a counted wrong password for a refused sign-in).
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { ERRORS, detailsIn, fillMessage, type Failure, type Result } from '../../shared/errors';
import type { Database } from '../../electron/ledger/sql';

// ---- the ledger before and after ----

export type Counts = Record<string, bigint>;

export function tableNames(db: Database): string[] {
  return db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
}

/** The row count of every table in the ledger (integers come back as BigInt). */
export function rowCounts(db: Database): Counts {
  const counts: Counts = {};
  for (const name of tableNames(db)) counts[name] = db.prepare(`select count(*) from "${name}"`).pluck().get() as bigint;
  return counts;
}

export const jsonWithBigints = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/** A digest of every row of every table (and of sqlite_sequence), so an UPDATE shows too. */
export function tableDigests(db: Database): Record<string, string> {
  const names = [...tableNames(db)];
  if (db.prepare("select 1 from sqlite_master where name = 'sqlite_sequence'").get()) names.push('sqlite_sequence');
  const out: Record<string, string> = {};
  for (const name of names) {
    // A WITHOUT ROWID table (note_bundles, migration 028) has no rowid: its primary key orders it.
    const withoutRowid = name !== 'sqlite_sequence' && Number(db.prepare('select wr from pragma_table_list where name = ?').pluck().get(name)) === 1;
    const order = withoutRowid ? (db.prepare('select name from pragma_table_info(?) where pk > 0 order by pk').pluck().all(name) as string[]).map((c) => `"${c}"`).join(', ') : 'rowid';
    const rows = db.prepare(`select * from "${name}" order by ${order}`).raw().all();
    out[name] = createHash('sha256').update(jsonWithBigints(rows)).digest('hex');
  }
  return out;
}

export interface Snapshot {
  counts: Counts;
  digests: Record<string, string>;
  auditMaxId: bigint | null;
}

export function snapshot(db: Database): Snapshot {
  return {
    counts: rowCounts(db),
    digests: tableDigests(db),
    auditMaxId: db.prepare('select max(id) from audit_log').pluck().get() as bigint | null,
  };
}

export function expectUnchanged(before: Snapshot, after: Snapshot, what: string): void {
  expect(after.counts, `${what}: row counts changed`).toEqual(before.counts);
  expect(after.auditMaxId, `${what}: audit_log grew`).toBe(before.auditMaxId);
  expect(after.digests, `${what}: table content changed`).toEqual(before.digests);
}

/** A refused sign-in (or approval): the count of wrong passwords and the audit log, nothing else. */
export function expectOnlySignInRecorded(before: Snapshot, after: Snapshot, what: string): void {
  const others = (d: Record<string, string>) => Object.fromEntries(Object.entries(d).filter(([t]) => !['people', 'audit_log', 'audit_chain', 'sqlite_sequence'].includes(t)));
  expect(others(after.digests), `${what}: tables other than people and audit_log changed`).toEqual(others(before.digests));
}

/** A counter-rule refusal: exactly one attempt and one audit entry, every other table untouched. */
export function expectOnlyAttemptWritten(before: Snapshot, after: Snapshot, what: string): void {
  const expected: Counts = { ...before.counts, attempts: before.counts.attempts! + 1n, audit_log: before.counts.audit_log! + 1n };
  expect(after.counts, `${what}: row counts`).toEqual(expected);
  const others = (d: Record<string, string>) => Object.fromEntries(Object.entries(d).filter(([t]) => t !== 'attempts' && t !== 'audit_log' && t !== 'sqlite_sequence'));
  expect(others(after.digests), `${what}: tables other than attempts and audit_log changed`).toEqual(others(before.digests));
}

// ---- the answer ----

/** A Failure with a catalogued code and both messages, every placeholder of the templates filled. */
export function expectWellFormedFailure(f: Failure): void {
  expect(Object.hasOwn(ERRORS, f.code), `unknown error code ${String(f.code)}`).toBe(true);
  const entry = ERRORS[f.code];
  for (const lang of ['zh', 'en'] as const) {
    const text = f.message[lang];
    expect(typeof text).toBe('string');
    expect(text.trim().length, `${f.code}: empty ${lang} message`).toBeGreaterThan(0);
    for (const m of entry[lang].matchAll(/\{(\w+)\}/g)) {
      expect(f.details?.[m[1]!], `${f.code}: {${m[1]}} of the ${lang} message is not filled`).toBeTypeOf('string');
    }
    // Each language from its own words where the refusal gives them (issue 20 item 3: `roleZh`, `roleEn`).
    expect(text).toBe(fillMessage(entry[lang], detailsIn(f.details ?? {}, lang)));
  }
}

export function describeResult(r: Result<unknown>): string {
  return r.ok ? `ok: ${jsonWithBigints(r.value).slice(0, 300)}` : `${r.error.code}: ${r.error.message.en}`;
}
