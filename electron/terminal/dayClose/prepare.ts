// What the day close shows before it closes (日终, 第三十二条(五)): the expected notes, the trades and
// receipts, the three-way reconciliation (the terminal's trades, the monitoring system's records and
// the receipts), the back-fills still pending and the audit chain as verified now.
import { fromMinor } from '../../../shared/money/money';
import { audit } from '../../ledger/audit';
import { all, first, q, type Database } from '../../ledger/sql';
import { sql } from 'kysely';
import { backfillList, dayTrades, reconcileRecords, type DayTrade, type ReconciliationLine } from '../../monitoring/reconcile';
import { describeResolution, resolutionsFor } from '../../monitoring/resolve';
import { MonitoringError } from '../../monitoring/adapter';
import type { Services } from '../services';
import { isDayClosed } from '../dayLock';
import { AUDIT_SLICE, auditChainCheck } from '../../ledger/auditChain';
import type { AuditVerification } from '../../../shared/api';
import { expectedNotes, notesList, total } from './counts';
import { outletWide } from './outletClose';
import { expectedCheques } from './cheques';

/** The earliest day before `date` with business on it that is not closed yet. */
export function earlierOpenDay(db: Database, date: string): string | null {
  const lastClosed = first(db, q.selectFrom('day_closes').select('business_date').where('business_date', '<', date).orderBy('business_date', 'desc').limit(1))?.business_date ?? '0000-00-00';
  const t = first(db, q.selectFrom('trades').select('business_date').where('business_date', '>', lastClosed).where('business_date', '<', date).orderBy('business_date').limit(1));
  const m = first(db, q.selectFrom('reserve_movements').select('business_date').where('business_date', '>', lastClosed).where('business_date', '<', date).orderBy('business_date').limit(1));
  const days = [t?.business_date, m?.business_date].filter((d): d is string => d !== undefined).sort();
  return days[0] ?? null;
}

/** The audit chain's head as the last close before `date` saw it. */
export function lastHead(db: Database, date: string): { from?: { id: number; hash: string } } {
  const row = first(db, q.selectFrom('day_closes').select('summary').where('business_date', '<', date).orderBy('business_date', 'desc').limit(1));
  const head = row ? (JSON.parse(row.summary) as { auditHead?: { id: number; hash: string } }).auditHead : undefined;
  return head ? { from: head } : {};
}

/** Examined breaks as a line each: '17: hash mismatch (examined 2026-… by M001)'. */
export function examinedLines(examined: readonly (string | { id: number; reason: string; examinedAt: string; examinedBy: string })[] | undefined): string[] {
  return (examined ?? []).map((x) => (typeof x === 'string' ? x : `${x.id}: ${x.reason} (examined ${x.examinedAt} by ${x.examinedBy})`));
}

/** The audit verification a close recorded, in verifyAuditChain's shape. */
export function storedAudit(summary: string): { ok: boolean; entries: number; firstBroken?: { id: number | string; reason: string }; head?: { id: number; hash: string }; examined?: string[] } {
  const s = JSON.parse(summary) as { audit?: { ok: boolean; entries: number; firstBroken: string | null; examined?: string[] }; auditHead?: { id: number; hash: string } | null };
  return {
    ok: s.audit?.ok ?? true,
    entries: s.audit?.entries ?? 0,
    examined: s.audit?.examined ?? [],
    ...(s.audit?.firstBroken ? { firstBroken: { id: s.audit.firstBroken, reason: '' } } : {}),
    ...(s.auditHead ? { head: s.auditHead } : {}),
  };
}

export interface ReconItem {
  key: string;
  kind: string;
  detail: string;
  resolution: string | null;
}

