// The people of the tests and the test convenience around a Terminal that signs them in (issue
// #7). No vitest import here: the crash tests' child processes and the benchmark use it too.
import type { Result } from '../../shared/errors';
import type { Terminal } from '../../electron/terminal/terminal';
import { hashPasswordSync } from '../../electron/terminal/people/passwords';
import { findPerson, insertPerson } from '../../electron/terminal/people/staff';
import { ACCESS, ACTOR_FIELDS, approvalSubject, isApprovalAction, type Role } from '../../shared/api';
import type { MethodName } from '../../shared/api';

/**
 * The people of the tests (issue #7): their IDs are the actors the tests name. Every password is
 * `<id>-password`; hashes use a low scrypt cost so that opening a harness stays fast (the cost is
 * stored with each hash; the Terminal's own default is tested in test/auth.test.ts).
 */
export const PEOPLE: readonly { id: string; name: string; role: Role }[] = [
  { id: 'mgr1', name: '经理 Manager', role: 'manager' },
  { id: 'sup1', name: '主管一 Supervisor one', role: 'supervisor' },
  { id: 'sup2', name: '主管二 Supervisor two', role: 'supervisor' },
  { id: 'teller1', name: '柜员一 Teller one', role: 'teller' },
  { id: 'teller2', name: '柜员二 Teller two', role: 'teller' },
  { id: 'statA', name: '统计A角 Reporter A', role: 'reporterA' },
  { id: 'statB', name: '统计B角 Reporter B', role: 'reporterB' },
];
export const passwordOf = (id: string): string => `${id}-password`;
export const TEST_SCRYPT_N = 2 ** 10;
const hashes = new Map<string, string>();

/** The test people, written once into a ledger that has none of them (a reopened ledger keeps them). */
export function seedPeople(t: Terminal): void {
  const db = t.ledger;
  db.transaction(() => {
    for (const p of PEOPLE) {
      if (findPerson(db, p.id)) continue;
      let hash = hashes.get(p.id);
      if (!hash) hashes.set(p.id, (hash = hashPasswordSync(passwordOf(p.id), TEST_SCRYPT_N)));
      insertPerson(db, { ...p, passwordHash: hash }, '2026-01-01T00:00:00.000Z', 'test');
    }
  }).immediate();
}

const DEFAULT_ACTORS = ['teller1', 'sup1', 'mgr1', 'statA'] as const;

/** The Terminal of the tests (Harness.terminal): calls made in the session of the person they name. */
export interface Staffed extends Terminal {
  /** The session of a test person (PEOPLE), opened when the terminal was staffed or last signed in again. */
  session(id: string): string;
  /**
   * Signs `id` in again: a new session, for the calls that follow. Never done on the test's behalf:
   * after the clock has moved past the idle limit, the person's calls are answered SESSION_EXPIRED
   * until the test signs them in again, as at the counter.
   */
  signInAgain(id: string): string;
}

/**
 * The test convenience around a raw Terminal (see Harness.terminal): the people are seeded and
 * signed in at once, so every write of the set-up is done before the test looks at the ledger.
 * It never turns a refusal into something else: a refused approval is the call's answer, and an
 * expired session stays expired (signInAgain).
 */
export function staffed(raw: Terminal): Staffed {
  seedPeople(raw);
  const sessions = new Map(PEOPLE.map((p) => [p.id, raw.openSession(p.id)]));
  const roles = new Map(PEOPLE.map((p) => [p.id, p.role]));

  function who(method: MethodName, input: unknown): string | undefined {
    const access = ACCESS[method] as readonly Role[] | 'public' | undefined;
    if (access === 'public') return undefined;
    const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
    const named = ACTOR_FIELDS.map((f) => fields[f]).find((v): v is string => typeof v === 'string' && sessions.has(v));
    return named ?? DEFAULT_ACTORS.find((id) => access?.includes(roles.get(id)!)) ?? 'teller1';
  }

  /**
   * A `supervisorId` (a test person) without an `approval`, on a method that takes one: that
   * supervisor approves with their password (auth.approve), in the actor's session, and the input
   * goes with the approval. A refused approval (the requester approving themselves, a teller as
   * approver, an input whose subject cannot be read) is the answer: the call is not made.
   */
  async function withApproval(method: MethodName, input: unknown, session: string): Promise<Result<unknown>> {
    if (!isApprovalAction(method) || typeof input !== 'object' || input === null) return { ok: true, value: input };
    const fields = input as Record<string, unknown>;
    const sup = fields.supervisorId;
    if (typeof sup !== 'string' || fields.approval !== undefined || !sessions.has(sup)) return { ok: true, value: input };
    const r = await raw.call('auth.approve', { userId: sup, password: passwordOf(sup), action: method, subject: approvalSubject(method, input) }, session);
    return r.ok ? { ok: true, value: { ...fields, approval: r.value.approval } } : r;
  }

  async function callUnknown(method: unknown, input: unknown, session?: unknown): Promise<Result<unknown>> {
    if (session !== undefined || typeof method !== 'string' || !Object.hasOwn(ACCESS, method)) return raw.callUnknown(method, input, session);
    const m = method as MethodName;
    const id = who(m, input);
    if (id === undefined) return raw.callUnknown(m, input);
    const s = sessions.get(id)!;
    const approved = await withApproval(m, input, s);
    return approved.ok ? raw.callUnknown(m, approved.value, s) : approved;
  }

  const session = (id: string): string => {
    const s = sessions.get(id);
    if (!s) throw new Error(`no test person ${id}`);
    return s;
  };

  return {
    call: (method, input, session) => callUnknown(method, input, session) as never,
    callUnknown,
    openSession: (id) => raw.openSession(id),
    session,
    signInAgain: (id) => {
      session(id);
      const s = raw.openSession(id);
      sessions.set(id, s);
      return s;
    },
    get methods() {
      return raw.methods;
    },
    close: () => raw.close(),
    get hub() {
      return raw.hub;
    },
    get ledger() {
      return raw.ledger;
    },
  };
}
