// auth.*: sign-in, the session and a supervisor's approval in place (issue #7). The rules are
// electron/terminal/auth.
import { z } from 'zod';
import { instant } from './fields';
import { password, personView } from './people';
import { EVERYONE, STAFF } from './roles';
import type { DomainSpecs } from './spec';

export const authApi = {
  /** Sign in with a staff ID and password: a session for every later call. */
  'auth.signIn': {
    input: z.strictObject({ userId: z.string().min(1).max(64), password }),
    output: z.strictObject({ session: z.string(), person: personView, expiresAt: instant }),
    roles: 'public',
  },
  /** End this session (the session travels beside the input, never in it). */
  'auth.signOut': { input: z.strictObject({}), output: z.strictObject({ signedOut: z.boolean() }), roles: 'public' },
  /** Who this session is, and when it signs out if nothing is done. */
  'auth.whoami': { input: z.strictObject({}), output: z.strictObject({ person: personView, expiresAt: instant }), roles: EVERYONE, passive: true },
  /**
   * A supervisor types their ID and password on the teller's screen: a single-use approval of one
   * action (a method name) on one subject (the method spec's `approval.subject`, shared/api
   * approvalSubject), for this session's person, valid 2 minutes. The approved method then carries
   * it as `approval`.
   */
  'auth.approve': {
    input: z.strictObject({ userId: z.string().min(1).max(64), password, action: z.string().min(1).max(64), subject: z.string().min(1).max(200) }),
    output: z.strictObject({ approval: z.string(), approver: personView, action: z.string(), subject: z.string(), expiresAt: instant }),
    roles: STAFF,
  },
} as const satisfies DomainSpecs<'auth'>;
