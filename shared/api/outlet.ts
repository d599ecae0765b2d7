// outlet.*: the outlet's settings as configured.
import { z } from 'zod';
import { READ_REFERENCE } from './roles';
import type { DomainSpecs } from './spec';

export const outletView = z.strictObject({
  institutionCode: z.string(),
  institutionName: z.string(),
  outletCode: z.string(),
  outletName: z.string(),
  terminalId: z.string(),
  borderPort: z.boolean(),
  /** The printer profile as configured (free-form settings of the outlet). */
  printerProfile: z.unknown(),
});

export const outletApi = {
  'outlet.get': { input: z.object({}).strict(), output: outletView, roles: READ_REFERENCE, query: true },
} as const satisfies DomainSpecs<'outlet'>;
