// The day close (日终, 第三十二条(五)): count each currency by note in the till and the safe, see
// expected against counted, explain and approve any over/short, review the three-way
// reconciliation (the terminal's trades, the monitoring system's records and the receipts) and the
// back-fills still pending, then close: the business date is locked, every account's closing
// balance and the FX stock's cost are kept for the reports, and a backup is taken.
import { Refusal } from '../../shared/errors';
import { RMB } from '../../shared/money/currencies';
import { dec, formatAmount, fromMinor } from '../../shared/money/money';
import type { Notes } from '../../shared/money/denominations';
import { businessDate } from '../../shared/time';
import type { z } from 'zod';
import type { countInput } from '../../shared/contractReserves';
import { post } from '../ledger/accounts';
import { audit } from '../ledger/audit';
import { describeNotes, moveNotes, parseNotes, PLACE_WORDS, type CashPlace } from '../ledger/notes';
import { all, first, q, run, type Database } from '../ledger/sql';
import { sql } from 'kysely';
import { backfillList, reconcile } from '../monitoring/reconcile';
import { describeResolution, resolutionsFor, type ResolutionLine } from '../monitoring/resolve';
import { MonitoringError } from '../monitoring/adapter';
import { balancesAt } from '../reports/balances';
import { replayCosts } from '../reports/books';
import type { Context } from './context';
import { isDayClosed } from './dayLock';
import { recordVariance } from './reserves';
import { verifyAuditChain } from '../ledger/auditChain';
import { backupAfterDayClose } from '../ledger/backup';
import { approvalSubject } from '../../shared/access';
import { consumeApproval } from './auth';
import { wrapWords } from '../printer/layout';
import { receiptBytes } from '../printer/escpos';

type Count = z.output<typeof countInput>;


// ---- what the close expects ----

/** Notes per place and currency at the end of `date`: today's stock less anything dated after. */
export function expectedNotes(db: Database, date: string): Map<string, { location: CashPlace; currency: string; notes: Notes }> {
  const out = new Map<string, { location: CashPlace; currency: string; notes: Notes }>();
  const add = (location: CashPlace, currency: string, d: bigint, n: bigint) => {
    const key = `${location}|${currency}`;
    const slot = out.get(key) ?? out.set(key, { location, currency, notes: new Map() }).get(key)!;
    const v = (slot.notes.get(d) ?? 0n) + n;
    if (v === 0n) slot.notes.delete(d); else slot.notes.set(d, v);
  };
  for (const r of all(db, q.selectFrom('note_stock').selectAll().where('count', '!=', 0n))) add(r.location, r.currency, r.denomination_minor, r.count);
  for (const r of all(db, q.selectFrom('note_movements').select(['location', 'currency', 'denomination_minor', sql<bigint>`sum(count)`.as('n')])
    .where('business_date', '>', date).groupBy(['location', 'currency', 'denomination_minor']))) {
    add(r.location, r.currency, r.denomination_minor, -r.n);
  }
  for (const [key, v] of out) if (v.notes.size === 0) out.delete(key);
  return out;
}

function total(notes: Notes): bigint {
  let t = 0n;
  for (const [d, n] of notes) t += d * n;
  return t;
}

function notesList(currency: string, notes: Notes) {
  return [...notes].filter(([, n]) => n !== 0n).sort((a, b) => (a[0] > b[0] ? -1 : 1))
    .map(([d, n]) => ({ denomination: fromMinor(d, currency).toString(), count: Number(n) }));
}

/** The earliest day before `date` with business on it that is not closed yet. */
function earlierOpenDay(db: Database, date: string): string | null {
  const lastClosed = first(db, q.selectFrom('day_closes').select('business_date').where('business_date', '<', date).orderBy('business_date', 'desc').limit(1))?.business_date ?? '0000-00-00';
  const t = first(db, q.selectFrom('trades').select('business_date').where('business_date', '>', lastClosed).where('business_date', '<', date).orderBy('business_date').limit(1));
  const m = first(db, q.selectFrom('reserve_movements').select('business_date').where('business_date', '>', lastClosed).where('business_date', '<', date).orderBy('business_date').limit(1));
  const days = [t?.business_date, m?.business_date].filter((d): d is string => d !== undefined).sort();
  return days[0] ?? null;
}

