// The PC clock found behind its last mark (CLOCK_BEHIND): a supervisor confirms the time, signed in
// themselves or by their approval on the teller's screen. The guard itself: ../clock.ts.
import { Refusal } from '../../../shared/errors';
import type { HandlersOf } from '../services';

export const clockHandlers = {
  'clock.confirm': (ctx, _input, call) => {
    const approver = call.approver;
    if (approver === undefined) throw new Refusal('SUPERVISOR_REQUIRED', { why: 'clock.confirm', whyZh: '确认时间', whyEn: 'confirming the clock' });
    return call.act(() => ctx.clock.confirm(approver));
  },
} satisfies HandlersOf<'clock'>;
