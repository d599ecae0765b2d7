// people.*: the people who use the terminal (issue #7): the first manager, staff created, disabled
// and unlocked by a manager, and passwords. The rules are electron/terminal/people.
import { z } from 'zod';
import { instant } from './fields';
import { EVERYONE, MANAGER, ROLES } from './roles';
import type { DomainSpecs } from './spec';

/** A staff ID as typed at the counter: letters, digits, `.`, `_`, `-`. */
export const personId = z.string().min(1).max(32).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -');
/** A password is checked by the Terminal (PASSWORD_TOO_SHORT names the rule); this bounds it. */
export const password = z.string().max(200);
const name = z.string().min(1).max(100);

const role = z.enum(ROLES);
export const personView = z.strictObject({ id: z.string(), name: z.string(), role });

export const peopleApi = {
  /** First run only: the first manager, when no person exists yet (no session needed). */
  'people.bootstrap': { input: z.strictObject({ id: personId, name, password }), output: personView, roles: 'public' },
  'people.create': { input: z.strictObject({ id: personId, name, role: z.enum(ROLES), password }), output: personView, roles: MANAGER },
  'people.list': {
    input: z.strictObject({}),
    output: z.array(
      z.strictObject({
        id: z.string(), name: z.string(), role, createdAt: instant, createdBy: z.string(),
        disabledAt: instant.optional(), lockedAt: instant.optional(), failedAttempts: z.number().int().min(0),
      }),
    ),
    roles: MANAGER,
  },
  /** A person is disabled, never deleted: their ID stays on what they did. */
  'people.disable': { input: z.strictObject({ id: personId }), output: personView, roles: MANAGER },
  /** After five wrong passwords in a row a person is locked until a manager unlocks them. */
  'people.unlock': { input: z.strictObject({ id: personId }), output: personView, roles: MANAGER },
  /**
   * A manager sets anyone's password (a reset); a person changes their own with `oldPassword`.
   * `id` defaults to this session's person.
   */
  'people.setPassword': {
    input: z.strictObject({ id: personId.optional(), password, oldPassword: password.optional() }),
    output: personView,
    roles: EVERYONE,
  },
} as const satisfies DomainSpecs<'people'>;
