// People at the hub (issue 16 item 2; ../shared/design/hub.md "Trust"): HQ's people and the
// counters' staff, mastered here. They sign in to the hub's API with the counter's rules: scrypt in
// the counter's format (shared/passwords.ts), five wrong passwords in a row lock the person
// (MAX_FAILED_SIGN_INS), an unknown ID takes as long as a wrong password, a session ends after 15
// minutes without a call (IDLE_SIGN_OUT_MS) and at once when the person is locked or disabled. A
// change of a counter person (created, locked, unlocked, disabled) is published to the counters of
// their outlet (reference.ts), where it reaches the people table and signs them out.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'kysely';
import { IDLE_SIGN_OUT_MS, MAX_FAILED_SIGN_INS, ROLES, type Role } from '../shared/api/roles';
import { Refusal } from '../shared/errors';
import { checkPasswordRule, decodePasswordHash, encodePasswordHash, SCRYPT_KEY_LENGTH, SCRYPT_N, SCRYPT_P, SCRYPT_R, SCRYPT_SALT_LENGTH, scryptMaxmem } from '../shared/passwords';
import type { HubPersonRole, HubPersonView } from '../shared/sync/reference';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';
import { publish } from './reference';

export interface HubPeopleOptions {
  /** scrypt's N for new hashes (tests lower it; the counter verifies whatever N a hash names). */
  scryptN?: number;
}

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, SCRYPT_KEY_LENGTH, { N, r, p, maxmem: scryptMaxmem(N, r) }, (e, key) => (e ? reject(e) : resolve(key))));
}

async function hashPassword(password: string, N: number): Promise<string> {
  const salt = randomBytes(SCRYPT_SALT_LENGTH);
  const key = await derive(password, salt, N, SCRYPT_R, SCRYPT_P);
  return encodePasswordHash({ N, r: SCRYPT_R, p: SCRYPT_P, salt: salt.toString('base64url'), key: key.toString('base64url') });
}

let decoy: string | undefined;

async function passwordMatches(password: string, stored: string | undefined): Promise<boolean> {
  decoy ??= await hashPassword(randomBytes(12).toString('hex'), SCRYPT_N);
  const s = decodePasswordHash(stored ?? decoy);
  if (!s) return false;
  const expected = Buffer.from(s.key, 'base64url');
  const key = await derive(password, Buffer.from(s.salt, 'base64url'), s.N, s.r, s.p);
  return key.length === expected.length && timingSafeEqual(key, expected) && stored !== undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const isCounterRole = (role: HubPersonRole): role is Role => (ROLES as readonly string[]).includes(role);

export function personView(p: { id: string; name: string; role: HubPersonRole; outlet_code: string | null; locked_at: Date | null; disabled_at: Date | null }): HubPersonView {
  return { id: p.id, name: p.name, role: p.role, outletCode: p.outlet_code, locked: p.locked_at !== null, disabled: p.disabled_at !== null };
}

/** A counter person's state sent to the counters of their outlet (HQ's people never go down). */
async function publishPerson(tx: Transaction<HubDB>, id: string, by: string, at: Date): Promise<void> {
  const p = await tx.selectFrom('hub_people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (!isCounterRole(p.role)) return;
  await publish(tx, {
    kind: 'person', outletCode: p.outlet_code, by, at,
    body: { id: p.id, name: p.name, role: p.role, passwordHash: p.password_hash, locked: p.locked_at !== null, disabled: p.disabled_at !== null },
  });
}

export async function createPerson(db: HubDatabase, input: { id: string; name: string; role: HubPersonRole; outletCode?: string | undefined; password: string }, by: string, now: () => Date, opts: HubPeopleOptions = {}): Promise<HubPersonView> {
  checkPasswordRule(input.password, input.id);
  const passwordHash = await hashPassword(input.password, opts.scryptN ?? SCRYPT_N);
  const at = now();
  return db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom('hub_people').select('id').where((eb) => eb.fn('lower', ['id']), '=', input.id.toLowerCase()).executeTakeFirst();
    if (exists) throw new Refusal('PERSON_EXISTS', { id: input.id });
    await tx.insertInto('hub_people').values({
      id: input.id, name: input.name, role: input.role, outlet_code: input.outletCode ?? null, password_hash: passwordHash,
      failed_attempts: 0, locked_at: null, disabled_at: null, created_at: at, created_by: by,
    }).execute();
    await publishPerson(tx, input.id, by, at);
    return personView({ id: input.id, name: input.name, role: input.role, outlet_code: input.outletCode ?? null, locked_at: null, disabled_at: null });
  });
}

