// A paper receipt entered under its own printed number (trades.enterPaper; 第三十五条(三), issue 17
// item 6). A ledger restored from a backup, or a counter rebuilt from the hub, does not hold what the
// PC did after the backup (or after its last push); the restore closed the range those receipts
// were numbered in (ledger/receipts.ts restartNumbering), so no number on paper is issued again.
// Each paper receipt is then entered here, in number order, as the trade it was: at the rate and
// time it prints, decided by the same rules over what the ledger holds by then (so it is a trade
// the rules allowed), with a supervisor's approval. SAFE gets it as a back-fill, reason 01
// (emergency plan), unless SAFE already holds it: then its reference number is given and nothing
// is sent. Nothing is printed: the customer has the receipt, the institution its stub.
import { failure, Refusal } from '../../../shared/errors';
import { RMB } from '../../../shared/money/currencies';
import { dec, formatAmount, fromMinor, parseAmount, toMinor } from '../../../shared/money/money';
import { checkBoardRate } from '../../../shared/rates';
import { printedReceiptNo } from '../../../shared/receipts';
import type { Outputs, TradeView } from '../../../shared/api';
import { post } from '../../ledger/accounts';
import { audit } from '../../ledger/audit';
import { bookOf, closedRanges, paperSlot, receiptText } from '../../ledger/receipts';
import type { TradeTable } from '../../ledger/schema';
import { monitoringEntry } from '../../monitoring/entry';
import { queueTradeReport } from '../../monitoring/outbox';
import { assertDayOpen } from '../dayLock';
import { recordPrinted } from '../../ledger/printJobs';
import type { Call, HandlerInput, Services } from '../services';
import { insertTrade, PAGE_REF_NO, tradeNotes, tradePostings, tradeRow, upsertCustomer } from './book';
import { checkCash, requireSupervisor } from './checks';
import { evaluate } from './facts';
import { tradeView } from './views';

/** SAFE's remark on a paper receipt's back-fill: entered from paper after a restore. */
const REMARK = '应急补录：恢复后按原号录入纸质水单';

