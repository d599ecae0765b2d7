// A closed day as the screens and the printer show it: one close, the list of closes, and the
// summary with its back-fill list on the thermal printer (two parts, as a receipt).
import { Refusal } from '../../../shared/errors';
import { dec, formatAmount } from '../../../shared/money/money';
import { audit } from '../../ledger/audit';
import { PLACE_WORDS } from '../../ledger/notes';
import { all, first, q } from '../../ledger/sql';
import { backfillList } from '../../monitoring/reconcile';
import { describeResolution, type ResolutionLine } from '../../monitoring/resolve';
import type { Services } from '../services';
import { wrapWords } from '../../printer/layout';
import { receiptBytes } from '../../printer/escpos';
import { prepare, receipts, storedAudit, type ReconItem } from './prepare';
import { differenceView, total } from './counts';
import type { chequeDifferenceView } from './cheques';

export function get(ctx: Services, input: { date: string }) {
  const row = first(ctx.db, q.selectFrom('day_closes').selectAll().where('business_date', '=', input.date));
  if (!row) throw new Refusal('REPORT_PERIOD_INVALID', { problemZh: `${input.date} 尚未日终`, problemEn: `${input.date} is not closed` });
  const s = JSON.parse(row.summary) as {
    differences: ReturnType<typeof differenceView>[]; reconciliation: ReconItem[]; backfills: { receiptNo: number; receiptText: string; deadlineAt: string | null; state: string; overdue: boolean }[];
    resolutions?: ResolutionLine[];
    chequeDifferences?: ReturnType<typeof chequeDifferenceView>[];
  };
  return {
    date: row.business_date, closedAt: row.closed_at, closedBy: row.closed_by, supervisorId: row.supervisor_id, varianceReason: row.variance_reason,
    differences: s.differences, reconciliation: s.reconciliation, backfills: s.backfills,
    // Closes made before cheques were counted apart (issue 19 item 8) have none.
    chequeDifferences: s.chequeDifferences ?? [],
    // Closes made before resolutions were kept (migration 011) have none.
    resolutions: s.resolutions ?? [], backup: null as string | null,
  };
}

export function list(ctx: Services, input: { limit: number }) {
  return all(ctx.db, q.selectFrom('day_closes').select(['business_date', 'closed_at', 'closed_by', 'supervisor_id']).orderBy('business_date', 'desc').limit(input.limit))
    .map((r) => ({ date: r.business_date, closedAt: r.closed_at, closedBy: r.closed_by, hadVariance: r.supervisor_id !== null }));
}

/** The day's summary and its back-fill list on the thermal printer (two parts, as a receipt). */
export async function printSummary(ctx: Services, input: { date: string; actor: string }) {
  const close = get(ctx, input);
  const columns = ctx.printer?.profile.columns ?? 48;
  const o = ctx.outlet();
  const lines: string[] = [];
  const add = (text: string) => lines.push(...wrapWords(text, columns));
  add(`${o.institution_name}`);
  add(`${o.outlet_name} 日终汇总 DAY CLOSE ${close.date}`);
  if (ctx.training) add('培训模式 TRAINING');
  add(`日终时间 ${close.closedAt} 操作员 ${close.closedBy}`);
  const prep = await prepare(ctx, { date: input.date });
  add(`交易 ${prep.trades} 笔，作废 ${prep.voids} 笔；水单 ${prep.receipts.first ?? '-'}–${prep.receipts.last ?? '-'}`);
  for (const e of prep.expected) add(`${PLACE_WORDS[e.location].zh} ${e.currency} ${formatAmount(dec(e.total), e.currency)}`);
  for (const c of prep.travellersCheques) add(`旅行支票 TC ${c.currency} ${formatAmount(dec(c.total), c.currency)}`);
  for (const d of close.chequeDifferences.filter((x) => x.difference !== '0')) add(`差异 旅行支票 ${d.currency} ${d.difference}`);
  for (const d of close.differences.filter((x) => x.difference !== '0' || x.mixDiffers)) add(`差异 ${PLACE_WORDS[d.location].zh} ${d.currency} ${d.difference}${d.mixDiffers ? ' 券别不符' : ''}`);
  if (close.varianceReason) add(`原因 ${close.varianceReason}（主管 ${close.supervisorId ?? ''}）`);
  for (const r of close.reconciliation) add(`核对 ${r.detail} → ${r.resolution ?? ''}`);
  for (const r of close.resolutions) add(`被拒补录处理 REFUSED BACK-FILL ${describeResolution(r)}`);
  // The chain's head as this close verified it: kept on paper, so a later rewrite of the chain
  // (every hash recomputed) does not verify from it. Breaks examined stay on every print.
  const closed = first(ctx.db, q.selectFrom('day_closes').select('summary').where('business_date', '=', input.date));
  const audited = closed ? storedAudit(closed.summary) : undefined;
  if (audited?.head) add(`审计链 AUDIT #${audited.head.id} ${audited.head.hash}`);
  for (const x of audited?.examined ?? []) add(`审计链断点已核查 BREAK EXAMINED ${x}`);
  const backfill: string[] = [];
  const addB = (text: string) => backfill.push(...wrapWords(text, columns));
  addB(`补录交易流水 BACK-FILL LIST ${close.date}`);
  for (const b of backfillList(ctx.db, input.date)) {
    addB(`${b.receiptText} ${b.tradeType} ${b.currency} ${b.amount} ${b.state}${b.refNo ? ` ${b.refNo}` : ''}${b.deadlineAt ? ` 限 ${b.deadlineAt}` : ''}${b.voided ? ' 作废' : ''}`);
  }
  if (!ctx.printer) return { printed: false, lines: lines.length + backfill.length };
  const bytes = receiptBytes({ institution: lines, customer: backfill });
  await ctx.printer.transport.print(bytes);
  ctx.db.transaction(() => audit(ctx.db, { at: ctx.now().toISOString(), actor: input.actor, action: 'dayClose.print', entity: 'day', entityId: input.date, detail: { lines: lines.length + backfill.length } })).immediate();
  return { printed: true, lines: lines.length + backfill.length };
}
