// A back-fill the monitoring system refused for good, and the way out a supervisor takes (issue 14
// item 10). Offline, a small trade (第三十二条(二): at most 500 USD, back-filled within 24 hours) is
// made without SAFE's word on the person: one on the watch list without the notice, or over the
// annual quota (第三条), is then refused when the back-fill arrives (2002, 2001), and sending the
// same entry again is refused again. The measures leave the correction to the institution's own
// checking and correcting (第三十二条(五)); docs/monitoring.md says what we chose:
//
// - noticeGiven (refused 2002): the supervisor has told the customer; the notice operation records
//   it at SAFE, and the entry goes again with the notice flag as a new outbox row (an outbox row's
//   content never changes), the refused row marked not needed. Sent at once.
// - pageMode: entered on SAFE's web page (channel 41, as the real-time fallback): its reference
//   number, checked against SAFE's record when the interface can look it up; the row delivered.
// - reversed: the customer contacted and the trade undone outside the terminal: what was done;
//   the row not needed (the trade stays in the books; the day close lists the resolution).
//
// Each is one transaction: the outbox change, the resolution (outbox_resolutions, migration 011),
// the approval used and the audit entry. Nothing is written while the network is used, and a
// refusal writes nothing.
import { Refusal } from '../../shared/errors';
import { dec, fromMinor } from '../../shared/money/money';
import { businessDate } from '../../shared/time';
import type { Outputs } from '../../shared/api';
import { audit } from '../ledger/audit';
import { all, first, q, run, type Database } from '../ledger/sql';
import { receiptText } from '../ledger/receipts';
import { MonitoringError, type MonitoringAdapter, type PersonRef } from './adapter';
import { CODES, REF_NO, type Entry, type PersonStatus, type RecordData } from './protocol';
import { queueRow, refusalCodeOf } from './queue';
import { resendBackfill, resolveRow } from './outbox';

export type Resolution = { kind: 'noticeGiven' } | { kind: 'pageMode'; refNo: string } | { kind: 'reversed'; note: string };
export type QueueResolution = Outputs['queue.resolve'];

export interface ResolveEnv {
  db: Database;
  adapter: MonitoringAdapter | undefined;
  now: () => Date;
  /**
   * The resolution's transaction: the call's (Call.act), in which the dispatcher uses the
   * supervisor's approval, if the call carries one, before `write` runs.
   */
  act: <T>(write: () => T) => T;
  /** Sends what is due now (the sync loop's round): a resend goes out at once. */
  sendNow?: () => Promise<unknown>;
}

export interface ResolveRequest {
  id: number;
  resolution: Resolution;
  supervisorId: string;
  /** Who asked: the person signed in (the supervisor, or a teller with the supervisor's approval). */
  actor: string;
}

const rowQuery = q.selectFrom('outbox').innerJoin('trades', 'trades.id', 'outbox.trade_id')
  .select(['outbox.id', 'outbox.trade_id', 'outbox.kind', 'outbox.state', 'outbox.payload', 'outbox.deadline_at', 'outbox.last_error',
    'trades.receipt_no', 'trades.trade_type', 'trades.id_type', 'trades.id_number', 'trades.country', 'trades.currency', 'trades.foreign_minor']);

type Row = NonNullable<ReturnType<typeof first<typeof rowQuery>>>;

function notApplicable(id: number, whyZh: string, whyEn: string): Refusal {
  return new Refusal('QUEUE_RESOLUTION_NOT_APPLICABLE', { id: String(id), whyZh, whyEn });
}

/** The row as it must be for any resolution: a back-fill needing attention. */
function resolvableRow(db: Database, id: number): Row {
  const row = first(db, rowQuery.where('outbox.id', '=', BigInt(id)));
  if (!row) throw new Refusal('QUEUE_ROW_NOT_FOUND', { id: String(id) });
  if (row.kind !== 'backfill') throw notApplicable(id, '只有补录记录可以这样处理', 'only a back-fill can be resolved');
  if (row.state !== 'needs_attention') throw notApplicable(id, `记录状态为 ${row.state}，不是“需处理”`, `it is ${row.state}, not needing attention`);
  return row;
}

/** A failure of the monitoring system while resolving, as the supervisor is told it. */
function monitoringRefusal(e: unknown): Refusal {
  if (e instanceof MonitoringError) {
    return e.kind === 'permanent' ? new Refusal('QUEUE_RESOLVE_REFUSED', { reason: e.message }) : new Refusal('QUEUE_RESOLVE_UNREACHABLE', { reason: e.message });
  }
  throw e;
}

