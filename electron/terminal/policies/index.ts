// The policy versions (rules.md): the parameters every rule reads (limits, thresholds, windows),
// each version effective from a date, loaded as data: a new version needs no code change.
import type { Parsed } from '../../../shared/api';
import { Refusal } from '../../../shared/errors';
import { policyParamsSchema, type Policy } from '../../../shared/policy';
import { isIsoDate } from '../../../shared/time';
import type { HandlersOf, Services } from '../services';
import { insertPolicy } from '../settings';

/** Loads a later policy version as data: no code change (rules.md). */
export function loadPolicy(ctx: Services, input: Parsed<'policies.load'>): Policy {
  const problem = (en: string, zh: string) => new Refusal('INVALID_INPUT', { field: 'policy', problemEn: en, problemZh: zh });
  if (!isIsoDate(input.effectiveDate)) throw problem('has an effective date that is not YYYY-MM-DD', '生效日期不是 YYYY-MM-DD');
  const parsed = policyParamsSchema.safeParse(input.params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw problem(`has a wrong parameter ${issue.path.join('.')}: ${issue.message}`, `参数 ${issue.path.join('.')} 有误`);
  }
  const policies = ctx.policies();
  const latest = policies[policies.length - 1]!;
  if (input.version !== latest.version + 1) throw problem(`must be version ${latest.version + 1}`, `版本号应为 ${latest.version + 1}`);
  if (input.effectiveDate <= latest.effectiveDate) throw problem(`must take effect after ${latest.effectiveDate}`, `生效日期须晚于 ${latest.effectiveDate}`);
  const policy: Policy = { version: input.version, effectiveDate: input.effectiveDate, source: input.source, params: parsed.data };
  ctx.db.transaction(() => insertPolicy(ctx.db, policy, ctx.now().toISOString(), input.actor))();
  return policy;
}

export const policiesHandlers = {
  'policies.list': (ctx) => ctx.policies(),
  'policies.load': loadPolicy,
} satisfies HandlersOf<'policies'>;
