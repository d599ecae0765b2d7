// For the day close: the day's back-fill list (补录交易流水, 第三十二条(二): printed daily, kept 3
// years), and the reconciliation of 第三十二条(五) between the monitoring system's records and the
// terminal's own trades for a business date.
import { dec, fromMinor } from '../../shared/money/money';
import { all, q, type Database } from '../ledger/sql';
import { receiptText } from '../ledger/receipts';
import type { MonitoringAdapter } from './adapter';
import type { RecordData } from './protocol';
import { cancelsDue } from './intents';

export interface BackfillLine {
  receiptNo: number;
  /** As printed (with its book, or plain). */
  receiptText: string;
  tradeId: string;
  tradeTime: string;
  customerName: string;
  idType: string;
  idNumber: string;
  tradeType: 'JH' | 'GH';
  currency: string;
  amount: string;
  usdEquivalent: string;
  voided: boolean;
  state: string;
  refNo?: string;
  deadlineAt?: string;
}

/** The day's reported trades, as the back-fill list and the reconciliation read them (one read serves both at the day close). */
export type DayTrade = ReturnType<typeof dayTrades>[number];

export function dayTrades(db: Database, date: string) {
  return all(db, q.selectFrom('trades')
    .leftJoin('voids', 'voids.trade_id', 'trades.id')
    // The trade's entry row: a back-fill refused and sent again after the notice (resolve.ts) has
    // two, and the refused one, superseded by its resend, is not the trade's any more.
    .leftJoin('outbox', (j) => j.onRef('outbox.trade_id', '=', 'trades.id').on('outbox.kind', 'in', ['realtime', 'backfill'])
      .on(({ not, exists, selectFrom }) => not(exists(selectFrom('outbox_resolutions').select('outbox_resolutions.id')
        .whereRef('outbox_resolutions.outbox_id', '=', 'outbox.id').where('outbox_resolutions.resent_outbox_id', 'is not', null)))))
    // A trade refunded on a later day (issue 19 item 2): its record at SAFE is cancelled, as a void's.
    .leftJoin('refunds', 'refunds.original_trade_id', 'trades.id')
    .select(['refunds.id as refund_id', 'trades.id', 'trades.receipt_no', 'trades.created_at', 'trades.customer_name', 'trades.id_type', 'trades.id_number',
      'trades.trade_type', 'trades.currency', 'trades.foreign_minor', 'trades.usd_equivalent', 'trades.reporting_path', 'trades.ref_no',
      'trades.country', 'trades.fund_attribute',
      'voids.id as void_id', 'outbox.state', 'outbox.ref_no as outbox_ref_no', 'outbox.deadline_at'])
    .where('trades.business_date', '=', date).where('trades.reporting_path', '<>', 'exempt')
    .orderBy('trades.receipt_no'));
}

export function backfillList(db: Database, date: string, trades: readonly DayTrade[] = dayTrades(db, date)): BackfillLine[] {
  return trades.filter((t) => t.reporting_path === 'backfill').map((t) => ({
    receiptNo: Number(t.receipt_no),
    receiptText: receiptText(db, BigInt(t.receipt_no)),
    tradeId: t.id,
    tradeTime: t.created_at,
    customerName: t.customer_name,
    idType: t.id_type,
    idNumber: t.id_number,
    tradeType: t.trade_type,
    currency: t.currency,
    amount: fromMinor(t.foreign_minor, t.currency).toString(),
    usdEquivalent: t.usd_equivalent,
    voided: t.void_id !== null,
    state: t.state ?? 'pending',
    ...(t.outbox_ref_no ? { refNo: t.outbox_ref_no } : {}),
    ...(t.deadline_at ? { deadlineAt: t.deadline_at } : {}),
  }));
}

/** A reported field (第三十二条(五): every field the entry carried is checked against SAFE's record). */
export type ReportedField = 'idType' | 'idNumber' | 'country' | 'name' | 'tradeType' | 'fundAttribute' | 'currency' | 'amount' | 'tradeTime';

/** Each field's name as the supervisor reads it, in both languages. */
export const FIELD_NAMES: Readonly<Record<ReportedField, { zh: string; en: string }>> = {
  idType: { zh: '证件类型', en: 'ID type' },
  idNumber: { zh: '证件号码', en: 'ID number' },
  country: { zh: '国家/地区', en: 'country' },
  name: { zh: '姓名', en: 'name' },
  tradeType: { zh: '交易类型', en: 'trade type' },
  fundAttribute: { zh: '资金属性', en: 'fund attribute' },
  currency: { zh: '币种', en: 'currency' },
  amount: { zh: '金额', en: 'amount' },
  tradeTime: { zh: '交易时间', en: 'trade time' },
};

export interface FieldDifference {
  field: ReportedField;
  zh: string;
  en: string;
  terminal: string;
  monitoring: string;
}

export interface ReconciliationLine {
  receiptNo?: number;
  receiptText?: string;
  tradeId?: string;
  refNo?: string;
  currency: string;
  terminalAmount?: string;
  monitoringAmount?: string;
  /** The fields that differ between the trade and SAFE's record, each named (第三十二条(五)). */
  differences?: FieldDifference[];
}

/**
 * Every reported field of a trade against SAFE's record of it, the ones that differ named. The
 * time compares to the second (an entry's time may come back without its milliseconds); the name
 * without surrounding spaces; a fund attribute only when SAFE's answer carries one.
 */
