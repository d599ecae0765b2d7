// customers.*: the customer looked up by ID document: who they are, their day so far, and their
// standing in the monitoring system.
import { z } from 'zod';
import { customerInput, date, decimal, messageOutput, monitoringStatus, residency } from './fields';
import { STAFF } from './roles';
import type { DomainSpecs } from './spec';
import { personDay } from './trades';

const quotaStanding = z.strictObject({ quotaUsedUsd: decimal, quotaLeftUsd: decimal });

/**
 * The person's standing in the monitoring system as the customer is looked up: status and the
 * annual quota left per trade type (个人外汇管理办法实施细则 第二条: 50,000 USD per person per
 * calendar year, for settlement and for purchase each). When the system is not configured or did
 * not answer in time the counter works on: `online: false`, never an error.
 */
export const customerStanding = z.discriminatedUnion('online', [
  z.strictObject({
    online: z.literal(true),
    status: monitoringStatus,
    /** USD of the person's cash trades today at every outlet and institution. */
    cashTodayUsd: decimal,
    /** The annual quota per trade type in the policy in force. */
    annualQuotaUsd: decimal,
    settlement: quotaStanding,
    purchase: quotaStanding,
  }),
  z.strictObject({ online: z.literal(false), reason: z.enum(['notConfigured', 'noAnswer']) }),
]);
export type CustomerStanding = z.output<typeof customerStanding>;

export const customerLookup = z.strictObject({
  idType: z.string(),
  idNumber: z.string(),
  country: z.string(),
  supplementaryId: z.string().optional(),
  birthDate: date.optional(),
  /** The expiry as the teller typed it, once checked (第三十一条: a valid ID; shared/id/idExpiry.ts). */
  idExpiry: z.string().optional(),
  residency,
  idTypeName: messageOutput,
  known: z.boolean(),
  name: z.string().optional(),
  today: personDay,
  monitoring: customerStanding,
});
export type CustomerLookup = z.output<typeof customerLookup>;

export const customersApi = {
  'customers.lookup': { input: customerInput, output: customerLookup, roles: STAFF, query: true },
} as const satisfies DomainSpecs<'customers'>;
