// The API contract of people, sign-in and a supervisor's approval (issue #7): input schemas merged
// into shared/contract.ts `methods`, output schemas merged into shared/contractOutputs.ts `outputs`.
// Who may call what is shared/access.ts; the rules are electron/terminal/auth.ts and people.ts.
import { z } from 'zod';
import { ROLES } from './access';

/** A staff ID as typed at the counter: letters, digits, `.`, `_`, `-`. */
export const personId = z.string().min(1).max(32).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -');
/** A password is checked by the Terminal (PASSWORD_TOO_SHORT names the rule); this bounds it. */
const password = z.string().max(200);
const name = z.string().min(1).max(100);

export const peopleMethods = {
  /** Sign in with a staff ID and password: a session for every later call. */
  'auth.signIn': z.strictObject({ userId: z.string().min(1).max(64), password }),
  /** End this session (the session travels beside the input, never in it). */
  'auth.signOut': z.strictObject({}),
  /** Who this session is, and when it signs out if nothing is done. */
  'auth.whoami': z.strictObject({}),
  /**
   * A supervisor types their ID and password on the teller's screen: a single-use approval of one
   * action (a method name) on one subject (shared/access.ts `approvalSubject`), for this session's
   * person, valid 2 minutes. The approved method then carries it as `approval`.
   */
  'auth.approve': z.strictObject({ userId: z.string().min(1).max(64), password, action: z.string().min(1).max(64), subject: z.string().min(1).max(200) }),
  /** First run only: the first manager, when no person exists yet (no session needed). */
  'people.bootstrap': z.strictObject({ id: personId, name, password }),
  'people.create': z.strictObject({ id: personId, name, role: z.enum(ROLES), password }),
  'people.list': z.strictObject({}),
  /** A person is disabled, never deleted: their ID stays on what they did. */
  'people.disable': z.strictObject({ id: personId }),
  /** After five wrong passwords in a row a person is locked until a manager unlocks them. */
  'people.unlock': z.strictObject({ id: personId }),
  /**
   * A manager sets anyone's password (a reset); a person changes their own with `oldPassword`.
   * `id` defaults to this session's person.
   */
  'people.setPassword': z.strictObject({ id: personId.optional(), password, oldPassword: password.optional() }),
} as const;

// ---- answers ----

const instant = z.iso.datetime();
const role = z.enum(ROLES);
export const personView = z.strictObject({ id: z.string(), name: z.string(), role });

export const peopleOutputs = {
  'auth.signIn': z.strictObject({ session: z.string(), person: personView, expiresAt: instant }),
  'auth.signOut': z.strictObject({ signedOut: z.boolean() }),
  'auth.whoami': z.strictObject({ person: personView, expiresAt: instant }),
  'auth.approve': z.strictObject({ approval: z.string(), approver: personView, action: z.string(), subject: z.string(), expiresAt: instant }),
  'people.bootstrap': personView,
  'people.create': personView,
  'people.list': z.array(
    z.strictObject({
      id: z.string(), name: z.string(), role, createdAt: instant, createdBy: z.string(),
      disabledAt: instant.optional(), lockedAt: instant.optional(), failedAttempts: z.number().int().min(0),
    }),
  ),
  'people.disable': personView,
  'people.unlock': personView,
  'people.setPassword': personView,
} as const;
