// People and their passwords (issue #7). A password is hashed with scrypt (memory-hard: guessing
// costs memory as well as time), a random salt per person, the parameters stored with the hash;
// a comparison is constant-time. Every change of a person is audited in its transaction; a
// password never reaches the audit log, the ledger or a log line.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MIN_PASSWORD_LENGTH, MAX_FAILED_SIGN_INS, type Role } from '../../shared/access';
import type { Parsed } from '../../shared/contract';
import { Refusal } from '../../shared/errors';
import { audit } from '../ledger/audit';
import type { PersonTable } from '../ledger/schema';
import { all, first, q, run, type Database } from '../ledger/sql';
import type { Context } from './context';

// ---- passwords ----

/** scrypt's cost: N = 2^15, r = 8, p = 1 takes 32 MiB and ~50–100 ms a hash on a counter PC. */
export const DEFAULT_SCRYPT_N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function options(N: number, r: number, p: number): ScryptOptions {
  // Node refuses more than 32 MiB unless asked: 128·N·r bytes, with room to spare.
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

function encode(N: number, salt: Buffer, key: Buffer): string {
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options(N, r, p), (e, key) => (e ? reject(e) : resolve(key))));
}

/** A new hash of a password, with a fresh random salt. */
export async function hashPassword(password: string, N = DEFAULT_SCRYPT_N): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  return encode(N, salt, await scryptAsync(password, salt, N, R, P));
}

/** The same, blocking: for seeding test people without an await. */
export function hashPasswordSync(password: string, N = DEFAULT_SCRYPT_N): string {
  const salt = randomBytes(SALT_LENGTH);
  return encode(N, salt, scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, options(N, R, P)));
}

interface Stored {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function decode(stored: string): Stored | undefined {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return undefined;
  return { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), salt: Buffer.from(m[4]!, 'base64url'), key: Buffer.from(m[5]!, 'base64url') };
}

// Compared against when the ID is unknown, so an unknown ID takes as long as a wrong password.
const decoys = new Map<number, string>();

/**
 * Whether `password` is the one `stored` was made from (constant-time comparison). With no stored
 * hash (an unknown ID) a decoy of cost `decoyN` is computed all the same, and the answer is no.
 */
export async function verifyPassword(password: string, stored: string | undefined, decoyN = DEFAULT_SCRYPT_N): Promise<boolean> {
  let decoy = decoys.get(decoyN);
  if (!decoy) decoys.set(decoyN, (decoy = hashPasswordSync(randomBytes(12).toString('hex'), decoyN)));
  const s = decode(stored ?? decoy);
  if (!s) return false;
  const key = await scryptAsync(password, s.salt, s.N, s.r, s.p);
  return key.length === s.key.length && timingSafeEqual(key, s.key) && stored !== undefined;
}

export function checkPasswordRule(password: string, id: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new Refusal('PASSWORD_TOO_SHORT', { min: String(MIN_PASSWORD_LENGTH) });
  if (password.trim().toLowerCase() === id.toLowerCase()) throw new Refusal('PASSWORD_TOO_SHORT', { min: String(MIN_PASSWORD_LENGTH) });
}

// ---- the people table ----

export interface Person {
  id: string;
  name: string;
  role: Role;
}

export function findPerson(db: Database, id: string): PersonTable | undefined {
  return first(db, q.selectFrom('people').selectAll().where('id', '=', id));
}

export function anyPerson(db: Database): boolean {
  return first(db, q.selectFrom('people').select('id').limit(1)) !== undefined;
}

export const personOf = (p: Pick<PersonTable, 'id' | 'name' | 'role'>): Person => ({ id: p.id, name: p.name, role: p.role });

/** Writes a new person and its audit entry; inside the caller's transaction. */
export function insertPerson(db: Database, p: Person & { passwordHash: string }, at: string, by: string): Person {
  if (findPerson(db, p.id)) throw new Refusal('PERSON_EXISTS', { id: p.id });
  run(db, q.insertInto('people').values({
    id: p.id, name: p.name, role: p.role, password_hash: p.passwordHash, password_set_at: at,
    created_at: at, created_by: by, disabled_at: null, disabled_by: null, failed_attempts: 0n, locked_at: null,
  }));
  audit(db, { at, actor: by, action: 'person.create', entity: 'person', entityId: p.id, detail: { name: p.name, role: p.role } });
  return personOf(p);
}