/** The audit chain's head as the last close before `date` saw it. */
function lastHead(db: Database, date: string): { from?: { id: number; hash: string } } {
  const row = first(db, q.selectFrom('day_closes').select('summary').where('business_date', '<', date).orderBy('business_date', 'desc').limit(1));
  const head = row ? (JSON.parse(row.summary) as { auditHead?: { id: number; hash: string } }).auditHead : undefined;
  return head ? { from: head } : {};
}

/** Examined breaks as a line each: '17: hash mismatch (examined 2026-… by M001)'. */
function examinedLines(examined: readonly (string | { id: number; reason: string; examinedAt: string; examinedBy: string })[] | undefined): string[] {
  return (examined ?? []).map((x) => (typeof x === 'string' ? x : `${x.id}: ${x.reason} (examined ${x.examinedAt} by ${x.examinedBy})`));
}

/** The audit verification a close recorded, in verifyAuditChain's shape. */
function storedAudit(summary: string): { ok: boolean; entries: number; firstBroken?: { id: number | string; reason: string }; head?: { id: number; hash: string }; examined?: string[] } {
  const s = JSON.parse(summary) as { audit?: { ok: boolean; entries: number; firstBroken: string | null; examined?: string[] }; auditHead?: { id: number; hash: string } | null };
  return {
    ok: s.audit?.ok ?? true,
    entries: s.audit?.entries ?? 0,
    examined: s.audit?.examined ?? [],
    ...(s.audit?.firstBroken ? { firstBroken: { id: s.audit.firstBroken, reason: '' } } : {}),
    ...(s.auditHead ? { head: s.auditHead } : {}),
  };
}

interface ReconItem {
  key: string;
  kind: string;
  detail: string;
  resolution: string | null;
}

