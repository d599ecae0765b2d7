// outlet.*: the outlet's settings as configured, and as the hub masters it.
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
  /**
   * The outlet as the hub masters it (issue 16), once it has said (its name is outletName then):
   * its city (行政区划代码, null until HQ says it) and address, this counter's name there, the
   * outlet's counters, and the hub-wide version it came in with when it was applied.
   */
  hub: z.strictObject({
    cityCode: z.string().nullable(),
    address: z.string(),
    counterName: z.string().optional(),
    counters: z.array(z.strictObject({ terminalId: z.string(), name: z.string(), revoked: z.boolean() })),
    /** The counter that keeps the outlet's safe (null: not named; each counter's safe its own). */
    safeCounter: z.string().nullable(),
    version: z.string(),
    appliedAt: z.string(),
  }).optional(),
});

export const outletApi = {
  'outlet.get': { input: z.object({}).strict(), output: outletView, roles: READ_REFERENCE, query: true },
} as const satisfies DomainSpecs<'outlet'>;
