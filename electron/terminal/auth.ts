// Sessions and a supervisor's approval in place (issue #7).
//
// A session is a random token the Terminal hands out at sign-in and keeps in memory (a restart
// signs everyone out): every call but the public ones carries it, the Terminal finds the person,
// checks the role the method allows (shared/access.ts) and, after idleSignOutMs without a call,
// refuses with SESSION_EXPIRED. Only a hash of each token is kept.
//
// An approval is what a supervisor gives on the teller's screen by typing their own ID and
// password (auth.approve): a random token, in memory for two minutes, bound to one action (a
// method), one subject (shared/access.ts approvalSubject: which receipt, which quote, which queue
// row) and the person who asked. The approved action uses it with consumeApproval, inside its own
// transaction: the row in approval_uses is written with the action or not at all, and its primary
// key refuses a second use.
import { createHash, randomBytes } from 'node:crypto';
import { APPROVAL_VALIDITY_MS, APPROVER_ROLES, IDLE_SIGN_OUT_MS, MAX_FAILED_SIGN_INS, PASSIVE_METHODS, isApprovalAction, type Role } from '../../shared/access';
import type { MethodName, Parsed } from '../../shared/contract';
import { Refusal } from '../../shared/errors';
import { audit } from '../ledger/audit';
import { first, q, run, type Database } from '../ledger/sql';
import type { Context } from './context';
import { DEFAULT_SCRYPT_N, findPerson, personOf, recordRightPassword, recordWrongPassword, usable, verifyPassword, type Person } from './people';

interface SessionRecord {
  personId: string;
  lastSeen: number;
  ended: boolean;
}

interface ApprovalRecord {
  id: string;
  action: string;
  subject: string;
  requesterId: string;
  approverId: string;
  approvedAt: number;
  expiresAt: number;
}

export interface AuthState {
  readonly idleMs: number;
  readonly scryptN: number;
  /** The person of a live session, or a refusal (NOT_SIGNED_IN, SESSION_EXPIRED, ROLE_NOT_ALLOWED). */
  check(token: unknown, method: MethodName, allowed: readonly Role[]): Person;
  /** The person of a live session, or undefined (public methods: a session is welcome, not needed). */
  peek(token: unknown): Person | undefined;
  /** A new session for a person who may sign in (the password was checked, or the caller is trusted). */
  open(personId: string): { token: string; expiresAt: Date };
  end(token: unknown): boolean;
  endSessionsOf(personId: string): void;
  expiresAt(token: unknown): Date | undefined;
  addApproval(a: Omit<ApprovalRecord, 'id'>): { token: string; id: string };
  approval(token: string): ApprovalRecord | undefined;
}

const FORGET_AFTER_MS = 3_600_000;
const digest = (token: string) => createHash('sha256').update(token).digest('base64url');
const newToken = () => randomBytes(32).toString('base64url');

export function createAuthState(db: Database, now: () => Date, opts: { idleMs?: number | undefined; scryptN?: number | undefined } = {}): AuthState {
  const idleMs = opts.idleMs ?? IDLE_SIGN_OUT_MS;
  const sessions = new Map<string, SessionRecord>();
  const approvals = new Map<string, ApprovalRecord>();

  function live(token: unknown): SessionRecord | 'expired' | undefined {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return undefined;
    const s = sessions.get(digest(token));
    if (!s || s.ended) return undefined;
    // Kept a while after it expired (sweep), so the next call hears SESSION_EXPIRED, not NOT_SIGNED_IN.
    if (now().getTime() - s.lastSeen > idleMs) return 'expired';
    return s;
  }

  /** The person behind a session, as the ledger says now (a disabled person is signed out). */
  function personOfSession(token: string, s: SessionRecord): Person | undefined {
    const p = findPerson(db, s.personId);
    if (!p || p.disabled_at !== null) {
      sessions.delete(digest(token));
      return undefined;
    }
    return personOf(p);
  }

  /** Forgets sessions and approvals long dead (an hour after they expired). */
  function sweep(): void {
    const t = now().getTime();
    for (const [k, s] of sessions) if (s.ended || t - s.lastSeen > idleMs + FORGET_AFTER_MS) sessions.delete(k);
    for (const [k, a] of approvals) if (t > a.expiresAt + FORGET_AFTER_MS) approvals.delete(k);
  }

  return {
    idleMs,
    scryptN: opts.scryptN ?? DEFAULT_SCRYPT_N,
    check(token, method, allowed) {
      const s = live(token);
      if (s === 'expired') throw new Refusal('SESSION_EXPIRED', { minutes: String(Math.round(idleMs / 60_000)) });
      if (!s) throw new Refusal('NOT_SIGNED_IN');
      const person = personOfSession(token as string, s);
      if (!person) throw new Refusal('NOT_SIGNED_IN');
      if (!allowed.includes(person.role)) throw new Refusal('ROLE_NOT_ALLOWED', { method, role: person.role });
      // A poll of the status bar does not keep a counter signed in; anything a person does does.
      if (!PASSIVE_METHODS.has(method)) s.lastSeen = Math.max(s.lastSeen, now().getTime());
      return person;
    },
    peek(token) {
      const s = live(token);
      return s && s !== 'expired' ? personOfSession(token as string, s) : undefined;
    },
    open(personId) {
      sweep();
      const token = newToken();
      const at = now().getTime();
      sessions.set(digest(token), { personId, lastSeen: at, ended: false });
      return { token, expiresAt: new Date(at + idleMs) };
    },
    end(token) {
      const s = live(token);
      if (!s || s === 'expired') return false;
      s.ended = true;
      sessions.delete(digest(token as string));
      return true;
    },
    endSessionsOf(personId) {
      for (const [k, s] of sessions) if (s.personId.toLowerCase() === personId.toLowerCase()) sessions.delete(k);
    },
    expiresAt(token) {
      const s = live(token);
      return s && s !== 'expired' ? new Date(s.lastSeen + idleMs) : undefined;
    },
    addApproval(a) {
      sweep();
      const token = newToken();
      const id = randomBytes(16).toString('base64url');
      approvals.set(digest(token), { ...a, id });
      return { token, id };
    },
    approval(token) {
      return approvals.get(digest(token));
    },
  };
}

