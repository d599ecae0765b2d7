// The one dispatcher (issue 15): what every call needs, done once, in this order, whatever the
// transport (direct, IPC, HTTP) and whatever the method:
//   1. who is calling: the session's person, in a role the method's spec allows (shared/api);
//   2. the ledger's safety (a damaged ledger, a clock set back: safety.ts);
//   3. every string well-formed and free of controls (shared/text.ts);
//   4. the input validated against the spec's schema; the actor filled from the session;
//   5. a supervisor's approval, for a method whose spec has one: checked here before the handler
//      runs, and used (consumed) in the action's own transaction, Call.act;
//   6. the handler; then customers masked for whoever may not see them (shared/masking.ts).
// A Refusal becomes a Failure with a stable code and both messages; anything else is a bug, logged
// with a reference, and answered INTERNAL_ERROR (never a stack trace on the teller's screen).
import { ulid } from 'ulid';
import { api, APPROVER_ROLES, LEGACY_ACTOR_FIELDS, seesCustomers, SERIAL_METHODS, type MethodName } from '../../shared/api';
import { Refusal, failure, type Result } from '../../shared/errors';
import { maskCustomers } from '../../shared/masking';
import { findTextProblem } from '../../shared/text';
import { invalidInput } from '../../shared/api/invalid';
import { checkApproval, consumeApproval } from './auth/sessions';
import type { Person } from './people/staff';
import type { Call, Services } from './services';

type AnyHandler = (services: Services, input: unknown, call: Call) => unknown;

export interface DispatchDeps {
  services: Services;
  handlers: { readonly [M in MethodName]: unknown };
  /** Before anything is read: LEDGER_DAMAGED, CLOCK_BEHIND (safety.ts). */
  guard: (method: MethodName) => void;
  /** After a call that succeeded: the clock mark moves on, the policy versions are read again. */
  afterCall: (method: MethodName) => void;
  log: (message: string, error: unknown) => void;
}


export function createDispatcher(deps: DispatchDeps): (method: unknown, input: unknown, session: unknown) => Promise<Result<unknown>> {
  const { services, log } = deps;
  let queue: Promise<unknown> = Promise.resolve();

  async function invoke(method: MethodName, input: unknown, session: unknown): Promise<Result<unknown>> {
    try {
      const spec = api[method];
      const caller = spec.roles === 'public' ? services.auth.peek(session) : services.auth.check(session, method, spec.roles);
      deps.guard(method);
      // Every string, before anything reads it: what is stored and hashed is exactly what was sent.
      const badText = findTextProblem(input);
      if (badText) throw new Refusal('INVALID_INPUT', { field: badText.field, problemZh: badText.problem.zh, problemEn: badText.problem.en });
      // An absent body means no arguments; null or any other non-object is refused by the schema.
      const given = input === undefined ? {} : 'actor' in spec ? withLegacyActor(input) : input;
      const parsed = spec.input.safeParse(given);
      if (!parsed.success) throw invalidInput(parsed.error, given);
      const data = parsed.data as Record<string, unknown>;
      if (caller && 'actor' in spec) bindActor(data, caller);
      const call = makeCall(method, data, caller, session);
      const value = await (deps.handlers[method] as AnyHandler)(services, data, call);
      deps.afterCall(method);
      // Customers masked for whoever may not see them, here for every method at once, so that no
      // reader method can leak a name or an ID by omission.
      return { ok: true, value: seesCustomers(caller?.role) ? value : maskCustomers(value) };
    } catch (e) {
      if (e instanceof Refusal) return { ok: false, error: e.failure };
      const ref = ulid();
      log(`terminal: ${method} failed (ref ${ref})`, e);
      return { ok: false, error: failure('INTERNAL_ERROR', { ref }) };
    }
  }

  /**
   * The call's approver and its transaction. An approval proves who approved; a `supervisorId`
   * alone proves nothing: it stands only as the approver of the call's approval, checked here
   * before anything is done. A supervisor may act on their own authority where the spec says
   * `self` (a queue retry, the clock); everywhere else four eyes.
   */
  function makeCall(method: MethodName, data: Record<string, unknown>, caller: Person | undefined, session: unknown): Call {
    const spec = api[method];
    let approver: string | undefined;
    let token: string | undefined;
    let use: { action: string; subject: string; requester: string } | undefined;
    let checkedAt: number | undefined;
    if ('approval' in spec && caller) {
      const claimed = data.supervisorId;
      token = typeof data.approval === 'string' ? data.approval : undefined;
      delete data.supervisorId;
      delete data.approval;
      if (token !== undefined) {
        use = { action: method, subject: spec.approval.subject(data), requester: caller.id };
        const a = checkApproval(services, token, use);
        checkedAt = services.now().getTime();
        if (typeof claimed === 'string' && claimed.toLowerCase() !== a.approverId.toLowerCase()) {
          throw new Refusal('APPROVAL_MISMATCH', { approvedFor: a.approverId, usedFor: claimed });
        }
        approver = a.approverId;
      } else if ('self' in spec.approval && spec.approval.self && APPROVER_ROLES.includes(caller.role)) {
        approver = caller.id;
      }
    }
    let used = false;
    return {
      caller,
      session: typeof session === 'string' ? session : undefined,
      approver,
      act: (write) =>
        services.db.transaction(() => {
          if (token !== undefined && use !== undefined && !used) {
            consumeApproval(services, token, use, checkedAt);
            used = true;
          }
          return write();
        }).immediate(),
    };
  }

  return (method, input, session) => {
    if (typeof method !== 'string' || !Object.hasOwn(api, method)) {
      return Promise.resolve({ ok: false, error: failure('UNKNOWN_METHOD', { method: String(method).slice(0, 80) }) });
    }
    const m = method as MethodName;
    // Calls that write with a real-time entry awaited in between run one at a time.
    if (!SERIAL_METHODS.has(m)) return invoke(m, input, session);
    const result = queue.then(() => invoke(m, input, session));
    queue = result;
    return result;
  };
}

/**
 * An input that names its actor by one earlier name (and not as `actor`): a copy naming it `actor`.
 * Two names at once are left as sent, and the schema refuses the one it does not know.
 */
function withLegacyActor(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || Object.hasOwn(input, 'actor')) return input;
  const legacy = LEGACY_ACTOR_FIELDS.filter((f) => Object.hasOwn(input, f));
  if (legacy.length !== 1) return input;
  const { [legacy[0]!]: value, ...rest } = input as Record<string, unknown>;
  return { ...rest, actor: value };
}

/** The actor is the session's person: a field naming anyone else is refused; an absent one is filled. */
function bindActor(data: Record<string, unknown>, person: Person): void {
  const given = data.actor;
  if (typeof given === 'string' && given.toLowerCase() !== person.id.toLowerCase()) throw new Refusal('ACTOR_MISMATCH', { given, signedIn: person.id });
  data.actor = person.id;
}

