// Who may call what (issue #7): the roles, the groups the method specs name, and the rules of
// sessions and approvals every method shares. Each method's spec (shared/api/<domain>.ts) names
// the roles that may call it, or 'public'; the dispatcher enforces it whatever the transport, and
// the renderer only hides what would be refused.
//
// Roles: 柜员 teller, 主管 supervisor, 经理 manager (people and the outlet's settings), and the two
// statistics reporters of 第五十一条(一), 统计报表 A角 (primary) and B角 (backup), who read reports
// and nothing about customers.

export const ROLES = ['teller', 'supervisor', 'manager', 'reporterA', 'reporterB'] as const;
export type Role = (typeof ROLES)[number];

/** Who may approve what needs a supervisor: a void, an override, page mode, a reprint copy, … */
export const APPROVER_ROLES: readonly Role[] = ['supervisor', 'manager'];

export const STAFF = ['teller', 'supervisor', 'manager'] as const;
export const SUPERVISORS = ['supervisor', 'manager'] as const;
export const MANAGER = ['manager'] as const;
export const REPORTERS = ['reporterA', 'reporterB'] as const;
/** Reference data a report needs (no customer in it): staff and reporters. */
export const READ_REFERENCE = [...STAFF, ...REPORTERS] as const;
/** Reports: staff who close the day, and the reporters. */
export const READ_REPORTS = [...SUPERVISORS, ...REPORTERS] as const;
export const EVERYONE = ROLES;

/**
 * Who sees customers (names and ID numbers): the staff at the counter, whose work needs them. Every
 * other caller (the reporters, and a call without a session) gets each answer through
 * shared/masking.ts: the dispatcher masks it after the handler, in one place for every method, so a
 * method added later cannot leak a customer by omission (test/customer-masking.test.ts).
 */
export const CUSTOMER_READERS: readonly Role[] = STAFF;

export function seesCustomers(role: Role | undefined): boolean {
  return role !== undefined && CUSTOMER_READERS.includes(role);
}

/** How long an approval may wait for its action. */
export const APPROVAL_VALIDITY_MS = 2 * 60_000;
/** Signed out after this long without a call (TerminalConfig.idleSignOutMs). */
export const IDLE_SIGN_OUT_MS = 15 * 60_000;
/** Wrong passwords in a row before a person is locked (a manager unlocks). */
export const MAX_FAILED_SIGN_INS = 5;
/**
 * Wrong approvals (a supervisor's ID and password typed on someone's screen) one requester may make
 * within APPROVAL_THROTTLE_MS; more are refused (APPROVAL_THROTTLED) until the oldest of them is that
 * old. They are counted against the person asking, not the supervisor named: a teller typing wrong
 * passwords into the approval dialog must not lock a supervisor out of signing in.
 */
export const MAX_FAILED_APPROVALS = 5;
export const APPROVAL_THROTTLE_MS = 5 * 60_000;
export const MIN_PASSWORD_LENGTH = 8;

/**
 * Training mode only (electron/app/compose.ts seeds them; the sign-in screen shows them when the
 * terminal says it is in training): practice people with published passwords.
 */
export const TRAINING_PEOPLE = [
  { id: 'T01', name: '培训柜员 Trainee teller', role: 'teller', password: 'teller-T01' },
  { id: 'S01', name: '培训主管 Trainee supervisor', role: 'supervisor', password: 'supervisor-S01' },
  { id: 'M01', name: '培训经理 Trainee manager', role: 'manager', password: 'manager-M01' },
] as const satisfies readonly { id: string; name: string; role: Role; password: string }[];
