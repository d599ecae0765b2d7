// cash.*: cash on hand, by currency and by note (till and safe), a supervisor's funding, a payout
// proposal, the handover between tellers, and notes sent to and counted from other counters. Notes as counted are read by trades, reserves and the
// day close too.
import { z } from 'zod';
import { count, currencyCode, decimal, decimalText, moneyText, staffRef, subjectPart, text } from './fields';
import { STAFF, SUPERVISORS } from './roles';
import type { DomainSpecs, Fields } from './spec';

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

/** A transfer of notes between counters (issue 17 item 4), as either end holds it. */
export const transferView = z.strictObject({
  id: z.string(),
  /** Sent from this counter, or to it. */
  direction: z.enum(['out', 'in']),
  fromCounter: z.string(), fromOutlet: z.string(), fromPlace: cashPlace,
  toCounter: z.string(), toOutlet: z.string(),
  /** The other end's name, when this counter knows it (a counter of its own outlet). */
  peerName: z.string().nullable(),
  currency: z.string(), amount: decimal, notes: notesOutput, note: z.string(),
  sentBy: z.string(), sentAt: z.string(),
  /** In transit until counted at the receiver; at the sender, until the hub tells it of the count. */
  state: z.enum(['inTransit', 'received']),
  received: z.strictObject({
    place: cashPlace, amount: decimal, notes: notesOutput, by: z.string(), at: z.string(),
    /** Counted less what was sent: negative is short. */
    difference: decimal, supervisorId: z.string().nullable(),
  }).nullable(),
});
const transferId = z.string().min(1).max(64);

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
  // Notes to another counter of the institution (this outlet's or another's), counted by note:
  // out of the till or safe into transit until the receiver counts them in (issue 17 item 4).
  'cash.transferSend': {
    input: z.strictObject({
      toCounter: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ -'),
      from: cashPlace, currency: currencyCode, amount: decimalText, notes: notesInput, note: z.string().max(200).default(''), actor: staffRef.optional(),
    }),
    output: transferView,
    roles: STAFF,
    actor: true,
  },
  // The receiver's count of a transfer into its till or safe; a count that differs from what was
  // sent needs a reason and a supervisor's approval (the over/short is this counter's).
  'cash.transferReceive': {
    input: z.strictObject({
      id: transferId, to: cashPlace, notes: notesInput, varianceReason: z.string().max(500).optional(),
      actor: staffRef.optional(), approval: z.string().min(1).max(200).optional(), supervisorId: staffRef.optional(),
    }),
    output: transferView,
    roles: STAFF,
    approval: { subject: (i: Fields) => `transfer:${subjectPart(i.id)}` },
    actor: true,
  },
  /** Transfers in transit to or from this counter (and, with `all`, the last 200 received too). */
  'cash.transfers': { input: z.strictObject({ all: z.boolean().default(false) }), output: z.array(transferView), roles: STAFF, query: true },
} as const satisfies DomainSpecs<'cash'>;
