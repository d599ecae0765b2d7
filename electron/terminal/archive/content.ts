// What a day's archive holds, read from the ledger (issue 19 item 7; 第三十五条(三), 第三十二条(二),
// 第四十九条): the institution copy (特许机构联) of every receipt of the day, laid out as the printer
// lays it out (a voided one with its void marking: 剪角保存), and the day's back-fill list (补录清单)
// as it stands when the archive is made.
//
// The facts digest: a SHA-256 of what never changes once the day is closed (each trade's receipt,
// time, customer, amounts, rate, reporting path, void), so archive.verify can re-read the ledger
// years later and say whether the archive still says what the ledger says. The PDF's own bytes
// cannot be re-made to compare (they carry fonts and a layout that a later release may draw
// differently), and a back-fill's state or SAFE's reference number arrive after the close.
import { createHash } from 'node:crypto';
import type { TradeView } from '../../../shared/api';
import { all, q } from '../../ledger/sql';
import { backfillList } from '../../monitoring/reconcile';
import type { ArchiveDocument, ArchiveSection } from '../../../sheets/archivePdf';
import type { Services } from '../services';
import { linesOf } from '../printer/spool';
import { tradeView, voidOf } from '../trades/views';

const COLUMNS = 48;

export interface DayContent {
  trades: TradeView[];
  receipts: ArchiveSection[];
  backfills: ArchiveSection;
  backfillCount: number;
  /** SHA-256 (hex) of the day's fixed facts. */
  factsSha256: string;
}

export function factsDigest(trades: readonly TradeView[]): string {
  const facts = trades.map((t) => [
    t.receiptNo, t.id, t.createdAt, t.customer.idType, t.customer.idNumber, t.customer.country, t.customer.name, t.tradeType, t.currency,
    t.foreign.amount, t.rmb.amount, t.fee.amount, t.ratePer100, t.usdEquivalent, t.reportingPath, t.status,
  ]);
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex');
}

/** The day's trades, by receipt number (trades_by_date), as the receipt shows them. */
export function dayTrades(ctx: Services, date: string): TradeView[] {
  const outlet = ctx.outlet();
  return all(ctx.db, q.selectFrom('trades').selectAll().where('business_date', '=', date).orderBy('receipt_no'))
    .map((t) => tradeView(ctx.db, outlet, t, voidOf(ctx.db, t.id)));
}

export function dayContent(ctx: Services, date: string): DayContent {
  const trades = dayTrades(ctx, date);
  const receipts = trades.map((t) => ({
    heading: `水单 Receipt ${t.receiptText}${t.status === 'void' ? '  作废 VOID' : ''}  特许机构联 institution copy`,
    lines: linesOf(ctx, t, { kind: 'receipt', copy_no: 0n, created_at: t.createdAt, requested_by: t.tellerId }, COLUMNS).institution,
  }));
  const list = backfillList(ctx.db, date);
  const backfills = {
    heading: `补录清单 Back-fill list ${date}（特许兑换补录，第三十二条(二)）: ${list.length} 笔`,
    lines: list.length === 0 ? ['当日无补录交易 No back-filled trade this day.'] : [
      '水单号 | 时间 | 姓名 | 证件 | 类别 | 币种 金额 | 折美元 | 状态 | 申报号',
      ...list.map((b) => [b.receiptText, b.tradeTime, b.customerName, `${b.idType} ${b.idNumber}`, b.tradeType, `${b.currency} ${b.amount}`, `USD ${b.usdEquivalent}`,
        `${b.voided ? '作废 void / ' : ''}${b.state}`, b.refNo ?? ''].join(' | ')),
    ],
  };
  return { trades, receipts, backfills, backfillCount: list.length, factsSha256: factsDigest(trades) };
}

export function archiveDocument(ctx: Services, date: string, content: DayContent, madeAt: Date): ArchiveDocument {
  const o = ctx.outlet();
  const first = content.trades[0];
  const last = content.trades.at(-1);
  return {
    title: `兑换水单特许机构联及补录清单存档 ${date}`,
    cover: [
      `${o.institution_name}  ${o.outlet_name}（${o.outlet_code}）  终端 ${o.terminal_id}`,
      `营业日 Business date: ${date}`,
      `水单 Receipts: ${content.trades.length} 张${first && last ? `（${first.receiptText} 至 ${last.receiptText}）` : ''}，其中作废 void ${content.trades.filter((t) => t.status === 'void').length}`,
      `补录 Back-filled: ${content.backfillCount} 笔`,
      `存档时间 Archived at: ${madeAt.toISOString()}  内容摘要 Facts SHA-256: ${content.factsSha256}`,
      '依据《个人本外币兑换特许业务试点管理办法》第三十五条、第四十九条保存，保存期限不少于3年。',
    ],
    receipts: content.receipts,
    backfills: content.backfills,
    madeAt,
  };
}
