// rates.*: the outlet's buying and selling rates (per 100 units) and the customer rate board.
import { z } from 'zod';
import { actorField, decimal, decimalText, instant, isoDate, text } from './fields';
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

/** A currency allowed on the board (第三十四条): its filing with SAFE and the first day it may be quoted, or grandfathered. */
export const currencyListingView = z.strictObject({
  currency: z.string(),
  /** 报备日期: when the institution reported the currency to SAFE; null when grandfathered. */
  filedOn: z.string().nullable(),
  /** The first business date it may be quoted (the 10th working day after the filing); null when grandfathered. */
  firstAllowed: z.string().nullable(),
  /** On the board before the terminal kept filings (migration 024), or at the outlet's opening. */
  grandfathered: z.boolean(),
  /** Whether it may be quoted today. */
  allowedNow: z.boolean(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type CurrencyListingView = z.output<typeof currencyListingView>;

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
  // ---- listing a currency (第三十四条; issue 19 item 3, branch i19-listing-tc) ----
  /** Records the date a currency was reported to SAFE (报备日期); it may be quoted from the 10th working day after. */
  'rates.listCurrency': {
    input: z.object({ currency: text(3), filedOn: isoDate, ...actorField }).strict(),
    output: currencyListingView,
    roles: SUPERVISORS,
    actor: true,
  },
  /** Every currency with its filing and the first day it may be quoted. */
  'rates.listings': { input: z.object({}).strict(), output: z.array(currencyListingView), roles: READ_REFERENCE, query: true },
  /** The customer rate board: never signed in. */
  'rates.board': { input: z.object({}).strict(), output: z.array(rateView), roles: 'public', passive: true, query: true },
  'rates.history': {
    input: z.object({ currency: text(3), limit: z.number().int().positive().max(1000).default(50) }).strict(),
    output: z.array(rateView),
    roles: READ_REFERENCE,
    query: true,
  },
} as const satisfies DomainSpecs<'rates'>;