/** Receipts (第三十五条): every number of the day used by a trade (a void keeps its number). */
function receipts(db: Database, date: string) {
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

async function prepareFull(ctx: Context, input: { date: string }) {
  const db = ctx.db;
  const date = input.date;
  const items: ReconItem[] = [];
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
  const resolutions = resolutionsFor(db, date);
  const resolvedTrades = new Map(resolutions.map((r) => [r.tradeId, r]));
  // The monitoring system's records against the terminal's trades.
  let checked = false;
  let error: string | null = null;
  if (ctx.monitoring) {
    try {
      const r = await reconcile(db, ctx.monitoring, date);
      checked = true;
      const line = (prefix: string, zh: string, en: string) => (l: { receiptNo?: number; tradeId?: string; refNo?: string; currency: string; terminalAmount?: string; monitoringAmount?: string }) => {
        const id = l.receiptNo !== undefined ? `receipt ${l.receiptNo}` : `ref ${l.refNo ?? '?'}`;
        // A trade a supervisor resolved (a reversal leaves it here: SAFE never held it) says so.
        const resolved = l.tradeId !== undefined ? resolvedTrades.get(l.tradeId) : undefined;
        items.push({ key: `${prefix}:${l.receiptNo ?? l.refNo ?? '?'}`, kind: prefix, detail: `${zh}：${id} ${l.currency} ${l.terminalAmount ?? ''}/${l.monitoringAmount ?? ''} / ${en}${resolved ? ` — 已处理 resolved: ${describeResolution(resolved)}` : ''}`, resolution: null });
      };
      r.missingOnTerminal.forEach(line('missingOnTerminal', '监测系统有记录而终端无交易', 'recorded in the monitoring system, not on the terminal'));
      r.missingOnMonitoring.forEach(line('missingOnMonitoring', '终端有交易而监测系统无记录', 'a trade the monitoring system does not hold'));
      r.differentAmount.forEach(line('differentAmount', '金额不一致', 'amounts differ'));
      r.voidedStillRecorded.forEach(line('voidedStillRecorded', '已作废但监测系统仍有记录', 'voided here, still recorded there'));
    } catch (e) {
      if (!(e instanceof MonitoringError)) throw e;
      error = e.message;
    }
  } else {
    error = 'no monitoring system configured';
  }
  const now = ctx.now();
  // Not the ones no longer to be sent (a reversal resolved): they are among the resolutions.
  const backfills = backfillList(db, date).filter((b) => !b.voided && b.state !== 'delivered' && b.state !== 'not_needed').map((b) => ({
    receiptNo: b.receiptNo, deadlineAt: b.deadlineAt ?? null, state: b.state, overdue: b.deadlineAt !== undefined && Date.parse(b.deadlineAt) < now.getTime(),
  }));
  // The chain is verified from the head the last close kept (that entry must still have that
  // hash): a day's entries, not ten years of them, and a rewrite of the past still shows.
  // A day already closed keeps what its close verified (its print must not re-check years since).
  const closedSummary = first(db, q.selectFrom('day_closes').select('summary').where('business_date', '=', date));
  const auditResult = closedSummary
    ? storedAudit(closedSummary.summary)
    : verifyAuditChain(db, lastHead(db, date));
  const expected = [...expectedNotes(db, date).values()].map((e) => ({ location: e.location, currency: e.currency, total: fromMinor(total(e.notes), e.currency).toString(), notes: notesList(e.currency, e.notes) }));
  const counts = first(db, q.selectFrom('trades').select(sql<bigint>`count(*)`.as('n')).where('business_date', '=', date))?.n ?? 0n;
  const voids = first(db, q.selectFrom('voids').select(sql<bigint>`count(*)`.as('n')).where('business_date', '=', date))?.n ?? 0n;
  return {
    date,
    closed: isDayClosed(db, date),
    earlierOpen: earlierOpenDay(db, date),
    trades: Number(counts),
    voids: Number(voids),
    receipts: rc,
    expected,
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
export async function prepare(ctx: Context, input: { date: string }) {
  const { auditHead: _head, ...shown } = await prepareFull(ctx, input);
  return shown;
}

interface Difference {
  location: CashPlace;
  currency: string;
  expected: bigint;
  counted: bigint;
  mixDiffers: boolean;
  expectedNotes: Notes;
  countedNotes: Notes;
}

/** Counted against expected, per place and currency: value and note mix. */
export function compareCounts(db: Database, date: string, counts: readonly Count[], expected = expectedNotes(db, date)): Difference[] {
  const counted = new Map<string, { location: CashPlace; currency: string; notes: Notes }>();
  for (const c of counts) {
    const key = `${c.location}|${c.currency}`;
    if (counted.has(key)) throw new Refusal('NOTES_INVALID', { problemZh: `${PLACE_WORDS[c.location].zh} ${c.currency} 清点了两次`, problemEn: `${c.currency} in the ${PLACE_WORDS[c.location].en} is counted twice` });
    counted.set(key, { location: c.location, currency: c.currency, notes: parseNotes(c.currency, c.notes) ?? new Map() });
  }
  const missing = [...expected.keys()].filter((k) => !counted.has(k));
  if (missing.length > 0) {
    throw new Refusal('DAY_CLOSE_COUNT_MISSING', { missing: missing.map((k) => { const [l, c] = k.split('|') as [CashPlace, string]; return `${PLACE_WORDS[l].zh}/${l} ${c}`; }).join(', ') });
  }
  const out: Difference[] = [];
  for (const [key, c] of counted) {
    const e = expected.get(key)?.notes ?? new Map<bigint, bigint>();
    const denoms = new Set([...e.keys(), ...c.notes.keys()]);
    const mixDiffers = [...denoms].some((d) => (e.get(d) ?? 0n) !== (c.notes.get(d) ?? 0n));
    out.push({ location: c.location, currency: c.currency, expected: total(e), counted: total(c.notes), mixDiffers, expectedNotes: e, countedNotes: c.notes });
  }
  return out.sort((a, b) => (a.location + a.currency).localeCompare(b.location + b.currency));
}

function differenceView(d: Difference) {
  const denoms = [...new Set([...d.expectedNotes.keys(), ...d.countedNotes.keys()])].sort((a, b) => (a > b ? -1 : 1));
  return {
    location: d.location, currency: d.currency,
    expected: fromMinor(d.expected, d.currency).toString(), counted: fromMinor(d.counted, d.currency).toString(),
    difference: fromMinor(d.counted - d.expected, d.currency).toString(), mixDiffers: d.mixDiffers,
    notes: denoms.map((den) => ({ denomination: fromMinor(den, d.currency).toString(), expected: Number(d.expectedNotes.get(den) ?? 0n), counted: Number(d.countedNotes.get(den) ?? 0n) })),
  };
}

function describeDifference(d: Difference): string {
  const f = (m: bigint) => formatAmount(fromMinor(m, d.currency), d.currency);
  return d.counted !== d.expected
    ? `${PLACE_WORDS[d.location].zh} ${d.currency} ${d.counted > d.expected ? '长款' : '短款'} ${f(d.counted - d.expected)}`
    : `${PLACE_WORDS[d.location].zh} ${d.currency} 券别不符 (${describeNotes(d.currency, d.countedNotes)})`;
}

export async function close(ctx: Context, input: { date: string; counts: Count[]; varianceReason?: string | undefined; resolutions: { key: string; resolution: string }[]; actor: string; supervisorId?: string | undefined }) {
  const db = ctx.db;
  const date = input.date;
  const today = businessDate(ctx.now());
  if (date > today) throw new Refusal('DAY_CLOSE_FUTURE', { date });
  if (isDayClosed(db, date)) throw new Refusal('DAY_CLOSED', { date });
  const earlier = earlierOpenDay(db, date);
  if (earlier) throw new Refusal('DAY_CLOSE_ORDER', { earlier, date });
  const prep = await prepareFull(ctx, { date });
  if (!prep.audit.ok) {
    const [entry, ...reason] = (prep.audit.firstBroken ?? '?: ?').split(': ');
    throw new Refusal('DAY_CLOSE_AUDIT_BROKEN', { entry: entry ?? '?', reason: reason.join(': ') });
  }
  const resolutions = new Map(input.resolutions.map((r) => [r.key, r.resolution.trim()]));
  const open = prep.reconciliation.items.filter((i) => !resolutions.get(i.key));
  if (open.length > 0) throw new Refusal('DAY_CLOSE_RECONCILIATION_OPEN', { count: String(open.length) });
  const items = prep.reconciliation.items.map((i) => ({ ...i, resolution: resolutions.get(i.key) ?? null }));

  ctx.db.transaction(() => {
    // Re-read inside the transaction: nothing can have moved since (commits are serialised, and
    // this transaction holds the write lock).
    if (isDayClosed(db, date)) throw new Refusal('DAY_CLOSED', { date });
    const differences = compareCounts(db, date, input.counts);
    const off = differences.filter((d) => d.counted !== d.expected || d.mixDiffers);
    // An over/short, or a note mix that differs, needs a reason and a supervisor (never the closer).
    let supervisorId: string | undefined;
    if (off.length > 0) {
      if (!input.varianceReason?.trim() || ctx.approval === undefined) {
        throw new Refusal('DAY_CLOSE_VARIANCE_UNEXPLAINED', { differences: off.map(describeDifference).join('; ') });
      }
      // The supervisor signs in for this one close on the teller's screen (auth.approve); the
      // approval is used here, in the close's own transaction, and is never the closer's own.
      supervisorId = consumeApproval(ctx, { action: 'dayClose.close', subject: approvalSubject('dayClose.close', input), requester: input.actor }, 'over/short 长短款');
    }
    const at = ctx.now().toISOString();
    for (const d of off) {
      // The books follow the count: the notes become what was counted; a value difference goes to
      // the over/short account and the reserve ledger (with the institution, 系统内).
      const id = ctx.newId();
      const txn = { id, businessDate: date, at };
      const less = new Map<bigint, bigint>();
      const more = new Map<bigint, bigint>();
      for (const den of new Set([...d.expectedNotes.keys(), ...d.countedNotes.keys()])) {
        const delta = (d.countedNotes.get(den) ?? 0n) - (d.expectedNotes.get(den) ?? 0n);
        if (delta < 0n) less.set(den, -delta);
        if (delta > 0n) more.set(den, delta);
      }
      moveNotes(db, txn, d.location, d.currency, less, -1n);
      moveNotes(db, txn, d.location, d.currency, more, 1n);
      const value = d.counted - d.expected;
      if (value !== 0n) {
        post(db, { id, kind: 'movement', businessDate: date, at }, [
          { kind: d.location === 'till' ? 'cash' : 'safe', currency: d.currency, amountMinor: value },
          { kind: 'variance', currency: d.currency, amountMinor: -value },
        ]);
      }
      recordVariance(db, {
        id, kind: 'variance', channel: 'internal', counterparty: '本机构（长短款）', place: null, same_city: null, method: 'cash', account_no: null,
        in_place: value > 0n ? d.location : null, in_currency: value > 0n ? d.currency : null, in_minor: value > 0n ? value : null,
        out_place: value < 0n ? d.location : null, out_currency: value < 0n ? d.currency : null, out_minor: value < 0n ? -value : null,
        rate_per_100: null, note: `${describeDifference(d)}: ${input.varianceReason ?? ''}`, actor: input.actor, supervisor_id: supervisorId ?? null,
        business_date: date, created_at: at,
      });
    }
    // What the reports start from: every account's closing balance, the FX stock and its cost.
    for (const b of balancesAt(db, date)) {
      run(db, q.insertInto('day_balances').values({ business_date: date, account_id: b.account, balance_minor: b.minor }));
    }
    for (const [currency, s] of replayCosts(db, date).states) {
      if (currency === RMB) continue;
      run(db, q.insertInto('day_costs').values({ business_date: date, currency, stock_minor: s.stock, cost_minor: s.cost }));
    }
    const summary = {
      differences: differences.map(differenceView),
      reconciliation: items,
      reconciliationChecked: prep.reconciliation.checked,
      reconciliationError: prep.reconciliation.error,
      backfills: prep.backfills,
      resolutions: prep.resolutions,
      receipts: prep.receipts,
      trades: prep.trades,
      voids: prep.voids,
      audit: prep.audit,
      auditHead: prep.auditHead,
    };
    run(db, q.insertInto('day_closes').values({
      business_date: date, closed_at: at, closed_by: input.actor, supervisor_id: supervisorId ?? null,
      variance_reason: off.length > 0 ? input.varianceReason?.trim() ?? null : null, summary: JSON.stringify(summary),
    }));
    audit(db, { at, actor: input.actor, action: 'dayClose.close', entity: 'day', entityId: date, detail: { differences: off.map(describeDifference), supervisorId: supervisorId ?? null } });
  }).immediate();
  let backup: string | null = null;
  // 第七 issue: a backup after each close. The close stands whatever happens to the backup; a
  // failed one is audited by the backup module and shows as null here.
  const b = backupAfterDayClose(ctx, input.actor, prep.auditHead ?? undefined);
  backup = b.ok ? b.backup.file : null;
  return { ...get(ctx, { date }), backup };
}

export function get(ctx: Context, input: { date: string }) {
  const row = first(ctx.db, q.selectFrom('day_closes').selectAll().where('business_date', '=', input.date));
  if (!row) throw new Refusal('REPORT_PERIOD_INVALID', { problemZh: `${input.date} 尚未日终`, problemEn: `${input.date} is not closed` });
  const s = JSON.parse(row.summary) as {
    differences: ReturnType<typeof differenceView>[]; reconciliation: ReconItem[]; backfills: { receiptNo: number; deadlineAt: string | null; state: string; overdue: boolean }[];
    resolutions?: ResolutionLine[];
  };
  return {
    date: row.business_date, closedAt: row.closed_at, closedBy: row.closed_by, supervisorId: row.supervisor_id, varianceReason: row.variance_reason,
    differences: s.differences, reconciliation: s.reconciliation, backfills: s.backfills,
    // Closes made before resolutions were kept (migration 011) have none.
    resolutions: s.resolutions ?? [], backup: null as string | null,
  };
}

export function list(ctx: Context, input: { limit: number }) {
  return all(ctx.db, q.selectFrom('day_closes').select(['business_date', 'closed_at', 'closed_by', 'supervisor_id']).orderBy('business_date', 'desc').limit(input.limit))
    .map((r) => ({ date: r.business_date, closedAt: r.closed_at, closedBy: r.closed_by, hadVariance: r.supervisor_id !== null }));
}

/** A teller handing over the till: the second teller's blind count (they never saw the figures). */
export function handover(ctx: Context, input: { fromTeller: string; toTeller: string; counts: Count[] }) {
  if (input.fromTeller === input.toTeller) throw new Refusal('INVALID_INPUT', { field: 'toTeller', problemZh: '须为另一位柜员', problemEn: 'must be another teller' });
  // The incoming teller counts, signed in: the handover is theirs, not something typed for them.
  if (ctx.caller && ctx.caller.id.toLowerCase() !== input.toTeller.toLowerCase()) {
    throw new Refusal('ACTOR_MISMATCH', { field: 'toTeller', given: input.toTeller, signedIn: ctx.caller.id });
  }
  const date = businessDate(ctx.now());
  const expected = new Map([...expectedNotes(ctx.db, date)].filter(([, v]) => v.location === 'till'));
  for (const c of input.counts) {
    if (c.location !== 'till') throw new Refusal('INVALID_INPUT', { field: 'counts.location', problemZh: '交接只清点尾箱', problemEn: 'a handover counts the till only' });
  }
  const differences = compareCounts(ctx.db, date, input.counts, expected);
  const off = differences.filter((d) => d.counted !== d.expected || d.mixDiffers).map(differenceView);
  const id = ctx.newId();
  const at = ctx.now().toISOString();
  ctx.db.transaction(() => {
    run(ctx.db, q.insertInto('handovers').values({ id, business_date: date, from_teller: input.fromTeller, to_teller: input.toTeller, counted: JSON.stringify(input.counts), differences: JSON.stringify(off), created_at: at }));
    audit(ctx.db, { at, actor: input.toTeller, action: 'cash.handover', entity: 'handover', entityId: id, detail: { from: input.fromTeller, differences: off.length } });
  }).immediate();
  return { id, matches: off.length === 0, differences: off };
}

/** The day's summary and its back-fill list on the thermal printer (two parts, as a receipt). */
export async function printSummary(ctx: Context, input: { date: string; actor: string }) {
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
    addB(`${b.receiptNo} ${b.tradeType} ${b.currency} ${b.amount} ${b.state}${b.refNo ? ` ${b.refNo}` : ''}${b.deadlineAt ? ` 限 ${b.deadlineAt}` : ''}${b.voided ? ' 作废' : ''}`);
  }
  if (!ctx.printer) return { printed: false, lines: lines.length + backfill.length };
  const bytes = receiptBytes({ institution: lines, customer: backfill });
  await ctx.printer.transport.print(bytes);
  ctx.db.transaction(() => audit(ctx.db, { at: ctx.now().toISOString(), actor: input.actor, action: 'dayClose.print', entity: 'day', entityId: input.date, detail: { lines: lines.length + backfill.length } })).immediate();
  return { printed: true, lines: lines.length + backfill.length };
}

