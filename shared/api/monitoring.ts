// monitoring.*: the day's back-fills (补录) and the reconciliation of the terminal's trades with
// what the monitoring system holds (第三十二条(五), docs/monitoring.md).
import { z } from 'zod';
import { count, date, decimal, instant, isoDate, receiptNoOutput } from './fields';
import { READ_REPORTS, SUPERVISORS } from './roles';
import type { DomainSpecs } from './spec';

export const backfillLine = z.strictObject({
  receiptNo: receiptNoOutput,
  /** The number as printed (with its book, or plain). */
  receiptText: z.string(),
  tradeId: z.string(),
  tradeTime: instant,
  customerName: z.string(),
  idType: z.string(),
  idNumber: z.string(),
  tradeType: z.enum(['JH', 'GH']),
  currency: z.string(),
  amount: decimal,
  usdEquivalent: decimal,
  voided: z.boolean(),
  /** The back-fill's outbox state (pending, delivered, needs_attention, not_needed). */
  state: z.string(),
  refNo: z.string().optional(),
  deadlineAt: instant.optional(),
});
export type BackfillLine = z.output<typeof backfillLine>;

const reconciliationLine = z.strictObject({
  receiptNo: receiptNoOutput.optional(),
  receiptText: z.string().optional(),
  tradeId: z.string().optional(),
  refNo: z.string().optional(),
  currency: z.string(),
  terminalAmount: decimal.optional(),
  monitoringAmount: decimal.optional(),
  /** 第三十二条(五): each reported field that differs, named in both languages, with both values. */
  differences: z.array(z.strictObject({
    field: z.enum(['idType', 'idNumber', 'country', 'name', 'tradeType', 'fundAttribute', 'currency', 'amount', 'tradeTime']),
    zh: z.string(), en: z.string(), terminal: z.string(), monitoring: z.string(),
  })).optional(),
});

export const reconciliation = z.strictObject({
  date,
  matched: count,
  /** In the monitoring system, not among the terminal's trades (entered elsewhere, or an orphan). */
  missingOnTerminal: z.array(reconciliationLine),
  /** A standing trade the monitoring system does not hold (cancelled there, or never delivered). */
  missingOnMonitoring: z.array(reconciliationLine),
  /** Not yet delivered: still within its window. */
  pendingDelivery: z.array(reconciliationLine),
  differentAmount: z.array(reconciliationLine),
  /** Currency and amount agree, another reported field differs (ID, name, trade type, fund attribute, time). */
  differentFields: z.array(reconciliationLine),
  /** Voided here but still recorded there (a cancel is due). */
  voidedStillRecorded: z.array(reconciliationLine),
});
export type Reconciliation = z.output<typeof reconciliation>;

export const monitoringApi = {
  'monitoring.backfillList': {
    input: z.object({ date: isoDate }).strict(),
    output: z.array(backfillLine),
    roles: READ_REPORTS,
    query: true,
  },
  'monitoring.reconcile': {
    input: z.object({ date: isoDate }).strict(),
    output: reconciliation,
    roles: SUPERVISORS,
    query: true,
  },
} as const satisfies DomainSpecs<'monitoring'>;
