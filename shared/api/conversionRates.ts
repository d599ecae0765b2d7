// conversionRates.*: the month's USD conversion rates (折算率), imported from SAFE's table.
import { z } from 'zod';
import { actorField, count, decimal, isoMonth } from './fields';
import { READ_REFERENCE, SUPERVISORS } from './roles';
import type { DomainSpecs } from './spec';

export const conversionRatesView = z.strictObject({
  month: z.string(),
  rates: z.array(z.strictObject({ currency: z.string(), usdPerUnit: decimal })),
});

export const conversionRatesApi = {
  'conversionRates.import': {
    input: z.object({ month: isoMonth, csv: z.string().max(100_000), ...actorField }).strict(),
    output: z.strictObject({ month: z.string(), currencies: count }),
    roles: SUPERVISORS,
    actor: true,
  },
  'conversionRates.get': {
    input: z.object({ month: isoMonth }).strict(),
    output: conversionRatesView,
    roles: READ_REFERENCE,
    query: true,
  },
} as const satisfies DomainSpecs<'conversionRates'>;