/** Locked, unlocked or disabled by HQ: published, and the person's hub sessions end (lock, disable). */
export async function changePerson(db: HubDatabase, id: string, change: 'lock' | 'unlock' | 'disable', by: string, now: () => Date): Promise<HubPersonView> {
  const at = now();
  return db.transaction().execute(async (tx) => {
    const p = await tx.selectFrom('hub_people').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!p) throw new Refusal('PERSON_NOT_KNOWN', { id });
    const set = change === 'lock' ? { locked_at: p.locked_at ?? at } : change === 'unlock' ? { locked_at: null, failed_attempts: 0 } : { disabled_at: p.disabled_at ?? at };
    await tx.updateTable('hub_people').set(set).where('id', '=', id).execute();
    if (change !== 'unlock') await tx.updateTable('hub_sessions').set({ ended_at: at }).where('person_id', '=', id).where('ended_at', 'is', null).execute();
    await publishPerson(tx, id, by, at);
    return personView({ ...p, ...set });
  });
}

/** Signed in: a token for the `authorization: Bearer` header (given once; only its hash is kept). */
export async function signIn(db: HubDatabase, id: string, password: string, now: () => Date): Promise<{ token: string; person: HubPersonView }> {
  const p = await db.selectFrom('hub_people').selectAll().where('id', '=', id).executeTakeFirst();
  const right = await passwordMatches(password, p?.password_hash);
  if (!p) throw new Refusal('SIGN_IN_FAILED');
  if (p.disabled_at !== null) throw new Refusal('ACCOUNT_DISABLED', { id: p.id });
  if (p.locked_at !== null) throw new Refusal('ACCOUNT_LOCKED', { id: p.id, n: String(MAX_FAILED_SIGN_INS) });
  const at = now();
  if (!right) {
    // Counted whatever is answered (the count is the point); the fifth locks, and is published.
    const locked = await db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('hub_people').select(['failed_attempts', 'locked_at']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const failed = row.failed_attempts + 1;
      const locks = row.locked_at === null && failed >= MAX_FAILED_SIGN_INS;
      await tx.updateTable('hub_people').set({ failed_attempts: failed, ...(locks ? { locked_at: at } : {}) }).where('id', '=', id).execute();
      if (locks) await publishPerson(tx, id, 'system', at);
      return locks;
    });
    if (locked) throw new Refusal('ACCOUNT_LOCKED', { id: p.id, n: String(MAX_FAILED_SIGN_INS) });
    throw new Refusal('SIGN_IN_FAILED');
  }
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (tx) => {
    if (p.failed_attempts > 0) await tx.updateTable('hub_people').set({ failed_attempts: 0 }).where('id', '=', id).execute();
    await tx.insertInto('hub_sessions').values({ token_hash: sha256(token), person_id: id, created_at: at, last_used_at: at, ended_at: null }).execute();
  });
  return { token, person: personView(p) };
}

/** The person behind a bearer token, as the hub holds them now; their session kept alive. */
export async function sessionPerson(db: HubDatabase, authorization: string | undefined, now: () => Date): Promise<HubPersonView> {
  const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')?.[1];
  if (!token) throw new Refusal('NOT_SIGNED_IN');
  const at = now();
  const s = await db.selectFrom('hub_sessions').innerJoin('hub_people', 'hub_people.id', 'hub_sessions.person_id')
    .select(['hub_sessions.last_used_at', 'hub_sessions.ended_at', 'hub_people.id', 'hub_people.name', 'hub_people.role', 'hub_people.outlet_code', 'hub_people.locked_at', 'hub_people.disabled_at'])
    .where('hub_sessions.token_hash', '=', sha256(token)).executeTakeFirst();
  if (!s || s.ended_at !== null || s.locked_at !== null || s.disabled_at !== null) throw new Refusal('NOT_SIGNED_IN');
  if (at.getTime() - new Date(s.last_used_at).getTime() > IDLE_SIGN_OUT_MS) {
    await db.updateTable('hub_sessions').set({ ended_at: at }).where('token_hash', '=', sha256(token)).execute();
    throw new Refusal('SESSION_EXPIRED', { minutes: String(IDLE_SIGN_OUT_MS / 60_000) });
  }
  await db.updateTable('hub_sessions').set({ last_used_at: at }).where('token_hash', '=', sha256(token)).execute();
  return personView(s);
}

export async function signOut(db: HubDatabase, authorization: string | undefined, now: () => Date): Promise<void> {
  const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')?.[1];
  if (token) await db.updateTable('hub_sessions').set({ ended_at: now() }).where('token_hash', '=', sha256(token)).where('ended_at', 'is', null).execute();
}

export async function listPeople(db: HubDatabase): Promise<HubPersonView[]> {
  return (await db.selectFrom('hub_people').selectAll().orderBy('id').execute()).map(personView);
}
