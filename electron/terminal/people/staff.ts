// The staff (柜员, 主管, 经理 and the reporters): the people table and its rules (issue #7). Every
// change of a person is audited in its transaction. A customer is never a person here: customers
// are the trades' (electron/terminal/trades/).
import { MAX_FAILED_SIGN_INS, type Role } from '../../../shared/api';
import { Refusal } from '../../../shared/errors';
import { audit } from '../../ledger/audit';
import type { PersonTable } from '../../ledger/schema';
import { changed, heldRead } from '../../ledger/held';
import { first, q, run, type Database } from '../../ledger/sql';

export interface Person {
  id: string;
  name: string;
  role: Role;
}

export function findPerson(db: Database, id: string): PersonTable | undefined {
  return first(db, q.selectFrom('people').selectAll().where('id', '=', id));
}

/**
 * The person behind a session, checked at every call (auth/sessions.ts): held in memory per
 * connection (issue 21, ledger/held.ts). Every write of the people table is in this file and
 * forgets it first (`write`), so a person disabled or locked, here or by the hub's pull, is
 * refused at the next call.
 */
export function sessionPerson(db: Database, id: string): PersonTable | undefined {
  return heldRead(db, 'people', id, () => findPerson(db, id));
}

/** A write of the people table: what is held of it forgotten, then the write. */
function write(db: Database, query: Parameters<typeof run>[1]): ReturnType<typeof run> {
  changed(db, 'people');
  return run(db, query);
}

export function anyPerson(db: Database): boolean {
  return first(db, q.selectFrom('people').select('id').limit(1)) !== undefined;
}

export const personOf = (p: Pick<PersonTable, 'id' | 'name' | 'role'>): Person => ({ id: p.id, name: p.name, role: p.role });

/** Writes a new person and its audit entry; inside the caller's transaction. */
export function insertPerson(db: Database, p: Person & { passwordHash: string }, at: string, by: string): Person {
  if (findPerson(db, p.id)) throw new Refusal('PERSON_EXISTS', { id: p.id });
  write(db, q.insertInto('people').values({
    id: p.id, name: p.name, role: p.role, password_hash: p.passwordHash, password_set_at: at,
    created_at: at, created_by: by, disabled_at: null, disabled_by: null, failed_attempts: 0n, locked_at: null,
  }));
  audit(db, { at, actor: by, action: 'person.create', entity: 'person', entityId: p.id, detail: { name: p.name, role: p.role } });
  return personOf(p);
}

export function existing(db: Database, id: string): PersonTable {
  const p = findPerson(db, id);
  if (!p) throw new Refusal('PERSON_NOT_KNOWN', { id });
  return p;
}

/**
 * A wrong password for a person who exists: one more in a row, and at the fifth the person is
 * locked. Written whatever the caller then answers (the count is the point). A lock takes effect
 * at once: the person's open sessions end and the approvals they gave or asked for, unused, are
 * void (auth/sessions.ts lockOut); otherwise a session opened before the lock would go on working.
 */
export function recordWrongPassword(deps: { db: Database; now: () => Date; lockOut: (personId: string) => void }, p: PersonTable, action: 'auth.signIn' | 'person.setPassword', by: string): { locked: boolean } {
  const db = deps.db;
  const at = deps.now().toISOString();
  const { locked, locks } = db.transaction(() => {
    const now = existing(db, p.id);
    const failed = now.failed_attempts + 1n;
    const locks = now.locked_at === null && failed >= BigInt(MAX_FAILED_SIGN_INS);
    write(db, q.updateTable('people').set({ failed_attempts: failed, ...(locks ? { locked_at: at } : {}) }).where('id', '=', p.id));
    audit(db, { at, actor: by, action: `${action}.failed`, entity: 'person', entityId: p.id, detail: { failedInARow: String(failed) } });
    if (locks) audit(db, { at, actor: 'system', action: 'person.lock', entity: 'person', entityId: p.id, detail: { after: String(failed) } });
    return { locked: locks || now.locked_at !== null, locks };
  }).immediate();
  if (locks) deps.lockOut(p.id);
  return { locked };
}

