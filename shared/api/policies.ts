// policies.*: the versions of the rules' parameters (limits, thresholds), loaded as data.
import { z } from 'zod';
import { policyParamsSchema } from '../policy';
import { actorField, date, text } from './fields';
import { MANAGER, READ_REFERENCE } from './roles';
import type { DomainSpecs } from './spec';

export const policyView = z.strictObject({
  version: z.number().int().positive(),
  effectiveDate: date,
  source: z.string(),
  params: policyParamsSchema,
});

export const policiesApi = {
  'policies.list': { input: z.object({}).strict(), output: z.array(policyView), roles: READ_REFERENCE, query: true },
  'policies.load': {
    input: z
      // TODO(dates): effectiveDate, re-checked by isIsoDate in electron/terminal/settings.ts.
      .object({ version: z.number().int().positive(), effectiveDate: text(10), source: text(200), params: z.unknown(), ...actorField })
      .strict(),
    output: policyView,
    roles: MANAGER,
    actor: true,
  },
} as const satisfies DomainSpecs<'policies'>;
