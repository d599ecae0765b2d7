// Who may call what (issue #7). Every method of the contract names the roles that may call it, or
// 'public' (no session: the customer rate board is never signed in, and neither is the sign-in
// screen). The Terminal enforces this on every call, whatever the transport; the renderer only
// hides what would be refused. The `satisfies` below makes a method without an entry fail the
// type-check, so nothing new is callable by accident.
//
// Roles: 柜员 teller, 主管 supervisor, 经理 manager (people and the outlet's settings), and the two
// statistics reporters of 第五十一条(一), 统计报表 A角 (primary) and B角 (backup), who read reports
// and nothing about customers.
import type { MethodName } from './contract';

export const ROLES = ['teller', 'supervisor', 'manager', 'reporterA', 'reporterB'] as const;
export type Role = (typeof ROLES)[number];

/** Who may approve what needs a supervisor: a void, an override, page mode, a reprint copy, … */
export const APPROVER_ROLES: readonly Role[] = ['supervisor', 'manager'];

const STAFF = ['teller', 'supervisor', 'manager'] as const;
const SUPERVISORS = ['supervisor', 'manager'] as const;
const MANAGER = ['manager'] as const;
const REPORTERS = ['reporterA', 'reporterB'] as const;
/** Reference data a report needs (no customer in it): staff and reporters. */
const READ_REFERENCE = [...STAFF, ...REPORTERS] as const;
/** Reports: staff who close the day, and the reporters. */
const READ_REPORTS = [...SUPERVISORS, ...REPORTERS] as const;
const EVERYONE = ROLES;

export const ACCESS = {
  // ---- no session ----
  'session.info': 'public',
  'rates.board': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'people.bootstrap': 'public',

  // ---- the session itself ----
  'auth.whoami': EVERYONE,
  'auth.approve': STAFF,
  'people.setPassword': EVERYONE,
  'people.create': MANAGER,
  'people.list': MANAGER,
  'people.disable': MANAGER,
  'people.unlock': MANAGER,

  // ---- the outlet and its reference data ----
  'outlet.get': READ_REFERENCE,
  'policies.list': READ_REFERENCE,
  'policies.load': MANAGER,
  'rates.set': SUPERVISORS,
  'rates.history': READ_REFERENCE,
  'conversionRates.import': SUPERVISORS,
  'conversionRates.get': READ_REFERENCE,
  'calendar.load': MANAGER,
  'calendar.get': READ_REFERENCE,
  'calendar.list': READ_REFERENCE,

  // ---- the counter ----
  'customers.lookup': STAFF,
  'trades.quote': STAFF,
  'trades.commit': STAFF,
  'trades.void': STAFF,
  'trades.get': STAFF,
  'trades.list': STAFF,
  'trades.personDay': STAFF,
  'trades.reprint': STAFF,
  'trades.preview': STAFF,
  'printer.status': STAFF,
  'printer.jobs': STAFF,
  'printer.printPending': STAFF,
  'cash.onHand': STAFF,
  'cash.fund': SUPERVISORS,

  // ---- the reporting queue ----
  'queue.status': STAFF,
  'queue.list': STAFF,
  'queue.retry': STAFF,
  // A supervisor's decision, like a retry: a teller asks one to approve in place.
  'queue.resolve': STAFF,
  'queue.syncNow': STAFF,
  'monitoring.backfillList': READ_REPORTS,
  'monitoring.reconcile': SUPERVISORS,

  // ---- the audit trail: the supervisor's screen ----
  'audit.verify': SUPERVISORS,
  'audit.list': SUPERVISORS,
  // A manager records the examination; a second person (supervisor or manager) approves it.
  'audit.examineBreak': MANAGER,

  // ---- reserves, cash by note, the day close and the reports (issue #6) ----
  'cash.notes': STAFF,
  'cash.proposePayout': STAFF,
  'cash.handover': STAFF,
  'reserves.setBasicAccount': MANAGER,
  'reserves.openAccount': MANAGER,
  'reserves.accounts': [...SUPERVISORS, ...REPORTERS],
  'reserves.move': SUPERVISORS,
  'reserves.ledger': READ_REPORTS,
  'dayClose.prepare': STAFF,
  'dayClose.close': STAFF,
  'dayClose.get': [...STAFF, ...REPORTERS],
  'dayClose.list': [...STAFF, ...REPORTERS],
  'dayClose.print': STAFF,
  'reports.form1': READ_REPORTS,
  'reports.form2': READ_REPORTS,
  'reports.trialBalance': READ_REPORTS,
  'reports.profit': READ_REPORTS,
  'reports.export': READ_REPORTS,
  'reports.outletExport': READ_REPORTS,
  'reports.consolidate': READ_REPORTS,

  // ---- backups and the clock check (issue #7 item 5) ----
  'backup.create': SUPERVISORS,
  'backup.list': SUPERVISORS,
  'backup.verify': SUPERVISORS,
  // At the counter a teller asks, and a supervisor approves in place (auth.approve); a supervisor
  // signed in confirms on their own authority (SELF_APPROVED).
  'clock.confirm': STAFF,
} as const satisfies { [M in MethodName]: readonly Role[] | 'public' };

