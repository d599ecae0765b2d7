// reserves.*: the reserves (备付金, 第三十八–四十六条): the basic account, the reserve accounts,
// every movement of reserve money, and the reserve ledger of 第四十六条.
import { z } from 'zod';
import { cashPlace, notesInput, notesOutput } from './cash';
import { currencyCode, decimal, decimalText, looseMonth, staffRef, text } from './fields';
import { outletHeader } from './reports';
import { MANAGER, READ_REPORTS, REPORTERS, SUPERVISORS } from './roles';
import type { DomainSpecs } from './spec';

const amount = decimalText;
const currency = currencyCode;
/** Where money sits: the till, the safe, or a reserve account (its id). */
const place = text(40);
/** Every movement: a note, who acts (optional on the wire, filled from the session by the Terminal) and the supervisor named. */
const base = { note: z.string().max(200).default(''), actor: staffRef.optional(), supervisorId: staffRef.optional() };

export const moveInput = z.discriminatedUnion('kind', [
  // 第四十三条(二): cash on hand goes to and comes from the bank only through a reserve account.
  z.strictObject({ kind: z.literal('cash_deposit'), currency, amount, from: cashPlace, accountId: place, notes: notesInput.optional(), ...base }),
  z.strictObject({ kind: z.literal('cash_withdrawal'), currency, amount, accountId: place, to: cashPlace, notes: notesInput.optional(), ...base }),
  // 第四十四条: RMB between the basic account and an RMB reserve account, once a month each way.
  z.strictObject({ kind: z.literal('transfer_in'), amount, accountId: place, ...base }),
  z.strictObject({ kind: z.literal('transfer_out'), amount, accountId: place, ...base }),
  // 第四十二条(三)(四): between reserve accounts.
  z.strictObject({ kind: z.literal('account_transfer'), amount, fromAccountId: place, toAccountId: place, ...base }),
  // 第四十五条: rebalancing through one of three channels.
  z.strictObject({
    kind: z.literal('rebalance'),
    channel: z.enum(['internal', 'other_institution', 'bank']),
    counterparty: z.string().max(100),
    method: z.enum(['cash', 'transfer']),
    /** Where cash was handed over, and whether in the same city (第四十六条(一)). */
    place: z.string().max(100).optional(),
    sameCity: z.boolean().optional(),
    in: z.strictObject({ currency, amount, place, notes: notesInput.optional() }).optional(),
    out: z.strictObject({ currency, amount, place, notes: notesInput.optional() }).optional(),
    /** RMB per 100 units of the foreign side; for FX against FX, units of `out` per 100 of `in`. */
    ratePer100: z.string().max(40).optional(),
    ...base,
  }),
  // 第三十条 (issue 19 item 8): traveller's cheques taken for settlement, sent to the account bank,
  // out of the cheques held into a reserve account of their currency.
  z.strictObject({ kind: z.literal('cheques_to_bank'), currency, amount, accountId: place, ...base }),
  z.strictObject({ kind: z.literal('till_safe'), currency, amount, from: cashPlace, to: cashPlace, notes: notesInput.optional(), ...base }),
  // 第四十一条: never allowed; here so the refusal names the article.
  z.strictObject({ kind: z.literal('expense'), currency, amount, from: place, ...base }),
]);

export const reserveAccountView = z.strictObject({
  id: z.string(), bankId: z.string(), bankName: z.string(), currency: z.string(), accountNo: z.string(), balance: decimal,
});
export const reservesView = z.strictObject({
  basicAccount: z.strictObject({ bankName: z.string(), accountNo: z.string() }).nullable(),
  banks: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  accounts: z.array(reserveAccountView),
  cash: z.array(z.strictObject({ currency: z.string(), till: decimal, safe: decimal, travellersCheques: decimal })),
  /** Per currency: cash on hand plus reserve accounts. */
  totals: z.array(z.strictObject({ currency: z.string(), amount: decimal })),
});
export const movementView = z.strictObject({
  id: z.string(), kind: z.string(), businessDate: z.string(), at: z.string(),
  in: z.strictObject({ place: z.string(), currency: z.string(), amount: decimal }).nullable(),
  out: z.strictObject({ place: z.string(), currency: z.string(), amount: decimal }).nullable(),
  notes: z.array(z.strictObject({ location: z.string(), currency: z.string(), notes: notesOutput, direction: z.enum(['in', 'out']) })),
});
const reserveLedgerLine = z.strictObject({
  at: z.string(), businessDate: z.string(), nature: z.string(), counterparty: z.string().nullable(), place: z.string().nullable(),
  account: z.string().nullable(), method: z.enum(['cash', 'transfer']), inCurrency: z.string().nullable(), inAmount: decimal.nullable(),
  outCurrency: z.string().nullable(), outAmount: decimal.nullable(), rate: z.string().nullable(), actor: z.string(), reference: z.string(),
});
export const reserveLedgerView = z.strictObject({ form: z.literal('reserveLedger'), outlet: outletHeader, month: z.string(), lines: z.array(reserveLedgerLine) });

export const reservesApi = {
  'reserves.setBasicAccount': {
    input: z.strictObject({ bankName: text(100), accountNo: text(40), actor: staffRef.optional() }),
    output: z.strictObject({ bankName: z.string(), accountNo: z.string() }),
    roles: MANAGER,
    actor: true,
  },
  'reserves.openAccount': {
    input: z.strictObject({ bankName: text(100), currency, accountNo: text(40), actor: staffRef.optional() }),
    output: reserveAccountView,
    roles: MANAGER,
    actor: true,
  },
  'reserves.accounts': { input: z.strictObject({}), output: reservesView, roles: [...SUPERVISORS, ...REPORTERS], query: true },
  // Serial: a transfer with the basic account claims the month at the hub between its checks and its write.
  'reserves.move': { input: moveInput, output: movementView, roles: SUPERVISORS, actor: true, serial: true },
  'reserves.ledger': {
    // TODO(dates): month, re-checked (YYYY-MM, 2000–2100) by electron/terminal/reports.ts checkMonth.
    input: z.strictObject({ month: looseMonth }),
    output: reserveLedgerView,
    roles: READ_REPORTS,
    query: true,
  },
} as const satisfies DomainSpecs<'reserves'>;
