// What a method is, declared once: its input, its output, who may call it, whether it needs a
// supervisor's approval and what that approval is bound to, whether its input names who acts,
// whether the screens call it on a timer. One file per domain (`shared/api/<domain>.ts`, named by
// the method's prefix) declares its methods with this shape; shared/api/index.ts merges them and
// electron/terminal/dispatch.ts does, for every call, what the spec says.
import type { z } from 'zod';
import type { Role } from './roles';

/** An input's fields as a caller sent them (an approval's subject is derived before validation too). */
export type Fields = Record<string, unknown>;

export interface MethodSpec {
  /** What a caller sends; the dispatcher validates it before anything else reads it. */
  readonly input: z.ZodType;
  /**
   * What the handler answers (strict objects, decimals as strings): the handler's answer must fit
   * it at compile time (electron/terminal/handlers.ts), and GET /api/contract publishes it.
   */
  readonly output: z.ZodType;
  /** Who may call: the roles, or 'public' (no session: the rate board, the sign-in screen). */
  readonly roles: readonly Role[] | 'public';
  /**
   * A supervisor's approval in place (auth.approve): `subject` is what it is bound to, derived from
   * the input (an approval to void receipt 1 does not void receipt 2). `self`: a supervisor or
   * manager signed in may act on their own authority; otherwise four eyes, always. The dispatcher
   * checks the approval before the handler runs and consumes it in the action's transaction.
   */
  readonly approval?: { readonly subject: (input: Fields) => string; readonly self?: boolean };
  /**
   * The input names who acts, in its `actor` field: optional on the wire (the dispatcher fills it
   * from the session), refused when it names someone else (ACTOR_MISMATCH).
   */
  readonly actor?: true;
  /** Called by the screens on a timer: needs a session but does not keep it alive (idle sign-out). */
  readonly passive?: true;
  /**
   * Writes nothing to the ledger: answered on a damaged ledger too (electron/terminal/safety.ts). A
   * method without it counts as a write, so a new method is refused on a damaged ledger until its
   * spec says it only reads, never the other way round.
   */
  readonly query?: true;
  /**
   * An input that succeeds on a stocked outlet (test/helpers/terminal.ts stockOutlet), for a method
   * that needs nothing made before it: the malformed-input and masking tests start from it.
   * Methods that need a trade or a row first have their example in test/helpers/validInputs.ts.
   */
  readonly example?: Fields;
  /** Writes with a real-time entry (or the hub's answer) awaited in between: such calls run one at a time. */
  readonly serial?: true;
}

/** A domain's methods: every name starts with the domain's prefix (test/api-layout.test.ts). */
export type DomainSpecs<P extends string> = { readonly [M in `${P}.${string}`]: MethodSpec };

/**
 * The names the acting person's field had before one name (issue 15): `tellerId` (trades), `setBy`
 * (rates), `importedBy` (conversion rates), `loadedBy` (policies, the calendar). A caller written
 * then still sends them; the dispatcher takes one as `actor` for a method whose spec has `actor`.
 */
export const LEGACY_ACTOR_FIELDS = ['tellerId', 'setBy', 'importedBy', 'loadedBy'] as const;
