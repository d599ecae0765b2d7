// rates.*: the outlet's buying and selling rates (per 100 units) and the customer rate board.
import { z } from 'zod';
import { actorField, decimal, decimalText, instant, text } from './fields';
import { READ_REFERENCE, SUPERVISORS } from './roles';
import type { DomainSpecs } from './spec';

export const rateView = z.strictObject({
  id: z.string(),
  currency: z.string(),
  buyPer100: decimal,
  sellPer100: decimal,
  fee: decimal,
  effectiveAt: instant,
  setBy: z.string(),
  stale: z.boolean(),
});
export type RateView = z.output<typeof rateView>;

export const ratesApi = {
  'rates.set': {
    input: z
      .object({
        currency: text(3), buyPer100: decimalText, sellPer100: decimalText, fee: decimalText.default('0'),
        /** Why a rate far from the board or from the conversion table is right (RATE_FAR_FROM_BOARD); recorded with it. */
        confirmReason: text(200).optional(),
        ...actorField,
      })
      .strict(),
    output: rateView,
    roles: SUPERVISORS,
    actor: true,
  },
  /** The customer rate board: never signed in. */
  'rates.board': { input: z.object({}).strict(), output: z.array(rateView), roles: 'public', passive: true, query: true },
  'rates.history': {
    input: z.object({ currency: text(3), limit: z.number().int().positive().max(1000).default(50) }).strict(),
    output: z.array(rateView),
    roles: READ_REFERENCE,
    query: true,
  },
} as const satisfies DomainSpecs<'rates'>;
