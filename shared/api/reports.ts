// reports.*: the reports of 第五十一条: 附表1 (form1), 附表2/3 (form2; form3 consolidated from the
// outlets' signed exports), the trial balance and profit, and their export as xlsx or pdf.
import { z } from 'zod';
import { count, decimal, looseDate, looseMonth, text } from './fields';
import { READ_REPORTS } from './roles';
import type { DomainSpecs } from './spec';

/** The outlet as a report's heading names it. */
export const outletHeader = z.strictObject({ institutionName: z.string(), outletCode: z.string(), outletName: z.string() });

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

// TODO(dates): every from, to and date below (looseDate) is re-checked by isIsoDate, 2000–2100, in
// electron/reports/form1.ts checkPeriod; every month (looseMonth) by electron/terminal/reports.ts checkMonth.
export const reportsApi = {
  'reports.form1': { input: z.strictObject({ from: looseDate, to: looseDate }), output: form1View, roles: READ_REPORTS, query: true },
  'reports.form2': { input: z.strictObject({ month: looseMonth }), output: form2View, roles: READ_REPORTS, query: true },
  'reports.trialBalance': { input: z.strictObject({ date: looseDate }), output: trialBalanceView, roles: READ_REPORTS, query: true },
  'reports.profit': { input: z.strictObject({ from: looseDate, to: looseDate }), output: profitView, roles: READ_REPORTS, query: true },
  'reports.export': {
    input: z.strictObject({
      report: z.enum(['form1', 'form2', 'trialBalance', 'profit', 'reserveLedger']),
      format: z.enum(['xlsx', 'pdf']),
      from: looseDate.optional(),
      to: looseDate.optional(),
      month: looseMonth.optional(),
      date: looseDate.optional(),
    }),
    output: exportView,
    roles: READ_REPORTS,
    query: true,
  },
  'reports.outletExport': { input: z.strictObject({ month: looseMonth }), output: z.strictObject({ fileName: z.string(), content: z.string() }), roles: READ_REPORTS, query: true },
  'reports.consolidate': {
    input: z.strictObject({
      files: z.array(z.strictObject({ name: z.string().max(200), content: z.string().max(2_000_000) })).min(1).max(200),
      trusted: z.array(z.strictObject({ outletCode: text(40), publicKey: text(400) })).max(500),
    }),
    output: form2View,
    roles: READ_REPORTS,
    query: true,
  },
} as const satisfies DomainSpecs<'reports'>;