/** Receipts (第三十五条): every number of the day used by a trade (a void keeps its number). */
export function receipts(db: Database, date: string) {
  const r = first(db, q.selectFrom('trades').select([sql<bigint | null>`min(receipt_no)`.as('lo'), sql<bigint | null>`max(receipt_no)`.as('hi'), sql<bigint>`count(*)`.as('n')]).where('business_date', '=', date));
  const lo = r?.lo ?? null;
  const hi = r?.hi ?? null;
  const gaps: number[] = [];
  if (lo !== null && hi !== null && hi - lo + 1n !== r!.n) {
    const used = new Set(all(db, q.selectFrom('trades').select('receipt_no').where('receipt_no', '>=', lo).where('receipt_no', '<=', hi)).map((x) => x.receipt_no));
    for (let n = lo; n <= hi && gaps.length < 100; n++) if (!used.has(n)) gaps.push(Number(n));
  }
  return { first: lo === null ? null : Number(lo), last: hi === null ? null : Number(hi), gaps };
}

export async function prepareFull(ctx: Services, input: { date: string }) {
  const db = ctx.db;
  const date = input.date;
  const items: ReconItem[] = [];
  // SAFE's records asked for first: the ledger's own checks below (the receipts, the audit chain)
  // run while they come over the network, not after (the busiest day: ~100 ms of each). Settled
  // into a value, so a failure waits for the await below.
  const fetching = ctx.monitoring?.recordsOn(date).then((records) => ({ records }), (failed: unknown) => ({ failed }));
  // A request goes out only when the event loop turns (the connection, then the write): turned
  // between the checks below, so each answer is asked for and read while the next check runs.
  const turn = () => (fetching ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve());
  await turn();
  // The receipts: numbers missing from the sequence, receipts never printed.
  const rc = receipts(db, date);
  for (const g of rc.gaps) items.push({ key: `receipt-gap:${g}`, kind: 'receiptGap', detail: `水单号 ${g} 缺失 / receipt number ${g} is missing`, resolution: null });
  // With no receipt printer configured the terminal prints nothing (receipts are written by hand):
  // only a terminal with a printer has receipts that should have come out of it.
  if (ctx.printer) for (const p of all(db, q.selectFrom('trades as t').select(['t.receipt_no'])
    .where('t.business_date', '=', date)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('print_jobs as p').select('p.id').whereRef('p.trade_id', '=', 't.id').where('p.state', '=', 'done')))))) {
    items.push({ key: `receipt-unprinted:${p.receipt_no}`, kind: 'receiptUnprinted', detail: `水单 ${p.receipt_no} 未打印 / receipt ${p.receipt_no} was never printed`, resolution: null });
  }
  // Back-fills SAFE refused for good and what a supervisor did about them (第三十二条(五),
  // monitoring/resolve.ts): made this day, or for this day's trades.
  await turn();
  const resolutions = resolutionsFor(db, date);
  const resolvedTrades = new Map(resolutions.map((r) => [r.tradeId, r]));
  await turn();
  // The chain is verified from the head the last close kept (that entry must still have that
  // hash): a day's entries, not ten years of them, and a rewrite of the past still shows.
  // A day already closed keeps what its close verified (its print must not re-check years since).
  // Checked a slice at a time with the event loop turned between slices, so that SAFE's record
  // pages are asked for and read while it runs (the busiest day: ~12,000 entries, ~45 ms of SHA-256).
  const closedSummary = first(db, q.selectFrom('day_closes').select('summary').where('business_date', '=', date));
  let auditResult: ReturnType<typeof storedAudit> | AuditVerification;
  if (closedSummary) auditResult = storedAudit(closedSummary.summary);
  else {
    const check = auditChainCheck(db, lastHead(db, date));
    while (!check.step(AUDIT_SLICE)) await turn();
    auditResult = check.result();
  }
  // The monitoring system's records against the terminal's trades.
  let checked = false;
  let error: string | null = null;
  // The day's trades read once, after SAFE's records are fetched (a trade committed meanwhile is in
  // both), for the reconciliation and the back-fill list alike (issue 21: 3,044 trades read twice
  // were a fifth of the busiest day's close).
  let trades: DayTrade[] | undefined;
  if (fetching) {
    try {
      const got = await fetching;
      if ('failed' in got) throw got.failed;
      const records = got.records;
      trades = dayTrades(db, date);
      const r = reconcileRecords(db, records, date, trades);
      checked = true;
      const line = (prefix: string, zh: string, en: string) => (l: ReconciliationLine) => {
        const id = l.receiptNo !== undefined ? `receipt ${l.receiptText ?? l.receiptNo}` : `ref ${l.refNo ?? '?'}`;
        // A trade a supervisor resolved (a reversal leaves it here: SAFE never held it) says so.
        const resolved = l.tradeId !== undefined ? resolvedTrades.get(l.tradeId) : undefined;
        // 第三十二条(五): the field that differs is named, in both languages, with both values.
        const fields = l.differences?.length
          ? `（${l.differences.map((d) => `${d.zh} ${d.terminal}≠${d.monitoring}`).join('；')}） (${l.differences.map((d) => `${d.en}: ${d.terminal} here, ${d.monitoring} there`).join('; ')}) `
          : '';
        items.push({ key: `${prefix}:${l.receiptNo ?? l.refNo ?? '?'}`, kind: prefix, detail: `${zh}：${id} ${l.currency} ${l.terminalAmount ?? ''}/${l.monitoringAmount ?? ''} ${fields}/ ${en}${resolved ? ` — 已处理 resolved: ${describeResolution(resolved)}` : ''}`, resolution: null });
      };
      // At an outlet of several counters SAFE's records hold the other counters' trades too: those no
      // trade here matched are the outlet's close's to reconcile, once (outletClose.ts).
      if (!outletWide(db)) r.missingOnTerminal.forEach(line('missingOnTerminal', '监测系统有记录而终端无交易', 'recorded in the monitoring system, not on the terminal'));
      r.missingOnMonitoring.forEach(line('missingOnMonitoring', '终端有交易而监测系统无记录', 'a trade the monitoring system does not hold'));
      r.differentAmount.forEach(line('differentAmount', '金额不一致', 'amounts differ'));
      r.differentFields.forEach(line('differentFields', '报送字段不一致', 'reported fields differ'));
      r.voidedStillRecorded.forEach(line('voidedStillRecorded', '已作废但监测系统仍有记录', 'voided here, still recorded there'));
    } catch (e) {
      if (!(e instanceof MonitoringError)) throw e;
      error = e.message;
    }
  } else {
    error = 'no monitoring system configured';
  }
  // What the day holds as of the records (a trade committed while they came is in both).
  const expected = [...expectedNotes(db, date).values()].map((e) => ({ location: e.location, currency: e.currency, total: fromMinor(total(e.notes), e.currency).toString(), notes: notesList(e.currency, e.notes) }));
  const counts = first(db, q.selectFrom('trades').select(sql<bigint>`count(*)`.as('n')).where('business_date', '=', date))?.n ?? 0n;
  const voids = first(db, q.selectFrom('voids').select(sql<bigint>`count(*)`.as('n')).where('business_date', '=', date))?.n ?? 0n;
  const now = ctx.now();
  // Not the ones no longer to be sent (a reversal resolved): they are among the resolutions.
  const backfills = backfillList(db, date, trades ?? dayTrades(db, date)).filter((b) => !b.voided && b.state !== 'delivered' && b.state !== 'not_needed').map((b) => ({
    receiptNo: b.receiptNo, receiptText: b.receiptText, deadlineAt: b.deadlineAt ?? null, state: b.state, overdue: b.deadlineAt !== undefined && Date.parse(b.deadlineAt) < now.getTime(),
  }));
  return {
    date,
    closed: isDayClosed(db, date),
    earlierOpen: earlierOpenDay(db, date),
    trades: Number(counts),
    voids: Number(voids),
    receipts: rc,
    expected,
    travellersCheques: [...expectedCheques(db, date)].map(([currency, minor]) => ({ currency, total: fromMinor(minor, currency).toString() })),
    reconciliation: { checked, error, items },
    backfills,
    resolutions,
    audit: {
      ok: auditResult.ok, entries: auditResult.entries, firstBroken: auditResult.firstBroken ? `${auditResult.firstBroken.id}: ${auditResult.firstBroken.reason}` : null,
      examined: examinedLines(auditResult.examined),
    },
    auditHead: auditResult.head ?? null,
  };
}

/** What the close screen shows before counting and closing (dayClose.prepare). */
export async function prepare(ctx: Services, input: { date: string }) {
  const { auditHead: _head, ...shown } = await prepareFull(ctx, input);
  return shown;
}