function existing(db: Database, id: string): PersonTable {
  const p = findPerson(db, id);
  if (!p) throw new Refusal('PERSON_NOT_KNOWN', { id });
  return p;
}

/**
 * A wrong password for a person who exists: one more in a row, and at the fifth the person is
 * locked. Written whatever the caller then answers (the count is the point). A lock takes effect
 * at once: the person's open sessions end and the approvals they gave or asked for, unused, are
 * void (auth.ts lockOut); otherwise a session opened before the lock would go on working.
 */
export function recordWrongPassword(ctx: Context, p: PersonTable, action: string, by: string): { locked: boolean } {
  const db = ctx.db;
  const at = ctx.now().toISOString();
  const { locked, locks } = db.transaction(() => {
    const now = existing(db, p.id);
    const failed = now.failed_attempts + 1n;
    const locks = now.locked_at === null && failed >= BigInt(MAX_FAILED_SIGN_INS);
    run(db, q.updateTable('people').set({ failed_attempts: failed, ...(locks ? { locked_at: at } : {}) }).where('id', '=', p.id));
    audit(db, { at, actor: by, action: `${action}.failed`, entity: 'person', entityId: p.id, detail: { failedInARow: String(failed) } });
    if (locks) audit(db, { at, actor: 'system', action: 'person.lock', entity: 'person', entityId: p.id, detail: { after: String(failed) } });
    return { locked: locks || now.locked_at !== null, locks };
  }).immediate();
  if (locks) ctx.auth.lockOut(p.id);
  return { locked };
}

/** The right password: the count of wrong ones starts again (nothing is written when it is 0). */
export function recordRightPassword(db: Database, p: PersonTable): void {
  if (p.failed_attempts === 0n) return;
  run(db, q.updateTable('people').set({ failed_attempts: 0n }).where('id', '=', p.id).where('locked_at', 'is', null));
}

/** A person who may sign in or approve: known, enabled, not locked. Refusals write nothing. */
export function usable(p: PersonTable | undefined): PersonTable {
  if (!p) throw new Refusal('SIGN_IN_FAILED');
  if (p.disabled_at !== null) throw new Refusal('ACCOUNT_DISABLED', { id: p.id });
  if (p.locked_at !== null) throw new Refusal('ACCOUNT_LOCKED', { id: p.id, n: String(MAX_FAILED_SIGN_INS) });
  return p;
}

// ---- the methods ----

function caller(ctx: Context): Person {
  if (!ctx.caller) throw new Refusal('NOT_SIGNED_IN');
  return ctx.caller;
}

export async function bootstrap(ctx: Context, input: Parsed<'people.bootstrap'>): Promise<Person> {
  if (anyPerson(ctx.db)) throw new Refusal('PEOPLE_EXIST');
  checkPasswordRule(input.password, input.id);
  const passwordHash = await hashPassword(input.password, ctx.auth.scryptN);
  return ctx.db.transaction(() => {
    // Checked again: someone may have been first while the hash was made.
    if (anyPerson(ctx.db)) throw new Refusal('PEOPLE_EXIST');
    return insertPerson(ctx.db, { id: input.id, name: input.name, role: 'manager', passwordHash }, ctx.now().toISOString(), input.id);
  }).immediate();
}

export async function create(ctx: Context, input: Parsed<'people.create'>): Promise<Person> {
  const by = caller(ctx);
  if (findPerson(ctx.db, input.id)) throw new Refusal('PERSON_EXISTS', { id: input.id });
  checkPasswordRule(input.password, input.id);
  const passwordHash = await hashPassword(input.password, ctx.auth.scryptN);
  return ctx.db.transaction(() => insertPerson(ctx.db, { id: input.id, name: input.name, role: input.role, passwordHash }, ctx.now().toISOString(), by.id)).immediate();
}

