// The journal searched across dates (issue 19 item 7; 第四十九条: the records shown to an inspector
// on request; 第三十二条(二): how each trade reached the monitoring system). Every search reads an
// index, never the whole of a 5-year ledger (test/query-plans.test.ts): by receipt number the
// receipt's own key; by the customer's ID the customers' key, then trades_by_person_date; anything
// else trades_by_date over a period of at most JOURNAL_MAX_DAYS. Pages are bounded too
// (JOURNAL_MAX_PAGE), newest first, continued after a cursor (business date, receipt number).
//
// A search naming a customer (ID number or name) is audited, written before the answer leaves:
// who searched for whom, over which period, and how many trades it found (第四十九条; the
// customer's privacy, PIPL: a look at someone's history is itself a record).
import type { TradeView } from '../../../shared/api';
import { JOURNAL_MAX_DAYS, type JournalCriteria } from '../../../shared/api/journal';
import { Refusal } from '../../../shared/errors';
import { RMB } from '../../../shared/money/currencies';
import { dec, toMinor } from '../../../shared/money/money';
import { daysFrom } from '../../../shared/time';
import { audit } from '../../ledger/audit';
import { all, q } from '../../ledger/sql';
import type { Call, HandlerInput, Services } from '../services';
import { tradeView, voidOf } from '../trades/views';

/** The days a search covers, both ends counted (date arithmetic is shared/time.ts's). */
const daysBetween = (from: string, to: string): number => daysFrom(from, to) + 1;

/** The customers' keys (ID type:number:country) a search by ID names: read by the customers' unique key, never a scan. */
function personKeys(ctx: Services, c: JournalCriteria): string[] | undefined {
  if (c.idType === undefined || c.idNumber === undefined) return undefined;
  const idNumber = c.idNumber.trim().toUpperCase();
  if (c.country !== undefined) return [`${c.idType}:${idNumber}:${c.country.toUpperCase()}`];
  // Every country's customer with this document: the keys between "type:number:" and "type:number;" (';' follows ':').
  const prefix = `${c.idType}:${idNumber}:`;
  return all(ctx.db, q.selectFrom('customers').select('person_key').where('person_key', '>=', prefix).where('person_key', '<', `${c.idType}:${idNumber};`)).map((r) => r.person_key);
}

/** The trades the criteria find, newest first, at most `limit`, after the cursor. */
export function findTrades(ctx: Services, c: JournalCriteria, limit: number, after?: { businessDate: string; receiptNo: number }): TradeView[] {
  if (c.from > c.to) throw new Refusal('INVALID_INPUT', { field: 'to', problemZh: '须不早于起始日期', problemEn: 'must not be before the start date' });
  const keys = personKeys(ctx, c);
  const days = daysBetween(c.from, c.to);
  if (days > JOURNAL_MAX_DAYS && c.receiptNo === undefined && keys === undefined) {
    throw new Refusal('JOURNAL_RANGE_TOO_WIDE', { from: c.from, to: c.to, days: String(days), max: String(JOURNAL_MAX_DAYS) });
  }
  if (keys !== undefined && keys.length === 0) return [];
  let query = q.selectFrom('trades').selectAll();
  if (c.receiptNo !== undefined) query = query.where('receipt_no', '=', BigInt(c.receiptNo));
  if (keys !== undefined) query = query.where('person_key', 'in', keys);
  query = query.where('business_date', '>=', c.from).where('business_date', '<=', c.to);
  if (c.idNumber !== undefined && keys === undefined) query = query.where('id_number', '=', c.idNumber.trim().toUpperCase());
  if (c.name !== undefined && c.name.trim() !== '') query = query.where('customer_name', 'like', `%${c.name.trim().replace(/[%_\\]/g, '')}%`);
  if (c.currency !== undefined) query = query.where('currency', '=', c.currency.toUpperCase());
  if (c.rmbMin !== undefined) query = query.where('rmb_minor', '>=', toMinor(dec(c.rmbMin), RMB));
  if (c.rmbMax !== undefined) query = query.where('rmb_minor', '<=', toMinor(dec(c.rmbMax), RMB));
  switch (c.path) {
    case undefined: break;
    case 'realtime': query = query.where('reporting_path', '=', 'realtime'); break;
    case 'interface': query = query.where('reporting_path', '=', 'realtime').where('channel', '=', '42'); break;
    case 'pageMode': query = query.where('reporting_path', '=', 'realtime').where('channel', '=', '41'); break;
    case 'backfill': query = query.where('reporting_path', '=', 'backfill'); break;
    case 'exempt': query = query.where('reporting_path', '=', 'exempt'); break;
  }
  if (after) {
    const { businessDate, receiptNo } = after;
    query = query.where('business_date', '<=', businessDate).where((eb) => eb.or([eb('business_date', '<', businessDate), eb('receipt_no', '<', BigInt(receiptNo))]));
  }
  const rows = all(ctx.db, query.orderBy('business_date', 'desc').orderBy('receipt_no', 'desc').limit(limit));
  const outlet = ctx.outlet();
  return rows.map((t) => tradeView(ctx.db, outlet, t, voidOf(ctx.db, t.id)));
}

/** Whether the criteria name a customer: such a search is audited. */
export const namesCustomer = (c: JournalCriteria): boolean => c.idNumber !== undefined || (c.name !== undefined && c.name.trim() !== '');

/** The audit entry of a search or export naming a customer, or of any export: who, for whom, which period, how many. */
export function auditLook(ctx: Services, call: Call, action: 'journal.searchCustomer' | 'journal.export', c: JournalCriteria, found: number, extra: Record<string, unknown> = {}): void {
  call.act(() => {
    audit(ctx.db, {
      at: ctx.now().toISOString(),
      actor: call.caller?.id ?? 'unknown',
      action,
      entity: 'journal',
      entityId: `${c.from}..${c.to}`,
      detail: {
        role: call.caller?.role ?? null,
        ...(c.idType !== undefined ? { idType: c.idType } : {}),
        ...(c.idNumber !== undefined ? { idNumber: c.idNumber } : {}),
        ...(c.name !== undefined ? { customerName: c.name } : {}),
        ...(c.receiptNo !== undefined ? { receiptNo: c.receiptNo } : {}),
        found,
        ...extra,
      },
    });
  });
}

export function search(ctx: Services, input: HandlerInput<'journal.search'>, call: Call) {
  const { after, limit, ...criteria } = input;
  const found = findTrades(ctx, criteria, limit + 1, after);
  const trades = found.slice(0, limit);
  if (namesCustomer(criteria)) auditLook(ctx, call, 'journal.searchCustomer', criteria, trades.length, after ? { page: after } : {});
  const last = trades.at(-1);
  return { trades, ...(found.length > limit && last ? { next: { businessDate: last.businessDate, receiptNo: last.receiptNo } } : {}) };
}