export function enterPaper(ctx: Services, input: HandlerInput<'trades.enterPaper'>, call: Call): TradeView {
  return call.act(() => {
    const supervisorId = requireSupervisor(input.actor, call.approver, { zh: '纸质水单补录', en: 'a paper receipt entered' });
    const no = BigInt(input.receiptNo);
    const printed = (n: bigint) => printedReceiptNo(Number(n), bookOf(ctx.db, n));
    const slot = paperSlot(ctx.db, no);
    if (!slot) {
      const ranges = closedRanges(ctx.db).map((r) => `${printed(r.from)}–${printed(r.to)}`);
      throw new Refusal('PAPER_RECEIPT_NOT_CLOSED', { receiptNo: printed(no), ranges: ranges.length > 0 ? `（${ranges.join('，')}）/ (${ranges.join(', ')})` : '' });
    }
    if (no !== slot.next) throw new Refusal('PAPER_RECEIPT_OUT_OF_ORDER', { receiptNo: printed(no), next: printed(slot.next) });

    // Printed after the receipt before it (to the second, as receipts print it), and before the
    // restore that closed its range.
    const at = new Date(input.tradedAt);
    const now = ctx.now();
    const latest = Date.parse(slot.closedAt) < now.getTime() ? slot.closedAt : now.toISOString();
    const earliest = slot.after === undefined ? undefined : Math.floor(Date.parse(slot.after) / 1000) * 1000;
    if ((earliest !== undefined && at.getTime() < earliest) || at.getTime() > Date.parse(latest)) {
      throw new Refusal('PAPER_RECEIPT_TIME', { after: slot.after ?? '—', before: latest });
    }

    const rate = checkBoardRate({ currency: input.currency, buyPer100: input.ratePer100, sellPer100: input.ratePer100, fee: input.fee });
    const req = { ...input, amount: input.foreign, side: 'foreign' as const };
    const e = evaluate(ctx, req, at, undefined, undefined, { per100: dec(rate.buyPer100), fee: fromMinor(rate.feeMinor, RMB), boardAt: new Date(at.getTime() + 999) });
    const d = e.decision;
    // A trade the rules would not have allowed was not made by the terminal that printed it: the
    // paper, or what the ledger holds, is wrong; the supervisor finds out which. Not an attempt (no
    // customer is at the counter): refused under its own code, the rule's words in it, nothing written.
    if (d.refusal) {
      const rule = failure(d.refusal.code, d.refusal.details).message;
      throw new Refusal('PAPER_RECEIPT_NOT_ALLOWED', { receiptNo: printed(no), ruleZh: rule.zh, ruleEn: rule.en });
    }
    const typedRmb = parseAmount(input.rmb, RMB);
    if (!typedRmb.eq(d.priced.rmb) || toMinor(d.priced.fee, RMB) !== rate.feeMinor) {
      throw new Refusal('PAPER_RECEIPT_FIGURES', {
        rate: rate.buyPer100, foreign: `${input.currency} ${formatAmount(d.priced.foreign, input.currency)}`,
        rmb: formatAmount(d.priced.rmb, RMB), fee: formatAmount(d.priced.fee, RMB), typedRmb: input.rmb, typedFee: input.fee,
      });
    }
    const refNo = input.safeRefNo;
    if (refNo !== undefined && !PAGE_REF_NO.test(refNo)) throw new Refusal('REF_NO_INVALID', { refNo });
    if (d.path === 'realtime' && refNo === undefined) throw new Refusal('PAPER_RECEIPT_REF_REQUIRED');
    if (d.path === 'exempt' && refNo !== undefined) throw new Refusal('PAPER_RECEIPT_REF_NOT_NEEDED', { refNo });

    const id = ctx.newId();
    const row = tradeRow(ctx, id, req, e, input.customer.name.trim(), refNo === undefined ? undefined : { channel: null, refNo }, supervisorId);
    const postings = tradePostings(row);
    assertDayOpen(ctx.db, e.today);
    checkCash(ctx.db, postings, 'CASH_INSUFFICIENT');
    const enteredAt = now.toISOString();
    const customerId = upsertCustomer(ctx, e, row.customer_name, enteredAt, input.actor);
    const trade: TradeTable = { ...row, receipt_no: no, customer_id: customerId };
    insertTrade(ctx.db, trade);
    post(ctx.db, { id, kind: 'trade', businessDate: e.today, at: row.created_at }, postings);
    tradeNotes(ctx.db, row, input, { id, businessDate: e.today, at: row.created_at });
    if (row.reporting_path !== 'exempt') {
      queueTradeReport(ctx.db, {
        tradeId: id,
        kind: row.reporting_path,
        payload: monitoringEntry(trade, row.reporting_path, { reason: '01', remark: `${REMARK} ${receiptText(ctx.db, no)}` }),
        // 第三十二条(二): due within the window from the trade, as any back-fill: often past already,
        // so the queue shows it at once.
        deadlineAt: row.reporting_path === 'backfill' ? new Date(at.getTime() + e.policy.params.backfillWindowHours * 3_600_000).toISOString() : null,
        refNo: refNo ?? null,
        at: enteredAt,
      });
    }
    recordPrinted(ctx.db, id, input.actor, enteredAt);
    audit(ctx.db, {
      at: enteredAt, actor: input.actor, action: 'trade.paperEntry', entity: 'trade', entityId: id,
      detail: { receiptNo: String(no), printedAt: row.created_at, usd: row.usd_equivalent, path: row.reporting_path, refNo: refNo ?? null, remark: input.remark, supervisorId },
    });
    return tradeView(ctx.db, ctx.outlet(), trade, undefined);
  });
}

/** The closed ranges with a number left, and the next number of each to enter (trades.paperRanges). */
export function paperRanges(ctx: Pick<Services, 'db'>): Outputs['trades.paperRanges'] {
  const printed = (n: bigint) => printedReceiptNo(Number(n), bookOf(ctx.db, n));
  return closedRanges(ctx.db).flatMap((r) => {
    const slot = paperSlot(ctx.db, r.from)!;
    return slot.next > r.to ? [] : [{
      from: Number(r.from), to: Number(r.to), fromText: printed(r.from), toText: printed(r.to), next: Number(slot.next), nextText: printed(slot.next), closedAt: r.closedAt,
    }];
  });
}
