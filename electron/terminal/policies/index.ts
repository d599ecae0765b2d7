// The policy versions (rules.md): the parameters every rule reads (limits, thresholds, windows),
// each version effective from a date, loaded as data: a new version needs no code change.
import type { Parsed } from '../../../shared/api';
import { checkNextPolicy, type Policy } from '../../../shared/policy';
import type { HandlersOf, Services } from '../services';
import { insertPolicy } from '../settings';

/** Loads a later policy version as data: no code change (rules.md). */
export function loadPolicy(ctx: Services, input: Parsed<'policies.load'>): Policy {
  const policies = ctx.policies();
  const policy = checkNextPolicy(input, policies[policies.length - 1]!);
  ctx.db.transaction(() => insertPolicy(ctx.db, policy, ctx.now().toISOString(), input.actor))();
  return policy;
}

export const policiesHandlers = {
  'policies.list': (ctx) => ctx.policies(),
  'policies.load': loadPolicy,
} satisfies HandlersOf<'policies'>;
