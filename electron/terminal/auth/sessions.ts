// Sessions and a supervisor's approval in place (issue #7): the state in memory and the checks.
//
// A session is a random token the Terminal hands out at sign-in and keeps in memory (a restart
// signs everyone out): every call but the public ones carries it, the Terminal finds the person,
// checks the role the method's spec allows (shared/api) and, after idleSignOutMs without a call,
// refuses with SESSION_EXPIRED. Only a hash of each token is kept.
//
// An approval is what a supervisor gives on the teller's screen by typing their own ID and
// password (auth.approve): a random token, in memory for two minutes, bound to one action (a
// method), one subject (shared/api approvalSubject: which receipt, which quote, which queue
// row) and the person who asked. The dispatcher uses it with consumeApproval, inside the action's
// transaction (Call.act): the row in approval_uses is written with the action or not at all, and its primary
// key refuses a second use.
//
// A lock (five wrong passwords, auth.signIn and people.setPassword) or a manager disabling someone
// takes effect at once: lockOut ends the person's sessions and voids the unused approvals they gave
// or asked for. Wrong passwords typed into the approval dialog are counted against the person
// asking, in memory, and throttle them (APPROVAL_THROTTLED); they never lock the supervisor named,
// whom any teller could otherwise lock out of signing in.
import { createHash, randomBytes } from 'node:crypto';
import { APPROVAL_THROTTLE_MS, APPROVAL_VALIDITY_MS, APPROVER_ROLES, IDLE_SIGN_OUT_MS, MAX_FAILED_APPROVALS, PASSIVE_METHODS, type Role } from '../../../shared/api';
import type { MethodName } from '../../../shared/api';
import { methodWords, roleWords, worded } from '../../../shared/words';
import { Refusal } from '../../../shared/errors';
import { first, q, run, type Database } from '../../ledger/sql';
import { DEFAULT_SCRYPT_N } from '../people/passwords';
import { findPerson, personOf, sessionPerson, type Person } from '../people/staff';

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
   * (lockOut ends their sessions when it happens here; this also covers a lock written otherwise,
   * by the hub's pull). Held in memory (staff.ts sessionPerson, issue 21): every write of the
   * people table, in staff.ts, forgets it, so the ledger's word is read at the next call.
   */
  function personOfSession(token: string, s: SessionRecord): Person | undefined {
    const p = sessionPerson(db, s.personId);
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
      if (!allowed.includes(person.role)) throw new Refusal('ROLE_NOT_ALLOWED', { ...worded('method', method, methodWords(method)), ...worded('role', person.role, roleWords(person.role)) });
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

// ---- using an approval ----

export interface ApprovalUse {
  /** The approved method, e.g. 'trades.void' (or the lead's 'dayClose.close'). */
  action: string;
  /** What it is about, derived from the input as shared/api approvalSubject does. */
  subject: string;
  /** The person asking: the session's person. */
  requester: string;
}

/** What checking an approval reads: the ledger (its uses, the approver now) and the approvals in memory. */
export interface ApprovalDeps {
  db: Database;
  now: () => Date;
  auth: Pick<AuthState, 'approval'>;
}

/**
 * An approval, checked against what it is used for (`checkedAt`: when the dispatcher first checked
 * it, before the action began; it stays good for the action however long a real-time entry takes
 * in between). Writes nothing. Refuses: APPROVAL_INVALID, APPROVAL_EXPIRED, APPROVAL_MISMATCH
 * (another action, subject or requester), APPROVER_IS_REQUESTER, APPROVAL_USED.
 */
export function checkApproval(deps: ApprovalDeps, token: string, use: ApprovalUse, checkedAt = deps.now().getTime()): ApprovalRecord {
  const a = deps.auth.approval(token);
  if (!a) throw new Refusal('APPROVAL_INVALID');
  if (checkedAt > a.expiresAt) throw new Refusal('APPROVAL_EXPIRED', { minutes: String(APPROVAL_VALIDITY_MS / 60_000) });
  if (a.action !== use.action || a.subject !== use.subject) throw new Refusal('APPROVAL_MISMATCH', { approvedFor: `${a.action} ${a.subject}`, usedFor: `${use.action} ${use.subject}` });
  if (a.approverId.toLowerCase() === use.requester.toLowerCase()) throw new Refusal('APPROVER_IS_REQUESTER');
  if (a.requesterId.toLowerCase() !== use.requester.toLowerCase()) throw new Refusal('APPROVAL_MISMATCH', { approvedFor: `${a.requesterId}`, usedFor: use.requester });
  if (first(deps.db, q.selectFrom('approval_uses').select('approval_id').where('approval_id', '=', a.id))) throw new Refusal('APPROVAL_USED');
  // An approver locked or disabled since: lockOut voided the approval already; this holds even for a
  // lock written by another path.
  const approver = findPerson(deps.db, a.approverId);
  if (!approver || approver.disabled_at !== null || approver.locked_at !== null || !APPROVER_ROLES.includes(approver.role)) throw new Refusal('APPROVAL_INVALID');
  return a;
}

/**
 * Uses an approval for `use`, inside the action's transaction (so it is used exactly when the
 * action is written, and a refused action leaves it unused): only the dispatcher calls it, in
 * Call.act. Returns the approver's ID. Refuses as checkApproval does, and APPROVAL_USED.
 */
export function consumeApproval(deps: ApprovalDeps, token: string, use: ApprovalUse, checkedAt?: number): string {
  if (!deps.db.inTransaction) throw new Error('consumeApproval must run inside the action\'s transaction');
  const a = checkApproval(deps, token, use, checkedAt);
  run(deps.db, q.insertInto('approval_uses').values({
    approval_id: a.id, action: a.action, subject: a.subject, requester_id: a.requesterId, approver_id: a.approverId,
    approved_at: new Date(a.approvedAt).toISOString(), used_at: deps.now().toISOString(),
  }));
  return a.approverId;
}