export async function resolveQueueRow(env: ResolveEnv, req: ResolveRequest): Promise<QueueResolution> {
  const { db } = env;
  const row = resolvableRow(db, req.id);
  const r = req.resolution;
  let personStatus: PersonStatus | undefined;
  let refNo: string | undefined;
  let note: string | undefined;

  // ---- what needs the monitoring system, before anything is written ----
  if (r.kind === 'noticeGiven') {
    // 第三十七条 and the watch list: only a refusal for want of the notice is answered by giving it.
    if (refusalCodeOf(row.last_error) !== CODES.NOTICE_REQUIRED) {
      throw notApplicable(req.id, '监测系统并非因未告知而拒绝（2002）', 'the monitoring system did not refuse it for want of the notice (2002)');
    }
    const adapter = env.adapter;
    if (!adapter?.notice) throw new Refusal('QUEUE_RESOLVE_UNREACHABLE', { reason: 'no notice operation on this connection' });
    const entry = JSON.parse(row.payload) as Entry;
    const person: PersonRef = { idType: entry.idType, idNumber: entry.idNumber, country: entry.country };
    try {
      personStatus = (await adapter.quota(person, entry.tradeType)).status;
      // Taken off the list since: there is nothing to record, and the entry goes as it is.
      if (personStatus !== '01') await adapter.notice(person, personStatus);
    } catch (e) {
      throw monitoringRefusal(e);
    }
  } else if (r.kind === 'pageMode') {
    refNo = r.refNo.trim();
    // SAFE's reference numbers begin with the trade type (JH settlement, GH purchase).
    if (!REF_NO.test(refNo) || !refNo.startsWith(row.trade_type)) throw new Refusal('REF_NO_INVALID', { refNo });
    const used = first(db, q.selectFrom('outbox_resolutions').innerJoin('trades', 'trades.id', 'outbox_resolutions.trade_id')
      .select('trades.receipt_no').where('outbox_resolutions.ref_no', '=', refNo));
    if (used) throw mismatch(refNo, row, `已用于水单 ${used.receipt_no}`, `it was given for receipt ${used.receipt_no}`);
    if (env.adapter?.findByRef) {
      let record: RecordData | undefined;
      try {
        record = await env.adapter.findByRef(refNo);
      } catch (e) {
        throw monitoringRefusal(e);
      }
      checkRecord(db, refNo, row, record);
    }
  } else {
    note = r.note.trim();
    if (!note) throw new Refusal('INVALID_INPUT', { field: 'resolution.note', problemZh: '须写明处理情况', problemEn: 'must say what was done' });
  }

  // ---- one transaction ----
  const at = env.now();
  const atIso = at.toISOString();
  const written = env.act(() => {
    // Looked at again: another resolution (a second click) may have come first.
    const current = resolvableRow(db, req.id);
    let resent: bigint | null = null;
    if (r.kind === 'noticeGiven') {
      const entry = { ...(JSON.parse(current.payload) as Entry), noticeGiven: true };
      // The window of 第三十二条(二) runs from the trade, not from the notice.
      resent = resendBackfill(db, { tradeId: current.trade_id, payload: entry, deadlineAt: current.deadline_at, at: atIso });
      resolveRow(db, current.id, { state: 'not_needed', why: `已告知客户，由第 ${resent} 条重新报送 notice given; sent again as row ${resent}` }, atIso);
    } else if (r.kind === 'pageMode') {
      resolveRow(db, current.id, { state: 'delivered', refNo: refNo! }, atIso);
    } else {
      resolveRow(db, current.id, { state: 'not_needed', why: `已联系客户，交易已冲回 customer contacted, trade reversed: ${note!}` }, atIso);
    }
    const id = BigInt(run(db, q.insertInto('outbox_resolutions').values({
      outbox_id: current.id, trade_id: current.trade_id, kind: r.kind, refusal: current.last_error ?? '',
      ref_no: refNo ?? null, note: note ?? null, person_status: personStatus ?? null, resent_outbox_id: resent,
      supervisor_id: req.supervisorId, actor: req.actor, business_date: businessDate(at), created_at: atIso,
    })).lastInsertRowid);
    audit(db, {
      at: atIso, actor: req.actor, action: 'monitoring.resolve', entity: 'outbox', entityId: String(current.id),
      detail: {
        kind: r.kind, tradeId: current.trade_id, receiptNo: String(current.receipt_no), refusal: current.last_error, supervisorId: req.supervisorId,
        ...(refNo ? { refNo } : {}), ...(note ? { note } : {}), ...(personStatus ? { personStatus } : {}), ...(resent !== null ? { resentAs: String(resent) } : {}),
      },
    });
    return { id, resent };
  });

  // The resend goes out now; whatever its outcome (delivered, refused again, SAFE gone), the row says.
  if (written.resent !== null && env.sendNow) await env.sendNow();
  return resolutionView(db, written.id);
}

function mismatch(refNo: string, row: Row, whatZh: string, whatEn: string): Refusal {
  return new Refusal('QUEUE_REF_NO_MISMATCH', { refNo, receiptNo: String(row.receipt_no), whatZh, whatEn });
}

