// Signing in and out, who a session is, and a supervisor's approval given on the teller's screen
// (issue #7). The state and the rules of sessions and approvals: ./sessions.ts.
import { APPROVAL_THROTTLE_MS, APPROVER_ROLES, APPROVAL_VALIDITY_MS, MAX_FAILED_APPROVALS, isApprovalAction } from '../../../shared/api';
import type { Parsed } from '../../../shared/api';
import { Refusal } from '../../../shared/errors';
import { audit } from '../../ledger/audit';
import type { PersonTable } from '../../ledger/schema';
import type { Call, HandlersOf, Services } from '../services';
import { verifyPassword } from '../people/passwords';
import { findPerson, personOf, recordRightPassword, recordWrongPassword, usable } from '../people/staff';

/**
 * The password is checked first, whoever the ID is: an unknown ID, a locked one and a disabled one
 * all answer a wrong password with SIGN_IN_FAILED, in the same time (a decoy hash for an unknown
 * ID), so the sign-in screen does not tell which IDs exist. Only someone who typed the right
 * password hears that the ID is locked or disabled. The fifth wrong password in a row locks the
 * person, and answers SIGN_IN_FAILED like the four before it.
 */
export async function signIn(ctx: Services, input: Parsed<'auth.signIn'>) {
  const found = findPerson(ctx.db, input.userId);
  const at = ctx.now().toISOString();
  const refusedAudit = (reason: string) =>
    ctx.db.transaction(() => audit(ctx.db, { at, actor: input.userId, action: 'auth.signIn.refused', entity: 'person', entityId: input.userId, detail: { reason } })).immediate();
  if (!(await verifyPassword(input.password, found?.password_hash, ctx.auth.scryptN))) {
    // A disabled person's count no longer matters; a locked one's goes on (the audit shows the guessing).
    if (found && found.disabled_at === null) recordWrongPassword({ db: ctx.db, now: ctx.now, lockOut: ctx.auth.lockOut }, found, 'auth.signIn', found.id);
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

export function signOut(ctx: Services, _input: unknown, call: Call) {
  const person = ctx.auth.peek(call.session);
  const signedOut = ctx.auth.end(call.session);
  if (signedOut && person) {
    const at = ctx.now().toISOString();
    ctx.db.transaction(() => audit(ctx.db, { at, actor: person.id, action: 'auth.signOut', entity: 'person', entityId: person.id })).immediate();
  }
  return { signedOut };
}

export function whoami(ctx: Services, _input: unknown, call: Call) {
  const person = call.caller;
  const expiresAt = ctx.auth.expiresAt(call.session);
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
export async function approve(ctx: Services, input: Parsed<'auth.approve'>, call: Call) {
  const requester = call.caller;
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

function throttledRefusal(ctx: Services, until: number): Refusal {
  const minutes = Math.max(1, Math.ceil((until - ctx.now().getTime()) / 60_000));
  return new Refusal('APPROVAL_THROTTLED', { n: String(MAX_FAILED_APPROVALS), window: String(APPROVAL_THROTTLE_MS / 60_000), minutes: String(minutes) });
}

export const authHandlers = {
  'auth.signIn': signIn,
  'auth.signOut': signOut,
  'auth.whoami': whoami,
  'auth.approve': approve,
} satisfies HandlersOf<'auth'>;
