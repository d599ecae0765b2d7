// printer.*: the receipt printer's state and its print jobs (receipts and reprints).
import { z } from 'zod';
import { count, instant, receiptNoOutput } from './fields';
import { STAFF } from './roles';
import type { DomainSpecs } from './spec';

export const printerState = z.enum(['ready', 'paperNearEnd', 'paperOut', 'coverOpen', 'error', 'noAnswer']);
export type PrinterState = z.output<typeof printerState>;

export const printJobView = z.strictObject({
  id: z.number().int().positive(),
  tradeId: z.string(),
  receiptNo: receiptNoOutput,
  kind: z.enum(['receipt', 'reprint']),
  copyNo: count,
  state: z.enum(['pending', 'printing', 'done', 'failed']),
  error: z.string().optional(),
  requestedBy: z.string(),
  createdAt: instant,
});
export type PrintJobView = z.output<typeof printJobView>;

export const printerStatus = z.strictObject({
  configured: z.boolean(),
  /** Absent when no printer is configured. */
  state: printerState.optional(),
  failedJobs: z.array(printJobView),
});
export type PrinterStatus = z.output<typeof printerStatus>;

export const printerApi = {
  'printer.status': { input: z.object({}).strict(), output: printerStatus, roles: STAFF, passive: true, query: true },
  'printer.jobs': {
    input: z.object({ limit: z.number().int().positive().max(1000).default(50) }).strict(),
    output: z.array(printJobView),
    roles: STAFF,
    query: true,
    passive: true,
  },
  /** Print what is pending now, without waiting for the spool (tests; the teller's "print again"). */
  'printer.printPending': { input: z.object({}).strict(), output: z.strictObject({ printed: count, failed: count }), roles: STAFF },
} as const satisfies DomainSpecs<'printer'>;