/** SAFE's record of the reference number is this trade's: the person, the type, the currency and the amount. */
function checkRecord(db: Database, refNo: string, row: Row, record: RecordData | undefined): void {
  if (!record || record.status !== 'recorded') throw new Refusal('QUEUE_REF_NO_NOT_FOUND', { refNo });
  const zh: string[] = [];
  const en: string[] = [];
  if (record.idType !== row.id_type || record.idNumber !== row.id_number || record.country !== row.country) {
    zh.push('证件不同');
    en.push('another ID');
  }
  if (record.tradeType !== row.trade_type) {
    zh.push(`交易类型 ${record.tradeType}`);
    en.push(`trade type ${record.tradeType}`);
  }
  const amount = fromMinor(row.foreign_minor, row.currency);
  if (record.currency !== row.currency || !dec(record.amount).eq(amount)) {
    zh.push(`金额 ${record.currency} ${record.amount}，水单为 ${row.currency} ${amount.toString()}`);
    en.push(`amount ${record.currency} ${record.amount}, the receipt says ${row.currency} ${amount.toString()}`);
  }
  // Entered through the interface with another of our trades' serials: that trade's record.
  if (record.serial !== row.trade_id) {
    const other = first(db, q.selectFrom('trades').select('receipt_no').where('id', '=', record.serial));
    if (other) {
      zh.push(`是水单 ${other.receipt_no} 的记录`);
      en.push(`it is the record of receipt ${other.receipt_no}`);
    }
  }
  if (zh.length) throw mismatch(refNo, row, zh.join('；'), en.join('; '));
}

function resolutionView(db: Database, id: bigint): QueueResolution {
  const r = first(db, q.selectFrom('outbox_resolutions').innerJoin('trades', 'trades.id', 'outbox_resolutions.trade_id')
    .selectAll('outbox_resolutions').select('trades.receipt_no').where('outbox_resolutions.id', '=', id))!;
  return {
    id: Number(r.id),
    outboxId: Number(r.outbox_id),
    tradeId: r.trade_id,
    receiptNo: Number(r.receipt_no),
    receiptText: receiptText(db, BigInt(r.receipt_no)),
    kind: r.kind,
    refusal: r.refusal,
    ...(r.ref_no !== null ? { refNo: r.ref_no } : {}),
    ...(r.note !== null ? { note: r.note } : {}),
    ...(r.person_status !== null ? { personStatus: r.person_status } : {}),
    supervisorId: r.supervisor_id,
    actor: r.actor,
    businessDate: r.business_date,
    at: r.created_at,
    row: queueRow(db, r.resent_outbox_id ?? r.outbox_id)!,
  };
}

export interface ResolutionLine {
  receiptNo: number;
  /** As printed (with its book, or plain). */
  receiptText: string;
  tradeId: string;
  tradeDate: string;
  kind: 'noticeGiven' | 'pageMode' | 'reversed';
  refusal: string;
  refNo: string | null;
  note: string | null;
  supervisorId: string;
  resolvedOn: string;
  at: string;
}

/**
 * For the day close (第三十二条(五)): the resolutions made on `date`, and those of the day's own
 * trades made since, oldest first.
 */
export function resolutionsFor(db: Database, date: string): ResolutionLine[] {
  const base = q.selectFrom('outbox_resolutions as r').innerJoin('trades as t', 't.id', 'r.trade_id')
    .select(['r.id', 'r.trade_id', 'r.kind', 'r.refusal', 'r.ref_no', 'r.note', 'r.supervisor_id', 'r.business_date', 'r.created_at', 't.receipt_no', 't.business_date as trade_date']);
  const made = all(db, base.where('r.business_date', '=', date));
  const ofTheDay = all(db, base.where('t.business_date', '=', date));
  const byId = new Map([...made, ...ofTheDay].map((x) => [x.id, x]));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((x) => ({
    receiptNo: Number(x.receipt_no),
    receiptText: receiptText(db, BigInt(x.receipt_no)),
    tradeId: x.trade_id,
    tradeDate: x.trade_date,
    kind: x.kind,
    refusal: x.refusal,
    refNo: x.ref_no,
    note: x.note,
    supervisorId: x.supervisor_id,
    resolvedOn: x.business_date,
    at: x.created_at,
  }));
}

/** A resolution as a line of the day close and its print, in both languages. */
export function describeResolution(l: ResolutionLine): string {
  const what = l.kind === 'noticeGiven' ? '已告知并重新报送 notice given, sent again'
    : l.kind === 'pageMode' ? `页面录入 page mode ${l.refNo ?? ''}`
      : `已联系客户冲回 reversed: ${l.note ?? ''}`;
  return `水单 ${l.receiptText}（${l.tradeDate}）${what}；主管 ${l.supervisorId}，${l.resolvedOn}`;
}