/** The right password: the count of wrong ones starts again (nothing is written when it is 0). */
export function recordRightPassword(db: Database, p: PersonTable): void {
  if (p.failed_attempts === 0n) return;
  write(db, q.updateTable('people').set({ failed_attempts: 0n }).where('id', '=', p.id).where('locked_at', 'is', null));
}

/** A person who may sign in or approve: known, enabled, not locked. Refusals write nothing. */
export function usable(p: PersonTable | undefined): PersonTable {
  if (!p) throw new Refusal('SIGN_IN_FAILED');
  if (p.disabled_at !== null) throw new Refusal('ACCOUNT_DISABLED', { id: p.id });
  if (p.locked_at !== null) throw new Refusal('ACCOUNT_LOCKED', { id: p.id, n: String(MAX_FAILED_SIGN_INS) });
  return p;
}

// The people table's other writes, here so that one file writes it (test/layers.test.ts): each
// inside the caller's transaction, with its audit entry written there.

/** Disabled, never deleted: their ID stays on what they did. */
export function markDisabled(db: Database, id: string, at: string, by: string): void {
  write(db, q.updateTable('people').set({ disabled_at: at, disabled_by: by }).where('id', '=', id));
}

/** Unlocked by a manager: the count of wrong passwords starts again. */
export function markUnlocked(db: Database, id: string): void {
  write(db, q.updateTable('people').set({ locked_at: null, failed_attempts: 0n }).where('id', '=', id));
}

/** A new password's hash (never the password). */
export function storePasswordHash(db: Database, id: string, passwordHash: string, at: string): void {
  write(db, q.updateTable('people').set({ password_hash: passwordHash, password_set_at: at, failed_attempts: 0n }).where('id', '=', id));
}

/**
 * A person as the hub masters them (issue 16, "Down: reference data"): created, or brought to the
 * hub's name, role, password and lock, inside the caller's transaction, with an audit entry when
 * anything changed. A lock or a disabling at the hub signs the person out here: the session check
 * reads the ledger on every call (auth/sessions.ts). Returns whether the person may no longer work.
 * A person of that ID here in another role is refused (PERSON_EXISTS): a role never changes.
 */
export function storePersonFromHub(db: Database, p: { id: string; name: string; role: Role; passwordHash: string; locked: boolean; disabled: boolean }, at: string, by: string): { signedOut: boolean } {
  const held = findPerson(db, p.id);
  if (!held) {
    write(db, q.insertInto('people').values({
      id: p.id, name: p.name, role: p.role, password_hash: p.passwordHash, password_set_at: at, created_at: at, created_by: by,
      disabled_at: p.disabled ? at : null, disabled_by: p.disabled ? by : null, failed_attempts: 0n, locked_at: p.locked ? at : null,
    }));
    audit(db, { at, actor: by, action: 'person.fromHub', entity: 'person', entityId: p.id, detail: { name: p.name, role: p.role, locked: p.locked, disabled: p.disabled, new: true } });
    return { signedOut: false };
  }
  // A person's role never changes here (006_people.sql): another role is another person.
  if (held.role !== p.role) throw new Refusal('PERSON_EXISTS', { id: p.id });
  const locked = held.locked_at !== null;
  const disabled = held.disabled_at !== null;
  const same = held.name === p.name && held.password_hash === p.passwordHash && locked === p.locked && disabled === p.disabled;
  if (same) return { signedOut: false };
  write(db, q.updateTable('people').set({
    ...(held.name === p.name ? {} : { name: p.name }),
    ...(held.password_hash === p.passwordHash ? {} : { password_hash: p.passwordHash, password_set_at: at, failed_attempts: 0n }),
    // Unlocked at the hub: the count of wrong passwords here starts again too.
    ...(locked === p.locked ? {} : p.locked ? { locked_at: at } : { locked_at: null, failed_attempts: 0n }),
    ...(disabled === p.disabled ? {} : p.disabled ? { disabled_at: at, disabled_by: by } : { disabled_at: null, disabled_by: null }),
  }).where('id', '=', p.id));
  audit(db, {
    at, actor: by, action: 'person.fromHub', entity: 'person', entityId: p.id,
    detail: { name: p.name, role: p.role, locked: p.locked, disabled: p.disabled, passwordChanged: held.password_hash !== p.passwordHash },
  });
  return { signedOut: (p.locked && !locked) || (p.disabled && !disabled) };
}