/**
 * Who sees customers (names and ID numbers): the staff at the counter, whose work needs them. Every
 * other caller (the reporters, and a call without a session) gets each answer through
 * shared/masking.ts: the Terminal masks it after the handler, in one place for every method, so a
 * method added later cannot leak a customer by omission (test/customer-masking.test.ts).
 */
export const CUSTOMER_READERS: readonly Role[] = STAFF;

export function seesCustomers(role: Role | undefined): boolean {
  return role !== undefined && CUSTOMER_READERS.includes(role);
}

export function mayCall(method: MethodName, role: Role): boolean {
  const access: readonly Role[] | 'public' = ACCESS[method];
  return access === 'public' || access.includes(role);
}

/**
 * Calls the screens make on a timer (the status bar, the board, the print state): they need a
 * live session but do not keep it alive, so a counter left alone signs out after idleSignOutMs
 * even while its status bar polls.
 */
export const PASSIVE_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'session.info', 'rates.board', 'auth.whoami', 'queue.status', 'printer.status', 'printer.jobs', 'queue.list',
]);

/**
 * The input fields that name who does something. On the wire they are optional: the Terminal
 * fills them from the session, and refuses a call whose field names someone else (ACTOR_MISMATCH).
 */
export const ACTOR_FIELDS = ['tellerId', 'setBy', 'importedBy', 'loadedBy', 'actor'] as const;
export type ActorField = (typeof ACTOR_FIELDS)[number];

// ---- a supervisor's approval in place ----

type Fields = Record<string, unknown>;
/** A field as text, whatever a caller sent (a malformed input is refused later, by the contract). */
const part = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');
const tradeSubject = (i: Fields): string => (typeof i.receiptNo === 'number' ? `receipt:${i.receiptNo}` : `trade:${part(i.tradeId)}`);

/**
 * What an approval is bound to, per approved method (the action): a string derived from the
 * method's input, so an approval for voiding receipt 1 cannot void receipt 2. The renderer asks
 * for the approval with the subject of the call it is about to make; the Terminal derives it again
 * from the call and compares. A method whose handler calls consumeApproval needs an entry here.
 */
export const APPROVALS = {
  /** The quote the customer agreed to: its token's signature (an HMAC of the quoted figures). */
  'trades.commit': (i: Fields) => `quote:${part(i.quoteToken).split('.').pop()}`,
  'trades.void': tradeSubject,
  'trades.reprint': tradeSubject,
  'queue.retry': (i: Fields) => `outbox:${part(i.id)}`,
  /** The row and the way out chosen (with its reference number for page mode): approving one is not approving another. */
  'queue.resolve': (i: Fields) => {
    const r = typeof i.resolution === 'object' && i.resolution !== null ? (i.resolution as Fields) : {};
    return `outbox:${part(i.id)}:${part(r.kind)}${r.kind === 'pageMode' ? `:${part(r.refNo)}` : ''}`;
  },
  /** The PC clock found behind its last mark (CLOCK_BEHIND): one clock per terminal. */
  'clock.confirm': () => 'clock',
  /** A break in the audit chain examined: the broken entry (never self-approved: four eyes). */
  'audit.examineBreak': (i: Fields) => `auditBreak:${part(i.entryId)}`,
  /** An over/short or a note mix that differs at the day close: the day. */
  'dayClose.close': (i: Fields) => `day:${part(i.date)}`,
} as const satisfies { [M in MethodName]?: (input: Fields) => string };

export type ApprovalAction = keyof typeof APPROVALS;

/**
 * Approved actions a supervisor (or manager) may also do on their own authority, signed in
 * themselves. The others keep four eyes: the teller and the approver are two people, whoever is
 * signed in (a void, a supervisor-level prompt, page mode, a second reprint).
 */
export const SELF_APPROVED: ReadonlySet<ApprovalAction> = new Set<ApprovalAction>(['queue.retry', 'queue.resolve', 'clock.confirm']);

export function isApprovalAction(action: string): action is ApprovalAction {
  return Object.hasOwn(APPROVALS, action);
}

/** The subject an approval of `action` must carry for this input. */
export function approvalSubject(action: ApprovalAction, input: unknown): string {
  const fields = typeof input === 'object' && input !== null ? (input as Fields) : {};
  return APPROVALS[action](fields);
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