export function fieldDifferences(t: Pick<DayTrade, 'id_type' | 'id_number' | 'country' | 'customer_name' | 'trade_type' | 'fund_attribute' | 'currency' | 'foreign_minor' | 'created_at'>, r: RecordData): FieldDifference[] {
  const out: FieldDifference[] = [];
  // A field SAFE's answer does not carry is not compared (a stand-in or an older system may leave
  // some out); one it carries is compared by `same`.
  const differ = (field: ReportedField, terminal: string, monitoring: string | undefined, same: (m: string) => boolean) => {
    if (typeof monitoring !== 'string' || same(monitoring)) return;
    out.push({ field, ...FIELD_NAMES[field], terminal, monitoring });
  };
  const amount = fromMinor(t.foreign_minor, t.currency);
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  differ('idType', t.id_type, r.idType, (m) => m === t.id_type);
  differ('idNumber', t.id_number, r.idNumber, (m) => m.toUpperCase() === t.id_number.toUpperCase());
  differ('country', t.country, r.country, (m) => m === t.country);
  differ('name', t.customer_name, r.name, (m) => m.trim() === t.customer_name.trim());
  differ('tradeType', t.trade_type, r.tradeType, (m) => m === t.trade_type);
  differ('fundAttribute', t.fund_attribute, r.fundAttribute, (m) => m === t.fund_attribute);
  differ('currency', t.currency, r.currency, (m) => m === t.currency);
  differ('amount', amount.toString(), r.amount, (m) => /^\d+(\.\d+)?$/.test(m) && dec(m).eq(amount));
  differ('tradeTime', t.created_at, r.tradeTime, (m) => seconds(m) === seconds(t.created_at));
  return out;
}

export interface Reconciliation {
  date: string;
  matched: number;
  /** In the monitoring system, not among the terminal's trades (entered elsewhere, or an orphan). */
  missingOnTerminal: ReconciliationLine[];
  /** A standing trade the monitoring system does not hold (cancelled there, or never delivered). */
  missingOnMonitoring: ReconciliationLine[];
  /** Not yet delivered: still within its window. */
  pendingDelivery: ReconciliationLine[];
  /** The currency or the amount differs (every differing field named in `differences`). */
  differentAmount: ReconciliationLine[];
  /** Currency and amount agree but another reported field differs: ID, name, trade type, fund attribute, time. */
  differentFields: ReconciliationLine[];
  /**
   * Voided here but still recorded there (a cancel is due); and a real-time entry whose trade was
   * never booked, its cancel not yet delivered (no receipt number: intents.ts).
   */
  voidedStillRecorded: ReconciliationLine[];
}

export async function reconcile(db: Database, adapter: MonitoringAdapter, date: string): Promise<Reconciliation> {
  const records = await adapter.recordsOn(date);
  return reconcileRecords(db, records, date, dayTrades(db, date));
}

/** The reconciliation of SAFE's records of the day, already fetched, with the day's trades, read after them. */
export function reconcileRecords(db: Database, records: readonly RecordData[], date: string, trades: readonly DayTrade[]): Reconciliation {
  const byRef = new Map(records.map((r) => [r.refNo, r]));
  const bySerial = new Map(records.map((r) => [r.serial, r]));
  const used = new Set<RecordData>();
  const result: Reconciliation = { date, matched: 0, missingOnTerminal: [], missingOnMonitoring: [], pendingDelivery: [], differentAmount: [], differentFields: [], voidedStillRecorded: [] };
  for (const t of trades) {
    const refNo = t.ref_no ?? t.outbox_ref_no ?? undefined;
    const record = (refNo ? byRef.get(refNo) : undefined) ?? bySerial.get(t.id);
    if (record) used.add(record);
    const amount = fromMinor(t.foreign_minor, t.currency);
    const line: ReconciliationLine = { receiptNo: Number(t.receipt_no), receiptText: receiptText(db, BigInt(t.receipt_no)), tradeId: t.id, currency: t.currency, terminalAmount: amount.toString(), ...(refNo ? { refNo } : {}) };
    const recorded = record?.status === 'recorded' ? record : undefined;
    if (t.void_id !== null || t.refund_id !== null) {
      if (recorded) result.voidedStillRecorded.push({ ...line, refNo: recorded.refNo, monitoringAmount: recorded.amount });
      else result.matched++;
    } else if (!recorded) {
      (t.state === 'pending' ? result.pendingDelivery : result.missingOnMonitoring).push(line);
    } else {
      // 第三十二条(五): every field the entry carried, not only the currency and the amount.
      const differences = fieldDifferences(t, recorded);
      const named = { ...line, refNo: recorded.refNo, monitoringAmount: recorded.amount, differences };
      if (differences.some((d) => d.field === 'currency' || d.field === 'amount')) result.differentAmount.push(named);
      else if (differences.length > 0) result.differentFields.push(named);
      else result.matched++;
    }
  }
  const unmatched = records.filter((r) => !used.has(r) && r.status === 'recorded');
  // An entry whose trade was never booked is not missing: the terminal is having it cancelled
  // (once it is, SAFE's record says so and it is not listed at all). 第三十二条(五).
  const cancelling = cancelsDue(db, unmatched.map((r) => r.serial));
  for (const r of unmatched) {
    if (cancelling.has(r.serial)) result.voidedStillRecorded.push({ tradeId: r.serial, refNo: r.refNo, currency: r.currency, monitoringAmount: r.amount });
    else result.missingOnTerminal.push({ refNo: r.refNo, currency: r.currency, monitoringAmount: r.amount });
  }
  return result;
}
