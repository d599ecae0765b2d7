// The API contract of the reserves (备付金, 第三十八–四十六条), cash by note, the day close (日终)
// and the reports (第五十一条): input and output schemas, merged into shared/contract.ts `methods`
// and shared/contractOutputs.ts `outputs`.
import { z } from 'zod';

const text = (max: number) => z.string().min(1).max(max);
const amount = z.string().max(40);
const actor = text(64);
/** The acting person: optional on the wire, filled from the session by the Terminal (shared/access.ts). */
const acting = actor.optional();
const month = z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const note = z.string().max(200).default('');
const currency = text(3);

/** Notes by denomination, as counted: [{ denomination: '100', count: 3 }]. */
export const notesInput = z.array(z.strictObject({ denomination: text(12), count: z.number().int().min(0).max(10_000_000) })).max(40);
export const cashPlace = z.enum(['till', 'safe']);
/** Where money sits: the till, the safe, or a reserve account (its id). */
const place = text(40);

const base = { note, actor: acting, supervisorId: actor.optional() };

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
  z.strictObject({ kind: z.literal('till_safe'), currency, amount, from: cashPlace, to: cashPlace, notes: notesInput.optional(), ...base }),
  // 第四十一条: never allowed; here so the refusal names the article.
  z.strictObject({ kind: z.literal('expense'), currency, amount, from: place, ...base }),
]);

export const countInput = z.strictObject({ location: cashPlace, currency, notes: notesInput });

export const reserveMethods = {
  'reserves.setBasicAccount': z.strictObject({ bankName: text(100), accountNo: text(40), actor: acting }),
  'reserves.openAccount': z.strictObject({ bankName: text(100), currency, accountNo: text(40), actor: acting }),
  'reserves.accounts': z.strictObject({}),
  'reserves.move': moveInput,
  'reserves.ledger': z.strictObject({ month }),
  'cash.notes': z.strictObject({}),
  'cash.proposePayout': z.strictObject({ currency, amount, location: cashPlace.default('till') }),
  'cash.handover': z.strictObject({ fromTeller: actor, toTeller: actor, counts: z.array(countInput).max(40) }),
  'dayClose.prepare': z.strictObject({ date: day }),
  'dayClose.close': z.strictObject({
    date: day,
    counts: z.array(countInput).max(60),
    varianceReason: z.string().max(500).optional(),
    /** How each difference of the three-way reconciliation was resolved (第三十二条(五)). */
    resolutions: z.array(z.strictObject({ key: text(200), resolution: text(500) })).max(1000).default([]),
    actor: acting,
    /** A supervisor's approval (auth.approve) where the count differs from the books. */
    approval: z.string().min(1).max(200).optional(),
    supervisorId: actor.optional(),
  }),
  'dayClose.get': z.strictObject({ date: day }),
  'dayClose.list': z.strictObject({ limit: z.number().int().positive().max(400).default(31) }),
  'dayClose.print': z.strictObject({ date: day, actor: acting }),
  'reports.form1': z.strictObject({ from: day, to: day }),
  'reports.form2': z.strictObject({ month }),
  'reports.trialBalance': z.strictObject({ date: day }),
  'reports.profit': z.strictObject({ from: day, to: day }),
  'reports.export': z.strictObject({
    report: z.enum(['form1', 'form2', 'trialBalance', 'profit', 'reserveLedger']),
    format: z.enum(['xlsx', 'pdf']),
    from: day.optional(),
    to: day.optional(),
    month: month.optional(),
    date: day.optional(),
  }),
  'reports.outletExport': z.strictObject({ month }),
  'reports.consolidate': z.strictObject({
    files: z.array(z.strictObject({ name: z.string().max(200), content: z.string().max(2_000_000) })).min(1).max(200),
    trusted: z.array(z.strictObject({ outletCode: text(40), publicKey: text(400) })).max(500),
  }),
};