export function list(ctx: Context) {
  return all(ctx.db, q.selectFrom('people').selectAll().orderBy('created_at').orderBy('id')).map((p) => ({
    id: p.id,
    name: p.name,
    role: p.role,
    createdAt: p.created_at,
    createdBy: p.created_by,
    ...(p.disabled_at ? { disabledAt: p.disabled_at } : {}),
    ...(p.locked_at ? { lockedAt: p.locked_at } : {}),
    failedAttempts: Number(p.failed_attempts),
  }));
}

export function disable(ctx: Context, input: Parsed<'people.disable'>): Person {
  const by = caller(ctx);
  return ctx.db.transaction(() => {
    const p = existing(ctx.db, input.id);
    // The last manager cannot lock everyone out: a manager is disabled by another manager.
    if (p.id.toLowerCase() === by.id.toLowerCase()) throw new Refusal('CANNOT_DISABLE_SELF');
    if (p.disabled_at !== null) throw new Refusal('ACCOUNT_DISABLED', { id: p.id });
    const at = ctx.now().toISOString();
    run(ctx.db, q.updateTable('people').set({ disabled_at: at, disabled_by: by.id }).where('id', '=', p.id));
    audit(ctx.db, { at, actor: by.id, action: 'person.disable', entity: 'person', entityId: p.id });
    ctx.auth.lockOut(p.id);
    return personOf(p);
  }).immediate();
}

export function unlock(ctx: Context, input: Parsed<'people.unlock'>): Person {
  const by = caller(ctx);
  return ctx.db.transaction(() => {
    const p = existing(ctx.db, input.id);
    if (p.locked_at === null && p.failed_attempts === 0n) return personOf(p);
    const at = ctx.now().toISOString();
    run(ctx.db, q.updateTable('people').set({ locked_at: null, failed_attempts: 0n }).where('id', '=', p.id));
    audit(ctx.db, { at, actor: by.id, action: 'person.unlock', entity: 'person', entityId: p.id, detail: { wasLocked: p.locked_at !== null, failedInARow: String(p.failed_attempts) } });
    return personOf(p);
  }).immediate();
}

/**
 * A manager sets anyone else's password (a reset, e.g. after a lock); anyone changes their own
 * with the old one (a manager too: a session left open is not enough to change it).
 */
export async function setPassword(ctx: Context, input: Parsed<'people.setPassword'>): Promise<Person> {
  const by = caller(ctx);
  // Someone else's password is a manager's to set: refused before the id is looked up, so the
  // answer does not tell which staff ids exist (as sign-in does not).
  const own = (input.id ?? by.id).toLowerCase() === by.id.toLowerCase();
  if (!own && by.role !== 'manager') throw new Refusal('ROLE_NOT_ALLOWED', { method: 'people.setPassword', role: by.role });
  const target = existing(ctx.db, input.id ?? by.id);
  if (target.disabled_at !== null) throw new Refusal('ACCOUNT_DISABLED', { id: target.id });
  checkPasswordRule(input.password, target.id);
  if (own) {
    if (input.oldPassword === undefined) throw new Refusal('OLD_PASSWORD_REQUIRED');
    if (!(await verifyPassword(input.oldPassword, target.password_hash))) {
      // Signed in as themselves: telling them of their own lock gives nothing away.
      const { locked } = recordWrongPassword(ctx, target, 'person.setPassword', by.id);
      throw locked ? new Refusal('ACCOUNT_LOCKED', { id: target.id, n: String(MAX_FAILED_SIGN_INS) }) : new Refusal('SIGN_IN_FAILED');
    }
  }
  const passwordHash = await hashPassword(input.password, ctx.auth.scryptN);
  return ctx.db.transaction(() => {
    const at = ctx.now().toISOString();
    run(ctx.db, q.updateTable('people').set({ password_hash: passwordHash, password_set_at: at, failed_attempts: 0n }).where('id', '=', target.id));
    audit(ctx.db, { at, actor: by.id, action: 'person.setPassword', entity: 'person', entityId: target.id, detail: { own } });
    return personOf(target);
  }).immediate();
}
