// The receipt (水单, 第三十五条) on the counter's printer: the gate before a trade (a printer that
// cannot print stops the trade before anything is written), the spool that prints each job after
// its trade committed (a failure marks the job, never the trade), reprints (the same number,
// marked as a copy, audited), and the preview of exactly what will print.
import { Refusal } from '../../shared/errors';
import type { PrintJobView, TradeView } from '../../shared/contract';
import { audit } from '../ledger/audit';
import { all, first, q } from '../ledger/sql';
import type { PrintJobTable } from '../ledger/schema';
import { receiptBytes } from '../printer/escpos';
import { layout, type ReceiptLines } from '../printer/layout';
import { previewHtml } from '../printer/preview';
import { receiptOf } from '../printer/receipt';
import type { Context } from './context';
import { createLoop, type Loop } from '../loop';
import { getTrade } from './trades';
import { markJob, queueReprint } from './printJobs';

export { checkNamePrintable, printerGate, type PrinterProfile, type PrinterSetup } from './printerGate';
import type { PrinterSetup } from './printerGate';

type JobRow = Omit<PrintJobTable, 'id' | 'copy_no'> & { id: bigint; copy_no: bigint };

function linesOf(ctx: Context, trade: TradeView, job: Pick<JobRow, 'kind' | 'copy_no' | 'created_at' | 'requested_by'>, columns: number): ReceiptLines {
  const receipt = receiptOf(trade, {
    teller: trade.tellerId,
    training: ctx.training,
    ...(job.kind === 'reprint' ? { copy: { n: Number(job.copy_no), at: job.created_at, by: job.requested_by } } : {}),
  });
  return layout(receipt, { columns });
}

/** Prints every pending job once, in order. Never throws. */
export type Spool = Loop<{ printed: number; failed: number }>;

export function createSpool(ctx: Context, setup: PrinterSetup, intervalMs = 500): Spool {
  // A job caught mid-print by a crash may have printed: it is not sent again by itself; the
  // teller sees it failed and reprints (a copy) if the paper shows nothing.
  const at = ctx.now().toISOString();
  const interrupted = '打印中断，请检查后重打 interrupted: check the paper and reprint';
  ctx.db.transaction(() => {
    for (const job of all(ctx.db, q.selectFrom('print_jobs').select(['id', 'trade_id', 'kind']).where('state', '=', 'printing'))) {
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
      const trade = getTrade(ctx, { tradeId: job.trade_id });
      const bytes = receiptBytes(linesOf(ctx, trade, job, setup.profile.columns), {
        ...(setup.profile.qr ? { qr: String(trade.receiptNo) } : {}),
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
    const jobs = all(ctx.db, q.selectFrom('print_jobs').selectAll().where('state', '=', 'pending').orderBy('id')) as JobRow[];
    for (const job of jobs) {
      if (await printJob(job)) result.printed++;
      else result.failed++;
    }
    return result;
  }

  return createLoop(round, () => ({ printed: 0, failed: 0 }), intervalMs);
}

function jobView(j: JobRow, receiptNo: bigint): PrintJobView {
  return {
    id: Number(j.id), tradeId: j.trade_id, receiptNo: Number(receiptNo), kind: j.kind, copyNo: Number(j.copy_no), state: j.state,
    ...(j.error ? { error: j.error } : {}), requestedBy: j.requested_by, createdAt: j.created_at,
  };
}

export function printJobs(ctx: Context, limit: number): PrintJobView[] {
  return all(ctx.db, q.selectFrom('print_jobs').innerJoin('trades', 'trades.id', 'print_jobs.trade_id')
    .selectAll('print_jobs').select('trades.receipt_no').orderBy('print_jobs.id', 'desc').limit(limit))
    .map((r) => jobView(r as JobRow & { receipt_no: bigint }, (r as { receipt_no: bigint }).receipt_no));
}

/**
 * A reprint (重打): the stored trade rendered again with the same receipt number, marked
 * `重打 / COPY n` with its time and operator; both parts. The first copy is the teller's; any
 * further copy needs a supervisor who is not the teller. Audited.
 */
export function reprint(ctx: Context, input: { tradeId?: string; receiptNo?: number; tellerId: string; supervisorId?: string }): PrintJobView {
  return ctx.db.transaction(() => {
    const trade = getTrade(ctx, input);
    const copies = first(ctx.db, q.selectFrom('print_jobs').select((eb) => eb.fn.countAll<bigint>().as('n')).where('trade_id', '=', trade.id).where('kind', '=', 'reprint'))!.n;
    const copyNo = copies + 1n;
    if (copyNo > 1n && (!input.supervisorId || input.supervisorId === input.tellerId)) {
      throw new Refusal('SUPERVISOR_REQUIRED', { why: `reprint copy ${copyNo} 第${copyNo}次重打` });
    }
    const at = ctx.now().toISOString();
    const id = queueReprint(ctx.db, trade.id, BigInt(copyNo), input.tellerId, at);
    audit(ctx.db, { at, actor: input.tellerId, action: 'receipt.reprint', entity: 'trade', entityId: trade.id, detail: { receiptNo: trade.receiptNo, copy: copyNo, supervisorId: input.supervisorId } });
    const job = first(ctx.db, q.selectFrom('print_jobs').selectAll().where('id', '=', BigInt(id)))! as JobRow;
    return jobView(job, BigInt(trade.receiptNo));
  }).immediate();
}

/** Exactly what will print for a trade, as HTML the renderer can show, and as lines. */
export function preview(ctx: Context, input: { tradeId?: string; receiptNo?: number }, columns: number): { html: string; lines: ReceiptLines } {
  const trade = getTrade(ctx, input);
  const lines = linesOf(ctx, trade, { kind: 'receipt', copy_no: 0n, created_at: trade.createdAt, requested_by: trade.tellerId }, columns);
  return { html: previewHtml(lines, { columns }), lines };
}