// ---- outputs ----
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const count = z.number().int().min(0);
const notesOutput = z.array(z.strictObject({ denomination: decimal, count: count }));

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
const outletHeader = z.strictObject({ institutionName: z.string(), outletCode: z.string(), outletName: z.string() });
export const reserveLedgerView = z.strictObject({ form: z.literal('reserveLedger'), outlet: outletHeader, month: z.string(), lines: z.array(reserveLedgerLine) });
export const noteStockView = z.array(z.strictObject({ location: cashPlace, currency: z.string(), total: decimal, notes: notesOutput }));
const difference = z.strictObject({ location: cashPlace, currency: z.string(), expected: decimal, counted: decimal, difference: decimal, mixDiffers: z.boolean(), notes: z.array(z.strictObject({ denomination: decimal, expected: count, counted: count })) });
const reconItem = z.strictObject({ key: z.string(), kind: z.string(), detail: z.string(), resolution: z.string().nullable() });
/** A back-fill SAFE refused for good and the supervisor's way out (queue.resolve, 第三十二条(五)). */
const refusedBackfillResolution = z.strictObject({
  receiptNo: z.number().int(), tradeId: z.string(), tradeDate: z.string(), kind: z.enum(['noticeGiven', 'pageMode', 'reversed']),
  refusal: z.string(), refNo: z.string().nullable(), note: z.string().nullable(), supervisorId: z.string(), resolvedOn: z.string(), at: z.string(),
});
export const dayClosePreparation = z.strictObject({
  date: z.string(),
  closed: z.boolean(),
  earlierOpen: z.string().nullable(),
  trades: count,
  voids: count,
  receipts: z.strictObject({ first: z.number().int().nullable(), last: z.number().int().nullable(), gaps: z.array(z.number().int()) }),
  expected: z.array(z.strictObject({ location: cashPlace, currency: z.string(), total: decimal, notes: notesOutput })),
  reconciliation: z.strictObject({ checked: z.boolean(), error: z.string().nullable(), items: z.array(reconItem) }),
  backfills: z.array(z.strictObject({ receiptNo: z.number().int(), deadlineAt: z.string().nullable(), state: z.string(), overdue: z.boolean() })),
  /** Refused back-fills resolved on the day, or of the day's trades. */
  resolutions: z.array(refusedBackfillResolution),
  audit: z.strictObject({
    ok: z.boolean(), entries: count, firstBroken: z.string().nullable(),
    /** Breaks examined (audit.examineBreak): still shown at every close and on its print. */
    examined: z.array(z.string()).default([]),
  }),
});
export const dayCloseView = z.strictObject({
  date: z.string(), closedAt: z.string(), closedBy: z.string(), supervisorId: z.string().nullable(), varianceReason: z.string().nullable(),
  differences: z.array(difference), reconciliation: z.array(reconItem),
  backfills: z.array(z.strictObject({ receiptNo: z.number().int(), deadlineAt: z.string().nullable(), state: z.string(), overdue: z.boolean() })),
  resolutions: z.array(refusedBackfillResolution),
  backup: z.string().nullable(),
});
export const handoverView = z.strictObject({ id: z.string(), matches: z.boolean(), differences: z.array(difference) });
const form1Cells = z.record(z.string(), decimal.nullable());
export const form1View = z.strictObject({
  form: z.literal('form1'), outlet: outletHeader, from: z.string(), to: z.string(),
  columns: z.array(z.strictObject({ currency: z.string(), cells: form1Cells })),
});
const flow = z.strictObject({ buyAmount: decimal, buyCount: count, sellAmount: decimal, sellCount: count, diff: decimal });
export const form2View = z.strictObject({
  form: z.enum(['form2', 'form3']), outlet: outletHeader, month: z.string(), conversionMonth: z.string(), dueDate: z.string(),
  /** 第五十一条(三): the due date counted from weekends alone, as the year's holiday notice is not loaded. */
  dueDateProvisional: z.boolean(),
  /** That year, when provisional (calendar.load it to make the date final). */
  dueDateMissingYear: z.number().int().optional(),
  flows: z.record(z.string(), flow), opening: decimal, closing: decimal, adjustment: decimal,
  outlets: z.array(outletHeader).optional(),
});
export const trialBalanceView = z.strictObject({
  form: z.literal('trialBalance'), outlet: outletHeader, asOf: z.string(),
  rows: z.array(z.strictObject({ account: z.string(), kind: z.string(), currency: z.string(), debit: decimal, credit: decimal, balance: decimal })),
});
const profitRow = z.strictObject({ currency: z.string(), feeIncome: decimal, spread: decimal, revaluation: decimal, total: decimal });
export const profitView = z.strictObject({ form: z.literal('profit'), outlet: outletHeader, from: z.string(), to: z.string(), rows: z.array(profitRow), total: profitRow });
export const exportView = z.strictObject({ fileName: z.string(), mimeType: z.string(), base64: z.string() });

export const reserveOutputs = {
  'reserves.setBasicAccount': z.strictObject({ bankName: z.string(), accountNo: z.string() }),
  'reserves.openAccount': reserveAccountView,
  'reserves.accounts': reservesView,
  'reserves.move': movementView,
  'reserves.ledger': reserveLedgerView,
  'cash.notes': noteStockView,
  'cash.proposePayout': z.strictObject({ currency: z.string(), amount: decimal, notes: notesOutput }),
  'cash.handover': handoverView,
  'dayClose.prepare': dayClosePreparation,
  'dayClose.close': dayCloseView,
  'dayClose.get': dayCloseView,
  'dayClose.list': z.array(z.strictObject({ date: z.string(), closedAt: z.string(), closedBy: z.string(), hadVariance: z.boolean() })),
  'dayClose.print': z.strictObject({ printed: z.boolean(), lines: count }),
  'reports.form1': form1View,
  'reports.form2': form2View,
  'reports.trialBalance': trialBalanceView,
  'reports.profit': profitView,
  'reports.export': exportView,
  'reports.outletExport': z.strictObject({ fileName: z.string(), content: z.string() }),
  'reports.consolidate': form2View,
};
