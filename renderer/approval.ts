// A supervisor's approval in place (issue #7): the supervisor types their ID and password on the
// teller's screen, the Terminal answers a single-use approval of exactly this action on exactly
// this subject (shared/api approvalSubject), and the action is then called with it.
import { approvalSubject, type ApprovalAction } from '../shared/api';
import { call, type ApiResult } from './api';
import type { SupervisorEntry } from './supervisor';

export { filled, NO_SUPERVISOR, type SupervisorEntry } from './supervisor';

/** The approval token for `action` on the call about to be made with `input`. */
export async function approve(action: ApprovalAction, input: unknown, supervisor: SupervisorEntry): Promise<ApiResult<string>> {
  const r = await call('auth.approve', { userId: supervisor.id.trim(), password: supervisor.password, action, subject: approvalSubject(action, input) });
  return r.ok ? { ok: true, value: r.value.approval } : r;
}