// ---- the methods ----

export async function signIn(ctx: Context, input: Parsed<'auth.signIn'>) {
  const found = findPerson(ctx.db, input.userId);
  const at = ctx.now().toISOString();
  const failed = (detail: Record<string, string>) =>
    ctx.db.transaction(() => audit(ctx.db, { at, actor: input.userId, action: 'auth.signIn.refused', entity: 'person', entityId: input.userId, detail })).immediate();
  let p;
  try {
    p = usable(found);
  } catch (e) {
    // An unknown ID takes as long as a wrong password, so the answer does not tell which.
    if (!found) await verifyPassword(input.password, undefined, ctx.auth.scryptN);
    if (e instanceof Refusal) failed({ reason: e.code });
    throw e;
  }
  if (!(await verifyPassword(input.password, p.password_hash))) {
    const { locked } = recordWrongPassword(ctx.db, p, at, 'auth.signIn', p.id);
    throw locked ? new Refusal('ACCOUNT_LOCKED', { id: p.id, n: String(MAX_FAILED_SIGN_INS) }) : new Refusal('SIGN_IN_FAILED');
  }
  return ctx.db.transaction(() => {
    // As the ledger says after the password was checked (a manager may have disabled them since).
    const now = usable(findPerson(ctx.db, p.id));
    recordRightPassword(ctx.db, now);
    audit(ctx.db, { at, actor: now.id, action: 'auth.signIn', entity: 'person', entityId: now.id });
    const s = ctx.auth.open(now.id);
    return { session: s.token, person: personOf(now), expiresAt: s.expiresAt.toISOString() };
  }).immediate();
}

export function signOut(ctx: Context) {
  const person = ctx.auth.peek(ctx.session);
  const signedOut = ctx.auth.end(ctx.session);
  if (signedOut && person) {
    const at = ctx.now().toISOString();
    ctx.db.transaction(() => audit(ctx.db, { at, actor: person.id, action: 'auth.signOut', entity: 'person', entityId: person.id })).immediate();
  }
  return { signedOut };
}

export function whoami(ctx: Context) {
  const person = ctx.caller;
  const expiresAt = ctx.auth.expiresAt(ctx.session);
  if (!person || !expiresAt) throw new Refusal('NOT_SIGNED_IN');
  return { person, expiresAt: expiresAt.toISOString() };
}

/**
 * The supervisor's ID and password, typed on the teller's screen. Refused without a write when the
 * supervisor is the person asking, or is not a supervisor; a wrong password counts toward their
 * lock like a wrong sign-in. Nothing is written when it is given: the use is the record.
 */
