// A reprint (重打) and the preview of exactly what prints, both for a trade already made: the same
// receipt number, marked as a copy (第三十五条), audited; the first copy is the teller's, any other
// needs a supervisor who is not the teller.
import { Refusal } from '../../../shared/errors';
import type { PrintJobView } from '../../../shared/api';
import { audit } from '../../ledger/audit';
import { first, q } from '../../ledger/sql';
import type { ReceiptLines } from '../../printer/layout';
import { previewHtml } from '../../printer/preview';
import { queueReprint } from '../../ledger/printJobs';
import { jobView, linesOf, type JobRow } from '../printer/spool';
import type { Call, HandlerInput, Services } from '../services';
import { getTrade } from './read';

/**
 * A reprint (重打): the stored trade rendered again with the same receipt number, marked
 * `重打 / COPY n` with its time and operator; both parts. The first copy is the teller's; any
 * further copy needs a supervisor who is not the teller. Audited.
 */
export function reprint(ctx: Services, input: HandlerInput<'trades.reprint'>, call: Call): PrintJobView {
  return call.act(() => {
    const trade = getTrade(ctx, input);
    const copies = first(ctx.db, q.selectFrom('print_jobs').select((eb) => eb.fn.countAll<bigint>().as('n')).where('trade_id', '=', trade.id).where('kind', '=', 'reprint'))!.n;
    const copyNo = copies + 1n;
    if (copyNo > 1n && (!call.approver || call.approver.toLowerCase() === input.actor.toLowerCase())) {
      throw new Refusal('SUPERVISOR_REQUIRED', { why: `reprint copy ${copyNo}`, whyZh: `第${copyNo}次重打`, whyEn: `reprint, copy ${copyNo}` });
    }
    const at = ctx.now().toISOString();
    const id = queueReprint(ctx.db, trade.id, BigInt(copyNo), input.actor, at);
    audit(ctx.db, { at, actor: input.actor, action: 'receipt.reprint', entity: 'trade', entityId: trade.id, detail: { receiptNo: trade.receiptNo, copy: copyNo, supervisorId: call.approver } });
    const job = first(ctx.db, q.selectFrom('print_jobs').selectAll().where('id', '=', BigInt(id)))! as JobRow;
    return jobView(job, BigInt(trade.receiptNo));
  });
}

/** Exactly what will print for a trade, as HTML the renderer can show, and as lines. */
export function preview(ctx: Services, input: HandlerInput<'trades.preview'>): { html: string; lines: ReceiptLines } {
  const columns = ctx.printer?.profile.columns ?? 48;
  const trade = getTrade(ctx, input);
  const lines = linesOf(ctx, trade, { kind: 'receipt', copy_no: 0n, created_at: trade.createdAt, requested_by: trade.tellerId }, columns);
  return { html: previewHtml(lines, { columns }), lines };
}
