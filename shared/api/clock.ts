// clock.*: the PC clock check (README "Backups and recovery"): a clock found behind its last mark
// (CLOCK_BEHIND) refuses writes until a supervisor confirms the time.
import { z } from 'zod';
import { instant, staffRef } from './fields';
import { STAFF } from './roles';
import type { DomainSpecs } from './spec';

export const clockApi = {
  /**
   * A supervisor confirms the PC clock's time after CLOCK_BEHIND: signed in themselves, or by their
   * approval (auth.approve); `supervisorId` names who approved.
   */
  'clock.confirm': {
    input: z.strictObject({ supervisorId: staffRef.optional(), approval: z.string().min(1).max(200).optional() }),
    output: z.strictObject({ confirmedAt: instant, previousMark: instant.nullable(), wasBehind: z.boolean() }),
    // At the counter a teller asks, and a supervisor approves in place (auth.approve); a supervisor
    // signed in confirms on their own authority (`self`).
    roles: STAFF,
    /** One clock per terminal. */
    approval: { subject: () => 'clock', self: true },
  },
} as const satisfies DomainSpecs<'clock'>;