export async function approve(ctx: Context, input: Parsed<'auth.approve'>) {
  const requester = ctx.caller;
  if (!requester) throw new Refusal('NOT_SIGNED_IN');
  if (!isApprovalAction(input.action)) {
    throw new Refusal('INVALID_INPUT', { field: 'action', problemZh: '不是须主管批准的操作', problemEn: 'is not an action a supervisor approves' });
  }
  const found = findPerson(ctx.db, input.userId);
  if (found && found.id.toLowerCase() === requester.id.toLowerCase()) throw new Refusal('APPROVER_IS_REQUESTER');
  const at = ctx.now().toISOString();
  let p;
  try {
    p = usable(found);
  } catch (e) {
    if (!found) await verifyPassword(input.password, undefined, ctx.auth.scryptN);
    if (e instanceof Refusal) {
      ctx.db.transaction(() => audit(ctx.db, { at, actor: requester.id, action: 'auth.approve.refused', entity: 'person', entityId: input.userId, detail: { reason: e.code, action: input.action } })).immediate();
    }
    throw e;
  }
  if (!(await verifyPassword(input.password, p.password_hash))) {
    const { locked } = recordWrongPassword(ctx.db, p, at, 'auth.approve', requester.id);
    throw locked ? new Refusal('ACCOUNT_LOCKED', { id: p.id, n: String(MAX_FAILED_SIGN_INS) }) : new Refusal('SIGN_IN_FAILED');
  }
  const approver = usable(findPerson(ctx.db, p.id));
  if (!APPROVER_ROLES.includes(approver.role)) throw new Refusal('APPROVER_NOT_SUPERVISOR', { id: approver.id });
  recordRightPassword(ctx.db, approver);
  const approvedAt = ctx.now().getTime();
  const expiresAt = approvedAt + APPROVAL_VALIDITY_MS;
  const { token } = ctx.auth.addApproval({ action: input.action, subject: input.subject, requesterId: requester.id, approverId: approver.id, approvedAt, expiresAt });
  return { approval: token, approver: personOf(approver), action: input.action, subject: input.subject, expiresAt: new Date(expiresAt).toISOString() };
}

// ---- using an approval ----

export interface ApprovalUse {
  /** The approved method, e.g. 'trades.void' (or the lead's 'dayClose.close'). */
  action: string;
  /** What it is about, derived from the input as shared/access.ts approvalSubject does. */
  subject: string;
  /** The person asking: the session's person. */
  requester: string;
}

/** The call's approval, checked against what it is used for; writes nothing. */
export function checkApproval(ctx: Context, use: ApprovalUse, why = use.action): ApprovalRecord {
  const token = ctx.approval;
  if (token === undefined) throw new Refusal('SUPERVISOR_REQUIRED', { why });
  const a = ctx.auth.approval(token);
  if (!a) throw new Refusal('APPROVAL_INVALID');
  if ((ctx.approvalCheckedAt ?? ctx.now().getTime()) > a.expiresAt) throw new Refusal('APPROVAL_EXPIRED', { minutes: String(APPROVAL_VALIDITY_MS / 60_000) });
  if (a.action !== use.action || a.subject !== use.subject) throw new Refusal('APPROVAL_MISMATCH', { approvedFor: `${a.action} ${a.subject}`, usedFor: `${use.action} ${use.subject}` });
  if (a.approverId.toLowerCase() === use.requester.toLowerCase()) throw new Refusal('APPROVER_IS_REQUESTER');
  if (a.requesterId.toLowerCase() !== use.requester.toLowerCase()) throw new Refusal('APPROVAL_MISMATCH', { approvedFor: `${a.requesterId}`, usedFor: use.requester });
  if (first(ctx.db, q.selectFrom('approval_uses').select('approval_id').where('approval_id', '=', a.id))) throw new Refusal('APPROVAL_USED');
  const approver = findPerson(ctx.db, a.approverId);
  if (!approver || approver.disabled_at !== null || !APPROVER_ROLES.includes(approver.role)) throw new Refusal('APPROVAL_INVALID');
  return a;
}

/**
 * Uses the call's approval for `use`, inside the caller's transaction (so it is used exactly when
 * the action is written, and a refused action leaves it unused). Returns the approver's ID, to be
 * stored with the action. Refuses: SUPERVISOR_REQUIRED (none given), APPROVAL_INVALID,
 * APPROVAL_EXPIRED, APPROVAL_MISMATCH (another action, subject or requester), APPROVER_IS_REQUESTER,
 * APPROVAL_USED.
 */
export function consumeApproval(ctx: Context, use: ApprovalUse, why?: string): string {
  if (!ctx.db.inTransaction) throw new Error('consumeApproval must run inside the action\'s transaction');
  const a = checkApproval(ctx, use, why);
  run(ctx.db, q.insertInto('approval_uses').values({
    approval_id: a.id, action: a.action, subject: a.subject, requester_id: a.requesterId, approver_id: a.approverId,
    approved_at: new Date(a.approvedAt).toISOString(), used_at: ctx.now().toISOString(),
  }));
  return a.approverId;
}
