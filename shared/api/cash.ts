// cash.*: cash on hand, by currency and by note (till and safe), a supervisor's funding, a payout
// proposal and the handover between tellers. Notes as counted are read by trades, reserves and the
// day close too.
import { z } from 'zod';
import { count, currencyCode, decimal, decimalText, moneyText, staffRef, text } from './fields';
import { STAFF, SUPERVISORS } from './roles';
import type { DomainSpecs } from './spec';

/** Notes by denomination, as counted: [{ denomination: '100', count: 3 }]. */
export const notesInput = z.array(z.strictObject({ denomination: text(12), count: z.number().int().min(0).max(10_000_000) })).max(40);
export const cashPlace = z.enum(['till', 'safe']);
export const countInput = z.strictObject({ location: cashPlace, currency: currencyCode, notes: notesInput });

export const notesOutput = z.array(z.strictObject({ denomination: decimal, count: count }));
/** Expected against counted for one place and currency, value and note mix (a handover, the day close). */
export const difference = z.strictObject({
  location: cashPlace, currency: z.string(), expected: decimal, counted: decimal, difference: decimal, mixDiffers: z.boolean(),
  notes: z.array(z.strictObject({ denomination: decimal, expected: count, counted: count })),
});
export const cashOnHand = z.array(moneyText);
export const noteStockView = z.array(z.strictObject({ location: cashPlace, currency: z.string(), total: decimal, notes: notesOutput }));
export const handoverView = z.strictObject({ id: z.string(), matches: z.boolean(), differences: z.array(difference) });

export const cashApi = {
  'cash.onHand': { input: z.object({}).strict(), output: cashOnHand, roles: STAFF, query: true },
  'cash.fund': {
    input: z.object({ currency: text(3), amount: decimalText, note: text(200), actor: staffRef.optional() }).strict(),
    output: z.strictObject({ id: z.string(), currency: z.string(), amount: decimal }),
    roles: SUPERVISORS,
    actor: true,
  },
  'cash.notes': { input: z.strictObject({}), output: noteStockView, roles: STAFF, query: true },
  'cash.proposePayout': {
    input: z.strictObject({ currency: currencyCode, amount: decimalText, location: cashPlace.default('till') }),
    output: z.strictObject({ currency: z.string(), amount: decimal, notes: notesOutput }),
    roles: STAFF,
    query: true,
  },
  'cash.handover': {
    input: z.strictObject({ fromTeller: staffRef, toTeller: staffRef, counts: z.array(countInput).max(40) }),
    output: handoverView,
    roles: STAFF,
  },
} as const satisfies DomainSpecs<'cash'>;
