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
//
// A lock (five wrong passwords, auth.signIn and people.setPassword) or a manager disabling someone
// takes effect at once: lockOut ends the person's sessions and voids the unused approvals they gave
// or asked for. Wrong passwords typed into the approval dialog are counted against the person
// asking, in memory, and throttle them (APPROVAL_THROTTLED); they never lock the supervisor named,
// whom any teller could otherwise lock out of signing in.
import { createHash, randomBytes } from 'node:crypto';
import { APPROVAL_THROTTLE_MS, APPROVAL_VALIDITY_MS, APPROVER_ROLES, IDLE_SIGN_OUT_MS, MAX_FAILED_APPROVALS, PASSIVE_METHODS, isApprovalAction, type Role } from '../../shared/access';
import type { MethodName, Parsed } from '../../shared/contract';
import { Refusal } from '../../shared/errors';
import { audit } from '../ledger/audit';
import type { PersonTable } from '../ledger/schema';
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
  /** A person locked or disabled: their sessions end, and the approvals they gave or asked for, unused, are void. */
  lockOut(personId: string): void;
  /** When a requester may try an approval again, if their wrong ones are throttled now. */
  approvalsThrottledUntil(requesterId: string): number | undefined;
  /** A wrong approval by this requester: how many in the window, and until when they are throttled if that is now. */
  approvalFailed(requesterId: string): { failures: number; throttledUntil: number | undefined };
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
  /** Per requester (lower-case ID, whichever of their sessions asked): when their wrong approvals were. */
  const failedApprovals = new Map<string, number[]>();
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

  /** A requester's wrong approvals still in the window (those older are forgotten). */
  function recentFailures(requesterId: string): number[] {
    const key = requesterId.toLowerCase();
    const t = now().getTime();
    const recent = (failedApprovals.get(key) ?? []).filter((at) => t - at < APPROVAL_THROTTLE_MS);
    if (recent.length) failedApprovals.set(key, recent);
    else failedApprovals.delete(key);
    return recent;
  }

  function throttledUntil(recent: number[]): number | undefined {
    return recent.length >= MAX_FAILED_APPROVALS ? recent[recent.length - MAX_FAILED_APPROVALS]! + APPROVAL_THROTTLE_MS : undefined;
  }

  function live(token: unknown): SessionRecord | 'expired' | undefined {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return undefined;
    const s = sessions.get(digest(token));
    if (!s || s.ended) return undefined;
    // Kept a while after it expired (sweep), so the next call hears SESSION_EXPIRED, not NOT_SIGNED_IN.
    if (now().getTime() - s.lastSeen > idleMs) return 'expired';
    return s;
  }

  /**
   * The person behind a session, as the ledger says now: a disabled or locked person is signed out
   * (lockOut ends their sessions when it happens here; this also covers a lock written otherwise).
   */
  function personOfSession(token: string, s: SessionRecord): Person | undefined {
    const p = findPerson(db, s.personId);
    if (!p || p.disabled_at !== null || p.locked_at !== null) {
      sessions.delete(digest(token));
      return undefined;
    }
    return personOf(p);
  }

  function endSessionsOf(personId: string): void {
    for (const [k, s] of sessions) if (same(s.personId, personId)) sessions.delete(k);
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
    endSessionsOf,
    lockOut(personId) {
      endSessionsOf(personId);
      for (const [k, a] of approvals) if (same(a.approverId, personId) || same(a.requesterId, personId)) approvals.delete(k);
    },
    approvalsThrottledUntil(requesterId) {
      return throttledUntil(recentFailures(requesterId));
    },
    approvalFailed(requesterId) {
      const recent = [...recentFailures(requesterId), now().getTime()];
      failedApprovals.set(requesterId.toLowerCase(), recent);
      return { failures: recent.length, throttledUntil: throttledUntil(recent) };
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

/**
 * The password is checked first, whoever the ID is: an unknown ID, a locked one and a disabled one
 * all answer a wrong password with SIGN_IN_FAILED, in the same time (a decoy hash for an unknown
 * ID), so the sign-in screen does not tell which IDs exist. Only someone who typed the right
 * password hears that the ID is locked or disabled. The fifth wrong password in a row locks the
 * person, and answers SIGN_IN_FAILED like the four before it.
 */
export async function signIn(ctx: Context, input: Parsed<'auth.signIn'>) {
  const found = findPerson(ctx.db, input.userId);
  const at = ctx.now().toISOString();
  const refusedAudit = (reason: string) =>
    ctx.db.transaction(() => audit(ctx.db, { at, actor: input.userId, action: 'auth.signIn.refused', entity: 'person', entityId: input.userId, detail: { reason } })).immediate();
  if (!(await verifyPassword(input.password, found?.password_hash, ctx.auth.scryptN))) {
    // A disabled person's count no longer matters; a locked one's goes on (the audit shows the guessing).
    if (found && found.disabled_at === null) recordWrongPassword(ctx, found, 'auth.signIn', found.id);
    else refusedAudit(found ? 'ACCOUNT_DISABLED' : 'SIGN_IN_FAILED');
    throw new Refusal('SIGN_IN_FAILED');
  }
  const outcome = ctx.db.transaction(() => {
    // As the ledger says after the password was checked (a manager may have disabled them since).
    let now: PersonTable;
    try {
      now = usable(findPerson(ctx.db, found!.id));
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      // The refusal is audited, and answered after the transaction has kept that entry.
      audit(ctx.db, { at, actor: input.userId, action: 'auth.signIn.refused', entity: 'person', entityId: input.userId, detail: { reason: e.code } });
      return { refused: e };
    }
    recordRightPassword(ctx.db, now);
    audit(ctx.db, { at, actor: now.id, action: 'auth.signIn', entity: 'person', entityId: now.id });
    const s = ctx.auth.open(now.id);
    return { signedIn: { session: s.token, person: personOf(now), expiresAt: s.expiresAt.toISOString() } };
  }).immediate();
  if ('refused' in outcome) throw outcome.refused;
  return outcome.signedIn;
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
 * supervisor is the person asking, or is not a supervisor. A wrong password (or an unknown ID) is
 * counted against the person asking, never toward the supervisor's lock: at MAX_FAILED_APPROVALS
 * within APPROVAL_THROTTLE_MS that requester is refused (APPROVAL_THROTTLED) before any password is
 * checked, until the oldest of them is that old. As at sign-in, the supervisor hears that their ID
 * is locked or disabled only after their right password. Nothing is written when an approval is
 * given: the use is the record.
 */
export async function approve(ctx: Context, input: Parsed<'auth.approve'>) {
  const requester = ctx.caller;
  if (!requester) throw new Refusal('NOT_SIGNED_IN');
  if (!isApprovalAction(input.action)) {
    throw new Refusal('INVALID_INPUT', { field: 'action', problemZh: '不是须主管批准的操作', problemEn: 'is not an action a supervisor approves' });
  }
  const throttled = ctx.auth.approvalsThrottledUntil(requester.id);
  if (throttled !== undefined) throw throttledRefusal(ctx, throttled);
  const found = findPerson(ctx.db, input.userId);
  if (found && found.id.toLowerCase() === requester.id.toLowerCase()) throw new Refusal('APPROVER_IS_REQUESTER');
  const at = ctx.now().toISOString();
  if (!(await verifyPassword(input.password, found?.password_hash, ctx.auth.scryptN))) {
    const { failures, throttledUntil } = ctx.auth.approvalFailed(requester.id);
    ctx.db.transaction(() => {
      audit(ctx.db, { at, actor: requester.id, action: 'auth.approve.failed', entity: 'person', entityId: found?.id ?? input.userId, detail: { action: input.action, known: found !== undefined, failedInWindow: String(failures) } });
      if (throttledUntil !== undefined) {
        audit(ctx.db, { at, actor: 'system', action: 'auth.approve.throttled', entity: 'person', entityId: requester.id, detail: { after: String(failures), until: new Date(throttledUntil).toISOString() } });
      }
    }).immediate();
    throw throttledUntil !== undefined ? throttledRefusal(ctx, throttledUntil) : new Refusal('SIGN_IN_FAILED');
  }
  // The right password: as the ledger says now (a lock or a disable may have come meanwhile).
  let approver: PersonTable;
  try {
    approver = usable(findPerson(ctx.db, found!.id));
  } catch (e) {
    if (e instanceof Refusal) {
      ctx.db.transaction(() => audit(ctx.db, { at, actor: requester.id, action: 'auth.approve.refused', entity: 'person', entityId: input.userId, detail: { reason: e.code, action: input.action } })).immediate();
    }
    throw e;
  }
  if (!APPROVER_ROLES.includes(approver.role)) throw new Refusal('APPROVER_NOT_SUPERVISOR', { id: approver.id });
  const approvedAt = ctx.now().getTime();
  const expiresAt = approvedAt + APPROVAL_VALIDITY_MS;
  const { token } = ctx.auth.addApproval({ action: input.action, subject: input.subject, requesterId: requester.id, approverId: approver.id, approvedAt, expiresAt });
  return { approval: token, approver: personOf(approver), action: input.action, subject: input.subject, expiresAt: new Date(expiresAt).toISOString() };
}

function throttledRefusal(ctx: Context, until: number): Refusal {
  const minutes = Math.max(1, Math.ceil((until - ctx.now().getTime()) / 60_000));
  return new Refusal('APPROVAL_THROTTLED', { n: String(MAX_FAILED_APPROVALS), window: String(APPROVAL_THROTTLE_MS / 60_000), minutes: String(minutes) });
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
  // An approver locked or disabled since: lockOut voided the approval already; this holds even for a
  // lock written by another path.
  const approver = findPerson(ctx.db, a.approverId);
  if (!approver || approver.disabled_at !== null || approver.locked_at !== null || !APPROVER_ROLES.includes(approver.role)) throw new Refusal('APPROVAL_INVALID');
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
