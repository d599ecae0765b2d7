// People and their passwords (issue #7). A password is hashed with scrypt (memory-hard: guessing
// costs memory as well as time), a random salt per person, the parameters stored with the hash;
// a comparison is constant-time. Every change of a person is audited in its transaction; a
// password never reaches the audit log, the ledger or a log line.
import type { Parsed } from '../../../shared/api';
import { MAX_FAILED_SIGN_INS } from '../../../shared/api';
import { Refusal } from '../../../shared/errors';
import { methodWords, roleWords, worded } from '../../../shared/words';
import { audit } from '../../ledger/audit';
import { all, q } from '../../ledger/sql';
import type { Call, HandlersOf, Services } from '../services';
import { hashPassword, checkPasswordRule, verifyPassword } from './passwords';
import { anyPerson, existing, findPerson, insertPerson, markDisabled, markUnlocked, personOf, recordWrongPassword, storePasswordHash, type Person } from './staff';


function caller(call: Call): Person {
  if (!call.caller) throw new Refusal('NOT_SIGNED_IN');
  return call.caller;
}

export async function bootstrap(ctx: Services, input: Parsed<'people.bootstrap'>): Promise<Person> {
  if (anyPerson(ctx.db)) throw new Refusal('PEOPLE_EXIST');
  checkPasswordRule(input.password, input.id);
  const passwordHash = await hashPassword(input.password, ctx.auth.scryptN);
  return ctx.db.transaction(() => {
    // Checked again: someone may have been first while the hash was made.
    if (anyPerson(ctx.db)) throw new Refusal('PEOPLE_EXIST');
    return insertPerson(ctx.db, { id: input.id, name: input.name, role: 'manager', passwordHash }, ctx.now().toISOString(), input.id);
  }).immediate();
}

export async function create(ctx: Services, input: Parsed<'people.create'>, call: Call): Promise<Person> {
  const by = caller(call);
  if (findPerson(ctx.db, input.id)) throw new Refusal('PERSON_EXISTS', { id: input.id });
  checkPasswordRule(input.password, input.id);
  const passwordHash = await hashPassword(input.password, ctx.auth.scryptN);
  return ctx.db.transaction(() => insertPerson(ctx.db, { id: input.id, name: input.name, role: input.role, passwordHash }, ctx.now().toISOString(), by.id)).immediate();
}

export function list(ctx: Services) {
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

export function disable(ctx: Services, input: Parsed<'people.disable'>, call: Call): Person {
  const by = caller(call);
  return ctx.db.transaction(() => {
    const p = existing(ctx.db, input.id);
    // The last manager cannot lock everyone out: a manager is disabled by another manager.
    if (p.id.toLowerCase() === by.id.toLowerCase()) throw new Refusal('CANNOT_DISABLE_SELF');
    if (p.disabled_at !== null) throw new Refusal('ACCOUNT_DISABLED', { id: p.id });
    const at = ctx.now().toISOString();
    markDisabled(ctx.db, p.id, at, by.id);
    audit(ctx.db, { at, actor: by.id, action: 'person.disable', entity: 'person', entityId: p.id });
    ctx.auth.lockOut(p.id);
    return personOf(p);
  }).immediate();
}

export function unlock(ctx: Services, input: Parsed<'people.unlock'>, call: Call): Person {
  const by = caller(call);
  return ctx.db.transaction(() => {
    const p = existing(ctx.db, input.id);
    if (p.locked_at === null && p.failed_attempts === 0n) return personOf(p);
    const at = ctx.now().toISOString();
    markUnlocked(ctx.db, p.id);
    audit(ctx.db, { at, actor: by.id, action: 'person.unlock', entity: 'person', entityId: p.id, detail: { wasLocked: p.locked_at !== null, failedInARow: String(p.failed_attempts) } });
    return personOf(p);
  }).immediate();
}

/**
 * A manager sets anyone else's password (a reset, e.g. after a lock); anyone changes their own
 * with the old one (a manager too: a session left open is not enough to change it).
 */
export async function setPassword(ctx: Services, input: Parsed<'people.setPassword'>, call: Call): Promise<Person> {
  const by = caller(call);
  // Someone else's password is a manager's to set: refused before the id is looked up, so the
  // answer does not tell which staff ids exist (as sign-in does not).
  const own = (input.id ?? by.id).toLowerCase() === by.id.toLowerCase();
  if (!own && by.role !== 'manager') throw new Refusal('ROLE_NOT_ALLOWED', { ...worded('method', 'people.setPassword', methodWords('people.setPassword')), ...worded('role', by.role, roleWords(by.role)) });
  const target = existing(ctx.db, input.id ?? by.id);
  if (target.disabled_at !== null) throw new Refusal('ACCOUNT_DISABLED', { id: target.id });
  checkPasswordRule(input.password, target.id);
  if (own) {
    if (input.oldPassword === undefined) throw new Refusal('OLD_PASSWORD_REQUIRED');
    if (!(await verifyPassword(input.oldPassword, target.password_hash))) {
      // Signed in as themselves: telling them of their own lock gives nothing away.
      const { locked } = recordWrongPassword({ db: ctx.db, now: ctx.now, lockOut: ctx.auth.lockOut }, target, 'person.setPassword', by.id);
      throw locked ? new Refusal('ACCOUNT_LOCKED', { id: target.id, n: String(MAX_FAILED_SIGN_INS) }) : new Refusal('SIGN_IN_FAILED');
    }
  }
  const passwordHash = await hashPassword(input.password, ctx.auth.scryptN);
  return ctx.db.transaction(() => {
    const at = ctx.now().toISOString();
    storePasswordHash(ctx.db, target.id, passwordHash, at);
    audit(ctx.db, { at, actor: by.id, action: 'person.setPassword', entity: 'person', entityId: target.id, detail: { own } });
    return personOf(target);
  }).immediate();
}

export const peopleHandlers = {
  'people.bootstrap': bootstrap,
  'people.create': create,
  'people.list': list,
  'people.disable': disable,
  'people.unlock': unlock,
  'people.setPassword': setPassword,
} satisfies HandlersOf<'people'>;
