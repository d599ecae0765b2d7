// The receipt (水单, 第三十五条) on the counter's printer: the spool that prints each job after its
// trade committed (a failure marks the job, never the trade), and the lines a job prints. The gate
// before a trade is ../printerGate.ts; reprints and the preview are trades' (trades/reprint.ts).
// A service module: it takes the ledger, the clock and the outlet, not the Terminal's services.
import type { PrintJobView, TradeView } from '../../../shared/api';
import { audit } from '../../ledger/audit';
import { all, compiled, q, type Database } from '../../ledger/sql';
import type { OutletTable, PrintJobTable } from '../../ledger/schema';
import { receiptBytes } from '../../printer/escpos';
import { layout, type ReceiptLines } from '../../printer/layout';
import { receiptOf } from '../../printer/receipt';
import { createLoop, type Loop } from '../../loop';
import { findTrade, tradeView, voidOf } from '../trades/views';
import { markJob, PRINTED_ON_PAPER } from '../../ledger/printJobs';
import type { PrinterSetup } from '../printerGate';

/** What the spool reads and writes with. */
export interface SpoolDeps {
  db: Database;
  now: () => Date;
  outlet: () => OutletTable;
  /** Training mode: every receipt says so. */
  training: boolean;
}

export type JobRow = Omit<PrintJobTable, 'id' | 'copy_no'> & { id: bigint; copy_no: bigint };

export function linesOf(ctx: Pick<SpoolDeps, 'training'>, trade: TradeView, job: Pick<JobRow, 'kind' | 'copy_no' | 'created_at' | 'requested_by'>, columns: number): ReceiptLines {
  const receipt = receiptOf(trade, {
    teller: trade.tellerId,
    training: ctx.training,
    ...(job.kind === 'reprint' ? { copy: { n: Number(job.copy_no), at: job.created_at, by: job.requested_by } } : {}),
  });
  return layout(receipt, { columns });
}

// The jobs still to print, without an index on state (migration 030, issue 21): the spool takes
// jobs in id order and a job it took never becomes pending again, so the jobs left are the ones
// after the newest it took. That one is found reading backwards from the newest job, past the jobs
// not taken yet and the paper receipts' jobs (written done, never the spool's): a page of the
// newest rows while the printer keeps up. test/helpers/invariants.ts checks the order holds.
const lastTaken = compiled<{ paper: string }>()((p) => q.selectFrom('print_jobs').select('id')
  .where('state', '!=', 'pending').where((eb) => eb.or([eb('error', 'is', null), eb('error', '!=', p.paper)]))
  .orderBy('id', 'desc').limit(1));

/** The id of the newest job the spool took (0 when none): every job before it was taken too. */
export function lastTakenJob(db: Database): bigint {
  return lastTaken.first(db, { paper: PRINTED_ON_PAPER })?.id ?? 0n;
}

const jobsFrom = compiled<{ from: bigint; state: 'pending' | 'printing' }>()((p) => q.selectFrom('print_jobs').selectAll()
  .where('id', '>=', p.from).where('state', '=', p.state).orderBy('id'));

/** The spool's two reads, for the migration test's plans. */
export const SPOOL_QUERIES = { lastTaken, jobsFrom };

/** Prints every pending job once, in order. Never throws. */
export type Spool = Loop<{ printed: number; failed: number }>;

export function createSpool(ctx: SpoolDeps, setup: PrinterSetup, intervalMs = 500): Spool {
  // A job caught mid-print by a crash may have printed: it is not sent again by itself; the
  // teller sees it failed and reprints (a copy) if the paper shows nothing.
  const at = ctx.now().toISOString();
  const interrupted = '打印中断，请检查后重打 interrupted: check the paper and reprint';
  ctx.db.transaction(() => {
    // A job caught printing by a crash is the newest the spool took (one job prints at a time).
    for (const job of jobsFrom.all(ctx.db, { from: lastTakenJob(ctx.db), state: 'printing' })) {
      markJob(ctx.db, job.id, 'failed', interrupted, at);
      audit(ctx.db, { at, actor: 'printer', action: 'receipt.print_failed', entity: 'print_job', entityId: String(job.id), detail: { tradeId: job.trade_id, kind: job.kind, error: interrupted } });
    }
  })();

  async function printJob(job: JobRow): Promise<boolean> {
    // How each job ended is audited (a receipt handed out, or one that may not have been);
    // 'printing' is only the moment between, kept so that a crash there shows.
    const mark = (state: 'printing' | 'done' | 'failed', error: string | null) => {
      const at = ctx.now().toISOString();
      ctx.db.transaction(() => {
        markJob(ctx.db, job.id, state, error, at);
        if (state !== 'printing') {
          audit(ctx.db, { at, actor: 'printer', action: state === 'done' ? 'receipt.printed' : 'receipt.print_failed', entity: 'print_job', entityId: String(job.id), detail: { tradeId: job.trade_id, kind: job.kind, copy: job.copy_no, ...(error ? { error } : {}) } });
        }
      })();
    };
    try {
      const found = findTrade(ctx.db, { tradeId: job.trade_id });
      const trade = tradeView(ctx.db, ctx.outlet(), found, voidOf(ctx.db, found.id));
      const bytes = receiptBytes(linesOf(ctx, trade, job, setup.profile.columns), {
        ...(setup.profile.qr ? { qr: trade.receiptText } : {}),
        cashDrawer: setup.profile.cashDrawer && job.kind === 'receipt',
      });
      mark('printing', null);
      await setup.transport.print(bytes);
      mark('done', null);
      return true;
    } catch (e) {
      mark('failed', e instanceof Error ? e.message : String(e));
      return false;
    }
  }

  async function round(): Promise<{ printed: number; failed: number }> {
    const result = { printed: 0, failed: 0 };
    const jobs = jobsFrom.all(ctx.db, { from: lastTakenJob(ctx.db) + 1n, state: 'pending' }) as JobRow[];
    for (const job of jobs) {
      if (await printJob(job)) result.printed++;
      else result.failed++;
    }
    return result;
  }

  return createLoop(round, () => ({ printed: 0, failed: 0 }), intervalMs);
}

export function jobView(j: JobRow, receiptNo: bigint): PrintJobView {
  return {
    id: Number(j.id), tradeId: j.trade_id, receiptNo: Number(receiptNo), kind: j.kind, copyNo: Number(j.copy_no), state: j.state,
    ...(j.error ? { error: j.error } : {}), requestedBy: j.requested_by, createdAt: j.created_at,
  };
}

export function printJobs(db: Database, limit: number): PrintJobView[] {
  return all(db, q.selectFrom('print_jobs').innerJoin('trades', 'trades.id', 'print_jobs.trade_id')
    .selectAll('print_jobs').select('trades.receipt_no').orderBy('print_jobs.id', 'desc').limit(limit))
    .map((r) => jobView(r as JobRow & { receipt_no: bigint }, (r as { receipt_no: bigint }).receipt_no));
}

