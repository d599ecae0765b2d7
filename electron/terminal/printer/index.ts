// The receipt printer's methods: its state (with the jobs that failed, for the teller to reprint),
// the jobs, and printing what is pending now. The spool itself: ./spool.ts.
import type { HandlersOf } from '../services';
import { printJobs } from './spool';

export const printerHandlers = {
  'printer.status': async (ctx) => ({
    configured: ctx.printer !== undefined,
    state: ctx.printer ? await ctx.printer.transport.status() : undefined,
    failedJobs: printJobs(ctx.db, 200).filter((j) => j.state === 'failed').slice(0, 20),
  }),
  'printer.jobs': (ctx, input) => printJobs(ctx.db, input.limit),
  /** Print what is pending now, without waiting for the spool (tests; the teller's "print again"). */
  'printer.printPending': (ctx) => ctx.spool?.runOnce() ?? { printed: 0, failed: 0 },
} satisfies HandlersOf<'printer'>;
