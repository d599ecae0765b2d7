// The trade flow of 第三十六条: check the ID, decide the reporting path (real-time entry before the
// trade), commit the trade in one transaction (trade, postings, receipt number, outbox row, print
// job, audit entry), then print and hand over the cash (after commit, elsewhere).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Refusal, type Failure } from '../../shared/errors';
import { ID_TYPES, validateIdDocument, type IdDocument, type Residency } from '../../shared/id/idDocument';
import { RMB } from '../../shared/money/currencies';
import { Decimal, dec, formatAmount, formatUsd, fromMinor, moneyText, parseAmount, toMinor } from '../../shared/money/money';
import { policyFor, type Policy } from '../../shared/policy';
import { decideTrade, type BoardRate, type MonitoringFacts, type TradeDecision } from '../../shared/rules/decide';
import { dayStanding } from '../../shared/rules/dailyLimit';
import type { PriorEntry } from '../../shared/rules/prompts';
import type { OriginalReceipt } from '../../shared/rules/reconversion';
import { monitoringTradeType, type Direction } from '../../shared/rules/tradeKind';
import { DEFAULT_FUND_ATTRIBUTE } from '../../shared/codeLists';
import { addDays, businessDate, isIsoDate, monthOf } from '../../shared/time';
import type { CommitRequest, Parsed, PersonDay, QuoteView, TradeRequest, TradeView } from '../../shared/contract';
import { balanceMinor, post, reversalOf, type Posting } from '../ledger/accounts';
import { audit } from '../ledger/audit';
import { nextReceiptNo } from '../ledger/receipts';
import { all, first, q, run, type Database } from '../ledger/sql';
import type { TradeTable, VoidTable } from '../ledger/schema';
import { monitoringEntry } from '../monitoring/entry';
import { MonitoringError } from '../monitoring/adapter';
import { registerOnce } from '../monitoring/realtime';
import { abandonIntent, intentCommitted, intentNotMade, intentSettled, liveIntent, recordIntent } from '../monitoring/intents';
import { backfillsNotNeeded, queueTradeReport, queueVoidCancel } from '../monitoring/outbox';
import { CODES } from '../monitoring/protocol';
import type { Context } from './context';
import { approvalSubject } from '../../shared/access';
import { consumeApproval } from './auth';
import { checkNamePrintable, printerGate } from './printerGate';
import { queueReceipt } from './printJobs';
import { assertDayOpen } from './dayLock';
import { checkTotal, moveNotes, noteReversalOf, notesOut, parseNotes } from '../ledger/notes';
import { greedyNotes, type Notes } from '../../shared/money/denominations';
import { boardRate, foreignCurrency, usdPerUnit } from './rates';

/** The person, for every rule: ID type + number + country (rules.md). */
export function personKeyOf(doc: Pick<IdDocument, 'idType' | 'idNumber' | 'country'>): string {
  return `${doc.idType}:${doc.idNumber}:${doc.country}`;
}

/** Everything a decision was made from, gathered from the ledger at one instant. */
interface Evaluation {
  now: Date;
  today: string;
  policy: Policy;
  doc: IdDocument;
  residency: Residency;
  personKey: string;
  knownName: string | undefined;
  rate: BoardRate;
  usdPerUnit: Decimal;
  month: string;
  decision: TradeDecision;
}

// ---- what the ledger knows about a person ----

function standingTrades(db: Database, personKey: string, date: string) {
  return all(db, q.selectFrom('trades').leftJoin('voids', 'voids.trade_id', 'trades.id')
    .select(['trades.direction', 'trades.kind', 'trades.usd_equivalent'])
    .where('trades.person_key', '=', personKey).where('trades.business_date', '=', date).where('voids.id', 'is', null));
}

/**
 * USD of this person's trades today that were voided here and are still recorded at SAFE: their
 * cancel has not been delivered yet. SAFE's figure for the day still counts them for those seconds
 * (or hours, offline), so it is taken less them (第二十九条: a voided trade did not happen).
 */
function voidedAwaitingCancelUsd(db: Database, personKey: string, date: string): Decimal {
  const rows = all(db, q.selectFrom('trades').innerJoin('voids', 'voids.trade_id', 'trades.id')
    .select('trades.usd_equivalent')
    .where('trades.person_key', '=', personKey).where('trades.business_date', '=', date)
    .where(({ exists, selectFrom }) => exists(selectFrom('outbox').select('outbox.id').whereRef('outbox.trade_id', '=', 'trades.id')
      .where('outbox.kind', '=', 'cancel').where('outbox.state', 'in', ['pending', 'needs_attention']))));
  return rows.reduce((sum, r) => sum.plus(dec(r.usd_equivalent)), new Decimal(0));
}

/**
 * SAFE's day figure without what this terminal voided and has not yet cancelled there. Read only
 * when SAFE answered: offline there is no figure to correct, and the quote reads nothing more.
 */
function withoutPendingCancels(facts: MonitoringFacts | undefined, pendingUsd: () => Decimal): MonitoringFacts | undefined {
  if (!facts) return facts;
  const pending = pendingUsd();
  return pending.isZero() ? facts : { ...facts, cashTodayUsd: Decimal.max(facts.cashTodayUsd.minus(pending), 0) };
}

function personHistory(db: Database, personKey: string, fromDate: string): PriorEntry[] {
  const trades = all(db, q.selectFrom('trades').select(['usd_equivalent', 'created_at', 'teller_id'])
    .where('person_key', '=', personKey).where('business_date', '>=', fromDate));
  const attempts = all(db, q.selectFrom('attempts').select(['usd_equivalent', 'created_at', 'teller_id'])
    .where('person_key', '=', personKey).where('business_date', '>=', fromDate));
  return [...trades, ...attempts].map((r) => ({ personKey, tellerId: r.teller_id, usd: dec(r.usd_equivalent), at: new Date(r.created_at) }));
}

function outletRecent(db: Database, since: Date): PriorEntry[] {
  const sinceAt = since.toISOString();
  const trades = all(db, q.selectFrom('trades').select(['person_key', 'usd_equivalent', 'created_at', 'teller_id'])
    .where('business_date', '>=', businessDate(since)).where('created_at', '>=', sinceAt));
  const attempts = all(db, q.selectFrom('attempts').select(['person_key', 'usd_equivalent', 'created_at', 'teller_id'])
    .where('created_at', '>=', sinceAt));
  return [...trades, ...attempts].map((r) => ({ personKey: r.person_key, tellerId: r.teller_id, usd: dec(r.usd_equivalent), at: new Date(r.created_at) }));
}

function originalReceipt(db: Database, receiptNo: number): OriginalReceipt | undefined {
  const t = first(db, q.selectFrom('trades').leftJoin('voids', 'voids.trade_id', 'trades.id')
    .select(['trades.receipt_no', 'trades.business_date', 'trades.person_key', 'trades.direction', 'trades.rmb_minor', 'trades.fee_minor', 'voids.id as void_id'])
    .where('trades.receipt_no', '=', BigInt(receiptNo)));
  if (!t) return undefined;
  const used = all(db, q.selectFrom('trades').leftJoin('voids', 'voids.trade_id', 'trades.id')
    .select(['trades.rmb_minor', 'trades.fee_minor'])
    .where('trades.original_receipt_no', '=', BigInt(receiptNo)).where('voids.id', 'is', null))
    .reduce((sum, r) => sum + r.rmb_minor + r.fee_minor, 0n);
  return {
    receiptNo,
    businessDate: t.business_date,
    personKey: t.person_key,
    direction: t.direction,
    voided: t.void_id !== null,
    // What the customer received in RMB on it (the fee was kept), and what was changed back since.
    rmbReceived: fromMinor(t.rmb_minor - t.fee_minor, RMB),
    rmbReconverted: fromMinor(used, RMB),
  };
}

function knownCustomerName(db: Database, personKey: string): string | undefined {
  return first(db, q.selectFrom('customers').select('name').where('person_key', '=', personKey))?.name;
}

// ---- evaluation: the pure rules over what the ledger knows ----

function evaluate(ctx: Context, req: TradeRequest, now: Date, monitoring: MonitoringFacts | undefined): Evaluation {
  const today = businessDate(now);
  const policy = policyFor(ctx.policies(), today);
  const doc = validateIdDocument(req.customer, today);
  const residency = ID_TYPES[doc.idType].residency;
  const currency = foreignCurrency(req.currency);
  const amount = parseAmount(req.amount, req.side === 'foreign' ? currency : RMB);
  const rate = boardRate(ctx.db, currency, now);
  const month = monthOf(today);
  const usdRate = usdPerUnit(ctx.db, currency, month);
  const personKey = personKeyOf(doc);
  const p = policy.params.prompts;
  const decision = decideTrade({
    now,
    today,
    policy,
    borderPort: ctx.outlet().border_port === 1n,
    customer: doc,
    residency,
    personKey,
    tellerId: req.tellerId,
    direction: req.direction,
    currency,
    amount,
    side: req.side,
    paymentIn: req.paymentIn,
    rate,
    usdPerUnit: usdRate,
    dayTrades: standingTrades(ctx.db, personKey, today).map((t) => ({ direction: t.direction, kind: t.kind, usd: dec(t.usd_equivalent) })),
    // Read only for a trade just below a threshold (第三十七条): most trades need neither.
    personHistory: () => personHistory(ctx.db, personKey, addDays(today, -(Math.max(p.justBelowLookbackDays, 1) - 1))),
    outletRecent: () => outletRecent(ctx.db, new Date(now.getTime() - p.linkedWindowMinutes * 60_000)),
    originalReceipt: req.originalReceiptNo === undefined ? undefined : { receiptNo: req.originalReceiptNo, receipt: originalReceipt(ctx.db, req.originalReceiptNo) },
    monitoring: withoutPendingCancels(monitoring, () => voidedAwaitingCancelUsd(ctx.db, personKey, today)),
    fundAttribute: req.fundAttribute,
    reconversion: req.reconversion,
  });
  return { now, today, policy, doc, residency, personKey, knownName: knownCustomerName(ctx.db, personKey), rate, usdPerUnit: usdRate, month, decision };
}

// ---- what the monitoring system says of the person ----

const STATUS: Record<string, MonitoringFacts['status']> = { '01': 'normal', '02': 'prewatch', '03': 'watch' };

/**
 * The person's standing in the monitoring system for one trade type (the quote's, or each of them
 * for the customer lookup), or undefined when it cannot be had quickly: the counter keeps working
 * offline (the back-fill will be checked later).
 */
export async function monitoringFacts(ctx: Context, customer: TradeRequest['customer'] | Parsed<'customers.lookup'>, direction: Direction): Promise<MonitoringFacts | undefined> {
  if (!ctx.monitoring) return undefined;
  const doc = validateIdDocument(customer, businessDate(ctx.now()));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ctx.quotaTimeoutMs)));
  try {
    const q = await Promise.race([ctx.monitoring.quota(doc, monitoringTradeType(direction)).catch(() => undefined), timeout]);
    if (!q) return undefined;
    return { cashTodayUsd: dec(q.cashTodayUsd), quotaLeftUsd: dec(q.leftUsd), quotaUsedUsd: dec(q.usedUsd), status: STATUS[q.status] ?? 'normal' };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

// ---- the quote and its token ----

/** What the customer agreed to. A commit refuses when any of it has changed. */
interface Fingerprint {
  rateId: string;
  policyVersion: number;
  usdPerUnit: string;
  foreign: string;
  rmb: string;
  fee: string;
  path: string;
  tradesBefore: number;
  usdBefore: string;
  prompts: string[];
}

interface Token extends Fingerprint {
  quotedAt: string;
  /**
   * The trade's id, made with the quote: the serial its real-time entry carries and its intent
   * is kept under (monitoring/intents.ts), and what makes a commit sent twice one trade.
   */
  tradeId: string;
}

function fingerprint(e: Evaluation): Fingerprint {
  const d = e.decision;
  return {
    rateId: e.rate.id,
    policyVersion: e.policy.version,
    usdPerUnit: e.usdPerUnit.toString(),
    foreign: d.priced.foreign.toString(),
    rmb: d.priced.rmb.toString(),
    fee: d.priced.fee.toString(),
    path: d.path,
    tradesBefore: d.tradesBeforeToday,
    usdBefore: d.standing.usedBefore.toString(),
    prompts: d.prompts.map((p) => p.code).sort(),
  };
}

const CHANGE_NAMES: Record<keyof Fingerprint, string> = {
  rateId: '牌价 the rate',
  policyVersion: '政策版本 the policy version',
  usdPerUnit: '美元折算率 the USD conversion rate',
  foreign: '金额 the amounts',
  rmb: '金额 the amounts',
  fee: '手续费 the fee',
  path: '录入方式 the reporting path',
  tradesBefore: '客户今日交易 the customer\'s trades today',
  usdBefore: '客户今日交易 the customer\'s trades today',
  prompts: '风险提示 the risk prompts',
};

// A quote token is the fingerprint and the time of the quote, signed with the terminal's key.
function signature(ctx: Context, body: string): string {
  return createHmac('sha256', ctx.quoteKey).update(body).digest('base64url');
}

function encodeToken(ctx: Context, t: Token): string {
  const body = Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
  return `${body}.${signature(ctx, body)}`;
}

function decodeToken(ctx: Context, text: string): Token {
  const [body = '', sig = ''] = text.split('.');
  const expected = Buffer.from(signature(ctx, body));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Refusal('INVALID_INPUT', { field: 'quoteToken', problemZh: '不是本终端出具的报价，请重新报价', problemEn: 'is not a quote this terminal made; quote again' });
  }
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Token;
}

function checkStillHolds(token: Token, e: Evaluation): void {
  const now = fingerprint(e);
  for (const key of Object.keys(now) as (keyof Fingerprint)[]) {
    if (JSON.stringify(now[key]) !== JSON.stringify(token[key])) throw new Refusal('QUOTE_STALE', { what: CHANGE_NAMES[key] });
  }
}

const money = (amount: Decimal, currency: string) => moneyText({ currency, amount });

export async function quote(ctx: Context, req: TradeRequest): Promise<QuoteView> {
  const facts = await monitoringFacts(ctx, req.customer, req.direction);
  const e = evaluate(ctx, req, ctx.now(), facts);
  assertDayOpen(ctx.db, e.today);
  const d = e.decision;
  const validity = e.policy.params.quoteValiditySeconds * 1000;
  const rmbIn = req.direction === 'purchase';
  return {
    customer: { idType: e.doc.idType, idNumber: e.doc.idNumber, country: e.doc.country, residency: e.residency, name: req.customer.name.trim() || e.knownName || '' },
    direction: req.direction,
    kind: d.kind,
    currency: req.currency,
    foreign: money(d.priced.foreign, req.currency),
    rmb: money(d.priced.rmb, RMB),
    fee: money(d.priced.fee, RMB),
    customerPays: money(d.priced.customerPays, rmbIn ? RMB : req.currency),
    customerReceives: money(d.priced.customerReceives, rmbIn ? req.currency : RMB),
    rate: { id: e.rate.id, per100: d.ratePer100.toString(), side: req.direction === 'settlement' ? 'buy' : 'sell', setAt: e.rate.setAt.toISOString() },
    usdEquivalent: d.usd.toString(),
    usdEquivalentShown: formatUsd(d.usd),
    usdConversion: { month: e.month, usdPerUnit: e.usdPerUnit.toString() },
    reportingPath: d.path,
    day: {
      tradesBefore: d.tradesBeforeToday,
      usdBefore: d.standing.usedBefore.toString(),
      usdAfter: d.standing.usedAfter.toString(),
      limit: d.standing.limit.toString(),
      remainingAfter: d.standing.remainingAfter.toString(),
    },
    reconversionReceiptRequired: d.reconversionReceiptRequired,
    monitoring: facts
      ? { online: true, quotaUsedUsd: facts.quotaUsedUsd.toString(), quotaLeftUsd: facts.quotaLeftUsd.toString(), cashTodayUsd: facts.cashTodayUsd.toString(), status: facts.status }
      : { online: false },
    prompts: d.prompts,
    ...(d.refusal ? { refusal: { code: d.refusal.code, message: d.refusal.message } } : {}),
    policyVersion: e.policy.version,
    quotedAt: e.now.toISOString(),
    expiresAt: new Date(e.now.getTime() + validity).toISOString(),
    quoteToken: encodeToken(ctx, { ...fingerprint(e), quotedAt: e.now.toISOString(), tradeId: ctx.newId() }),
  };
}

// ---- commit ----

/** The real-time entry made before the transaction: by the adapter (42) or on SAFE's page (41). */
interface Entered {
  channel: '41' | '42';
  refNo: string;
}

const REF_NO = /^[0-9A-Za-z-]{6,40}$/;

function tradeRow(ctx: Context, id: string, req: CommitRequest, e: Evaluation, name: string, entered: Entered | undefined): Omit<TradeTable, 'receipt_no' | 'customer_id'> {
  const d = e.decision;
  const outlet = ctx.outlet();
  return {
    id,
    outlet_code: outlet.outlet_code,
    terminal_id: outlet.terminal_id,
    business_date: e.today,
    created_at: e.now.toISOString(),
    person_key: e.personKey,
    id_type: e.doc.idType,
    id_number: e.doc.idNumber,
    country: e.doc.country,
    supplementary_id: e.doc.supplementaryId ?? null,
    customer_name: name,
    residency: e.residency,
    direction: req.direction,
    kind: d.kind,
    trade_type: monitoringTradeType(req.direction),
    currency: req.currency,
    foreign_minor: toMinor(d.priced.foreign, req.currency),
    rmb_minor: toMinor(d.priced.rmb, RMB),
    fee_minor: toMinor(d.priced.fee, RMB),
    rate_id: e.rate.id,
    rate_per_100: d.ratePer100.toString(),
    usd_equivalent: d.usd.toString(),
    usd_per_unit: e.usdPerUnit.toString(),
    usd_rate_month: e.month,
    payment_in: req.paymentIn,
    payment_out: 'cash',
    reporting_path: d.path,
    channel: entered?.channel ?? null,
    ref_no: entered?.refNo ?? null,
    fund_attribute: req.fundAttribute ?? DEFAULT_FUND_ATTRIBUTE[d.kind],
    notice_given: d.prompts.some((p) => p.code === 'watchStatus') ? 1n : 0n,
    original_receipt_no: req.originalReceiptNo === undefined ? null : BigInt(req.originalReceiptNo),
    policy_version: BigInt(e.policy.version),
    prompts: JSON.stringify(d.prompts.map((p) => p.code)),
    teller_id: req.tellerId,
    supervisor_id: req.supervisorId ?? null,
  };
}

/**
 * The postings of a trade. Settlement: foreign cash (or cheques) in, RMB cash out less the fee.
 * Purchase: RMB cash in with the fee, foreign cash out. The exchange account bridges currencies.
 */
function tradePostings(t: Pick<TradeTable, 'direction' | 'currency' | 'foreign_minor' | 'rmb_minor' | 'fee_minor' | 'payment_in'>): Posting[] {
  const fx = t.currency;
  if (t.direction === 'settlement') {
    return [
      { kind: t.payment_in === 'travellersCheque' ? 'travellers_cheques' : 'cash', currency: fx, amountMinor: t.foreign_minor },
      { kind: 'exchange', currency: fx, amountMinor: -t.foreign_minor },
      { kind: 'exchange', currency: RMB, amountMinor: t.rmb_minor },
      { kind: 'cash', currency: RMB, amountMinor: -(t.rmb_minor - t.fee_minor) },
      { kind: 'fee_income', currency: RMB, amountMinor: -t.fee_minor },
    ];
  }
  return [
    { kind: 'exchange', currency: fx, amountMinor: t.foreign_minor },
    { kind: 'cash', currency: fx, amountMinor: -t.foreign_minor },
    { kind: 'cash', currency: RMB, amountMinor: t.rmb_minor + t.fee_minor },
    { kind: 'exchange', currency: RMB, amountMinor: -t.rmb_minor },
    { kind: 'fee_income', currency: RMB, amountMinor: -t.fee_minor },
  ];
}

/** Refuses postings that would take cash on hand below zero, with a message that says by how much. */
function checkCash(db: Database, postings: Posting[], code: 'CASH_INSUFFICIENT' | 'VOID_CASH_INSUFFICIENT'): void {
  for (const p of postings) {
    if (p.kind !== 'cash' || p.amountMinor >= 0n) continue;
    const available = balanceMinor(db, 'cash', p.currency);
    if (available + p.amountMinor < 0n) {
      throw new Refusal(code, {
        currency: p.currency,
        available: `${p.currency} ${formatAmount(fromMinor(available, p.currency), p.currency)}`,
        needed: `${p.currency} ${formatAmount(fromMinor(-p.amountMinor, p.currency), p.currency)}`,
      });
    }
  }
}

/**
 * The notes of a trade's cash (cash by note): what the customer hands over (as counted, or the
 * largest notes when the teller did not say) goes into the till; what the counter pays comes out
 * of it (as entered, or the counter's proposal from the notes in the till, never a note it does
 * not have). Traveller's cheques are not notes. Without `txn` nothing is written: a dry run that
 * refuses before a real-time entry is made.
 */
function tradeNotes(
  db: Database,
  t: Pick<TradeTable, 'direction' | 'currency' | 'foreign_minor' | 'rmb_minor' | 'fee_minor' | 'payment_in'>,
  req: Pick<CommitRequest, 'notesIn' | 'notesOut'>,
  txn?: { id: string; businessDate: string; at: string },
): void {
  const settlement = t.direction === 'settlement';
  const inCurrency = settlement ? t.currency : RMB;
  const inMinor = settlement ? t.foreign_minor : t.rmb_minor + t.fee_minor;
  const outCurrency = settlement ? RMB : t.currency;
  const outMinor = settlement ? t.rmb_minor - t.fee_minor : t.foreign_minor;
  const paid = notesOut(db, 'till', outCurrency, outMinor, parseNotes(outCurrency, req.notesOut));
  // Both sides are checked in the dry run too: a real-time entry is never made for a trade its
  // commit would then refuse.
  const received: Notes | undefined = t.payment_in === 'cash' ? parseNotes(inCurrency, req.notesIn) ?? greedyNotes(inCurrency, inMinor) : undefined;
  if (received) checkTotal(inCurrency, received, inMinor);
  if (!txn) return;
  if (received) moveNotes(db, txn, 'till', inCurrency, received, 1n);
  moveNotes(db, txn, 'till', outCurrency, paid, -1n);
}

function checkPrompts(req: CommitRequest, d: TradeDecision): void {
  for (const p of d.prompts) {
    if (!req.acknowledgedPrompts.includes(p.code)) throw new Refusal('PROMPT_NOT_ACKNOWLEDGED', { prompt: `${p.code}: ${p.message.en}` });
    if (p.level === 'supervisor') requireSupervisor(req.tellerId, req.supervisorId, `${p.code}`);
  }
}

/** A supervisor's approval: present, and never the person who asked. */
function requireSupervisor(tellerId: string, supervisorId: string | undefined, why: string): string {
  if (!supervisorId || supervisorId === tellerId) throw new Refusal('SUPERVISOR_REQUIRED', { why });
  return supervisorId;
}

function recordAttempt(ctx: Context, req: TradeRequest, e: Evaluation, refusal: Failure): void {
  const d = e.decision;
  const row = {
    id: ctx.newId(),
    created_at: e.now.toISOString(),
    business_date: e.today,
    person_key: e.personKey,
    id_type: e.doc.idType,
    id_number: e.doc.idNumber,
    country: e.doc.country,
    customer_name: req.customer.name.trim() || e.knownName || '',
    direction: req.direction,
    kind: d.kind,
    currency: req.currency,
    foreign_minor: toMinor(d.priced.foreign, req.currency),
    rmb_minor: toMinor(d.priced.rmb, RMB),
    usd_equivalent: d.usd.toString(),
    reason_code: refusal.code,
    reason_zh: refusal.message.zh,
    reason_en: refusal.message.en,
    policy_version: BigInt(e.policy.version),
    teller_id: req.tellerId,
  };
  run(ctx.db, q.insertInto('attempts').values(row));
  audit(ctx.db, { at: row.created_at, actor: req.tellerId, action: 'trade.attempt', entity: 'attempt', entityId: row.id, detail: { code: refusal.code, usd: row.usd_equivalent } });
}

function upsertCustomer(ctx: Context, e: Evaluation, name: string, at: string, actor: string): string {
  const existing = first(ctx.db, q.selectFrom('customers').select(['id', 'name', 'supplementary_id']).where('person_key', '=', e.personKey));
  const supplementary = e.doc.supplementaryId ?? null;
  if (existing) {
    if (existing.name !== name || existing.supplementary_id !== supplementary) {
      run(ctx.db, q.updateTable('customers').set({ name, supplementary_id: supplementary, updated_at: at }).where('id', '=', existing.id));
      audit(ctx.db, { at, actor, action: 'customer.update', entity: 'customer', entityId: existing.id, detail: { from: existing.name, to: name } });
    }
    return existing.id;
  }
  const id = ctx.newId();
  run(ctx.db, q.insertInto('customers').values({
    id, person_key: e.personKey, id_type: e.doc.idType, id_number: e.doc.idNumber, country: e.doc.country,
    supplementary_id: supplementary, name, residency: e.residency, created_at: at, updated_at: at,
  }));
  audit(ctx.db, { at, actor, action: 'customer.create', entity: 'customer', entityId: id });
  return id;
}

async function enterRealtime(ctx: Context, req: CommitRequest, entry: ReturnType<typeof monitoringEntry>): Promise<Entered> {
  if (req.pageModeRefNo !== undefined) {
    // Page-mode fallback: the teller entered it on SAFE's web page; a supervisor confirms (第三十六条(二)).
    if (!REF_NO.test(req.pageModeRefNo)) throw new Refusal('REF_NO_INVALID', { refNo: req.pageModeRefNo });
    requireSupervisor(req.tellerId, req.supervisorId, 'page-mode entry 页面录入');
    return { channel: '41', refNo: req.pageModeRefNo };
  }
  if (!ctx.monitoring) throw new Refusal('REALTIME_ENTRY_REQUIRED');
  // An entry of this serial SAFE may hold, or held and is having cancelled: entering it again
  // would be answered "already recorded" with that very entry (or, once it is cancelled, make
  // another), and the cancel that looks the serial up could withdraw the new trade's entry.
  if (liveIntent(ctx.db, entry.serial)) throw new Refusal('QUOTE_STALE', { what: '实时录入未完成，已撤销 an unfinished real-time entry, being withdrawn' });
  // Before the request leaves, in its own transaction: if SAFE ever holds this entry, the ledger
  // holds its intent, and a commit that does not finish is resolved (第三十二条(五), intents.ts).
  recordIntent(ctx.db, entry, { businessDate: businessDate(new Date(entry.tradeTime)), tellerId: req.tellerId, at: ctx.now().toISOString() });
  try {
    const { refNo } = await registerOnce(ctx.monitoring, entry);
    return { channel: '42', refNo };
  } catch (err) {
    // SAFE refused the entry (permanent) or was never reached (transient: nothing was done):
    // nothing to cancel. No answer, a garbled one, anything else: it may hold the entry, which
    // is looked up and withdrawn.
    const made = !(err instanceof MonitoringError) || err.kind === 'unknown';
    const why = err instanceof Error ? err.message : String(err);
    try {
      if (made) abandonIntent(ctx.db, entry.serial, ctx.now().toISOString(), null, `real-time entry without an answer: ${why}`);
      else intentNotMade(ctx.db, entry.serial, ctx.now().toISOString(), why);
    } catch {
      // Left open for the sync loop's sweep (intents.ts), which looks it up: the teller is told
      // what happened to the entry, not what happened to its bookkeeping.
    }
    intentSettled(ctx.db, entry.serial);
    if (!(err instanceof MonitoringError)) throw err;
    if (err.kind !== 'permanent') throw new Refusal('REALTIME_ENTRY_REQUIRED');
    if (err.code === CODES.OVER_QUOTA) {
      const left = (err.data as { leftUsd?: unknown } | undefined)?.leftUsd;
      throw new Refusal('ANNUAL_QUOTA_EXCEEDED', {
        left: typeof left === 'string' && /^\d+(\.\d+)?$/.test(left) ? formatUsd(dec(left)) : '?',
        quota: formatUsd(dec(policyFor(ctx.policies(), businessDate(ctx.now())).params.annualQuotaUsd)),
        typeZh: entry.tradeType === 'JH' ? '结汇' : '购汇',
        typeEn: entry.tradeType === 'JH' ? 'selling foreign currency' : 'buying foreign currency',
      });
    }
    throw new Refusal('MONITORING_REFUSED', { reason: err.message });
  }
}

export async function commit(ctx: Context, req: CommitRequest): Promise<TradeView> {
  const token = decodeToken(ctx, req.quoteToken);
  const id = token.tradeId;
  // Idempotent on the trade id: a commit sent again (its answer lost, a second click) is answered
  // with the trade the first one made, never made twice (commits run one at a time).
  const done = first(ctx.db, q.selectFrom('trades').selectAll().where('id', '=', id));
  if (done) return sameTrade(ctx, done, req);

  // Before anything is entered or written: is the quote still good, and would the rules allow it?
  const facts = await monitoringFacts(ctx, req.customer, req.direction);
  const pre = evaluate(ctx, req, ctx.now(), facts);
  const validity = pre.policy.params.quoteValiditySeconds;
  if (!pre.decision.refusal) {
    const age = pre.now.getTime() - Date.parse(token.quotedAt);
    // A quote from the future means the clock went back since: quote again.
    if (age > validity * 1000 || age < 0) throw new Refusal('QUOTE_EXPIRED', { seconds: String(validity) });
    checkStillHolds(token, pre);
    checkPrompts(req, pre.decision);
  }
  const name = req.customer.name.trim() || pre.knownName || '';
  if (!pre.decision.refusal) {
    if (!name) throw new Refusal('NAME_REQUIRED');
    checkNamePrintable(name);
    // The receipt must be printable before anything is entered or written (第三十五条, 第三十六条(四)).
    await printerGate(ctx.printer);
  }

  // 第三十二条(一): a real-time trade is entered in the monitoring system before it is committed.
  let entered: Entered | undefined;
  if (!pre.decision.refusal && pre.decision.path === 'realtime') {
    const draft = tradeRow(ctx, id, req, pre, name, undefined);
    assertDayOpen(ctx.db, pre.today);
    checkCash(ctx.db, tradePostings(draft), 'CASH_INSUFFICIENT');
    tradeNotes(ctx.db, draft, req);
    try {
      entered = await enterRealtime(ctx, req, monitoringEntry(tradeRow(ctx, id, req, pre, name, undefined), 'realtime'));
    } catch (e) {
      // Over the annual quota by the system's own count: a refusal by a counter rule (第三条).
      if (e instanceof Refusal && e.code === 'ANNUAL_QUOTA_EXCEEDED') ctx.db.transaction(() => recordAttempt(ctx, req, pre, e.failure))();
      throw e;
    }
  }

  // Commits run one at a time (terminal.ts) and nothing is awaited below, so what was judged and
  // entered above is what is committed: a rate changed during the real-time entry does not undo
  // an entry the monitoring system already holds.
  let stamped: string | undefined;
  const outcome = afterEntry(ctx, id, entered, () => ctx.db.transaction((): { refusal: Failure } | { trade: TradeView } => {
    // The clock mark, when due, goes in with the trade: no transaction (and fsync) of its own (clock.ts).
    stamped = ctx.clock.stampInTransaction();
    if (pre.decision.refusal) {
      recordAttempt(ctx, req, pre, pre.decision.refusal);
      return { refusal: pre.decision.refusal };
    }
    const row = tradeRow(ctx, id, req, pre, name, entered);
    const postings = tradePostings(row);
    assertDayOpen(ctx.db, pre.today);
    checkCash(ctx.db, postings, 'CASH_INSUFFICIENT');
    const at = row.created_at;
    // The entry SAFE holds gets its trade in the trade's transaction: both are committed, or neither.
    if (entered?.channel === '42') intentCommitted(ctx.db, id, entered.refNo, at);
    // The supervisor's approval (checked by the Terminal before the call) is used with the trade.
    if (ctx.approval !== undefined) consumeApproval(ctx, { action: 'trades.commit', subject: approvalSubject('trades.commit', req), requester: req.tellerId });
    const customerId = upsertCustomer(ctx, pre, name, at, req.tellerId);
    const receiptNo = nextReceiptNo(ctx.db);
    const trade: TradeTable = { ...row, receipt_no: receiptNo, customer_id: customerId };
    run(ctx.db, q.insertInto('trades').values(trade));
    post(ctx.db, { id, kind: 'trade', businessDate: pre.today, at }, postings);
    tradeNotes(ctx.db, row, req, { id, businessDate: pre.today, at });
    if (row.reporting_path !== 'exempt') {
      const backfill = row.reporting_path === 'backfill';
      queueTradeReport(ctx.db, {
        tradeId: id,
        kind: backfill ? 'backfill' : 'realtime',
        payload: monitoringEntry(trade, backfill ? 'backfill' : 'realtime'),
        // 第三十二条(二): a back-fill is due within the window from the trade.
        deadlineAt: backfill ? new Date(pre.now.getTime() + pre.policy.params.backfillWindowHours * 3_600_000).toISOString() : null,
        refNo: entered?.refNo ?? null,
        at,
      });
    }
    queueReceipt(ctx.db, id, req.tellerId, at);
    audit(ctx.db, { at, actor: req.tellerId, action: 'trade.commit', entity: 'trade', entityId: id, detail: { receiptNo: String(receiptNo), usd: row.usd_equivalent, path: row.reporting_path } });
    return { trade: tradeView(ctx, trade, undefined) };
  }).immediate());
  if (stamped !== undefined) ctx.clock.written(stamped);

  if ('refusal' in outcome) throw new Refusal(outcome.refusal.code, outcome.refusal.details);
  return outcome.trade;
}

/**
 * The commit's transaction, after the real-time entry if there was one. Entered at SAFE but not
 * committed here (a rule that changed during the entry, a failed write), the trade did not happen:
 * the customer gets no receipt (第三十六条(四)), so SAFE's entry is withdrawn (reason 06, 系统记账失败,
 * by the sync loop). Should even that fail to be written, the intent stays open and the sync
 * loop's sweep resolves it. However it ends, the commit is no longer under way.
 */
function afterEntry<T>(ctx: Context, id: string, entered: Entered | undefined, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (entered?.channel === '42') {
      try {
        abandonIntent(ctx.db, id, ctx.now().toISOString(), entered.refNo, `the commit failed after the entry: ${e instanceof Error ? e.message : String(e)}`);
      } catch {
        // Left open for the sweep (intents.ts sweepIntents).
      }
    }
    throw e;
  } finally {
    intentSettled(ctx.db, id);
  }
}

/**
 * The answer to a commit of a quote already committed: the trade it made, if the request is the
 * same customer's same trade (a token is good for one trade, never for another).
 */
function sameTrade(ctx: Context, t: TradeTable, req: CommitRequest): TradeView {
  const doc = validateIdDocument(req.customer, t.business_date);
  if (personKeyOf(doc) !== t.person_key || req.direction !== t.direction || req.currency !== t.currency) {
    throw new Refusal('INVALID_INPUT', { field: 'quoteToken', problemZh: '已用于另一笔交易，请重新报价', problemEn: 'was used for another trade; quote again' });
  }
  return tradeView(ctx, t, voidOf(ctx.db, t.id));
}

// ---- void ----

export function voidTrade(ctx: Context, input: Parsed<'trades.void'>): TradeView {
  return ctx.db.transaction(() => {
    const now = ctx.now();
    const today = businessDate(now);
    const trade = findTrade(ctx.db, input);
    const receiptNo = String(trade.receipt_no);
    if (first(ctx.db, q.selectFrom('voids').select('id').where('trade_id', '=', trade.id))) throw new Refusal('TRADE_ALREADY_VOIDED', { receiptNo });
    if (trade.business_date !== today) throw new Refusal('VOID_NOT_SAME_DAY', { today, date: trade.business_date, receiptNo });
    const supervisorId = requireSupervisor(input.tellerId, input.supervisorId, 'void 作废');
    assertDayOpen(ctx.db, today);
    const reversal = reversalOf(ctx.db, trade.id);
    checkCash(ctx.db, reversal, 'VOID_CASH_INSUFFICIENT');
    const at = now.toISOString();
    const v: VoidTable = {
      id: ctx.newId(), trade_id: trade.id, receipt_no: trade.receipt_no, reason: input.reason,
      teller_id: input.tellerId, supervisor_id: supervisorId, business_date: today, created_at: at,
    };
    run(ctx.db, q.insertInto('voids').values(v));
    post(ctx.db, { id: v.id, kind: 'void', businessDate: today, at }, reversal);
    // The notes go back as they came; where those very notes have since been paid out, the same
    // value in the notes the till holds.
    for (const g of noteReversalOf(ctx.db, trade.id)) {
      const value = [...g.notes].reduce((sum, [d, n]) => sum + d * n, 0n);
      let notes = g.notes;
      if (g.sign < 0n) {
        try {
          notes = notesOut(ctx.db, g.location, g.currency, value, g.notes);
        } catch {
          notes = notesOut(ctx.db, g.location, g.currency, value, undefined);
        }
      }
      moveNotes(ctx.db, { id: v.id, businessDate: today, at }, g.location, g.currency, notes, g.sign);
    }
    // What the monitoring system already has is cancelled (reason 05: the trade did not happen);
    // a back-fill not yet sent need not be sent at all.
    const reported = all(ctx.db, q.selectFrom('outbox').select(['id', 'ref_no']).where('trade_id', '=', trade.id)
      .where('kind', 'in', ['realtime', 'backfill']).where('state', '=', 'delivered'));
    for (const r of reported) queueVoidCancel(ctx.db, { tradeId: trade.id, refNo: r.ref_no, tradeType: trade.trade_type, now });
    // A back-fill whose sending was started may have arrived though its answer did not (a crash,
    // a lost reply): a cancel goes out that first looks the record up by the trade's serial.
    const maybeSent = all(ctx.db, q.selectFrom('outbox').select('id').where('trade_id', '=', trade.id).where('kind', '=', 'backfill')
      .where('state', 'in', ['pending', 'needs_attention']).where('attempts', '>', 0n));
    if (maybeSent.length > 0 && reported.length === 0) queueVoidCancel(ctx.db, { tradeId: trade.id, refNo: null, tradeType: trade.trade_type, now });
    backfillsNotNeeded(ctx.db, trade.id, `voided before delivery: receipt ${receiptNo}`, at);
    audit(ctx.db, { at, actor: input.tellerId, action: 'trade.void', entity: 'trade', entityId: trade.id, detail: { receiptNo, reason: input.reason, supervisorId } });
    return tradeView(ctx, trade, v);
  }).immediate();
}

// ---- reads ----

function findTrade(db: Database, ref: { tradeId?: string | undefined; receiptNo?: number | undefined }): TradeTable {
  const t = ref.tradeId !== undefined
    ? first(db, q.selectFrom('trades').selectAll().where('id', '=', ref.tradeId))
    : first(db, q.selectFrom('trades').selectAll().where('receipt_no', '=', BigInt(ref.receiptNo!)));
  if (!t) throw new Refusal('TRADE_NOT_FOUND', { trade: ref.tradeId ?? String(ref.receiptNo) });
  return t;
}

function voidOf(db: Database, tradeId: string): VoidTable | undefined {
  return first(db, q.selectFrom('voids').selectAll().where('trade_id', '=', tradeId));
}

export function tradeView(ctx: Context, t: TradeTable, v: VoidTable | undefined): TradeView {
  const outlet = ctx.outlet();
  const foreign = fromMinor(t.foreign_minor, t.currency);
  const rmb = fromMinor(t.rmb_minor, RMB);
  const fee = fromMinor(t.fee_minor, RMB);
  const settlement = t.direction === 'settlement';
  const usd = dec(t.usd_equivalent);
  const refNo = refNoOf(ctx.db, t);
  return {
    id: t.id,
    receiptNo: Number(t.receipt_no),
    status: v ? 'void' : 'committed',
    ...(v ? { void: { reason: v.reason, supervisorId: v.supervisor_id, tellerId: v.teller_id, at: v.created_at } } : {}),
    businessDate: t.business_date,
    createdAt: t.created_at,
    institutionName: outlet.institution_name,
    outletCode: t.outlet_code,
    outletName: outlet.outlet_name,
    customer: {
      idType: t.id_type, idNumber: t.id_number, country: t.country, name: t.customer_name, residency: t.residency,
      ...(t.supplementary_id ? { supplementaryId: t.supplementary_id } : {}),
    },
    direction: t.direction,
    kind: t.kind,
    tradeType: t.trade_type,
    currency: t.currency,
    foreign: money(foreign, t.currency),
    rmb: money(rmb, RMB),
    fee: money(fee, RMB),
    customerPays: settlement ? money(foreign, t.currency) : money(rmb.plus(fee), RMB),
    customerReceives: settlement ? money(rmb.minus(fee), RMB) : money(foreign, t.currency),
    ratePer100: t.rate_per_100,
    usdEquivalent: t.usd_equivalent,
    usdEquivalentShown: formatUsd(usd),
    paymentIn: t.payment_in,
    paymentOut: t.payment_out,
    reportingPath: t.reporting_path,
    ...(t.channel ? { channel: t.channel } : {}),
    ...(refNo ? { refNo } : {}),
    fundAttribute: t.fund_attribute,
    ...(t.original_receipt_no !== null ? { originalReceiptNo: Number(t.original_receipt_no) } : {}),
    policyVersion: Number(t.policy_version),
    prompts: JSON.parse(t.prompts) as string[],
    tellerId: t.teller_id,
    ...(t.supervisor_id ? { supervisorId: t.supervisor_id } : {}),
  };
}

/** The reference number: given at entry for a real-time trade, on delivery for a back-fill. */
function refNoOf(db: Database, t: TradeTable): string | undefined {
  if (t.ref_no) return t.ref_no;
  if (t.reporting_path !== 'backfill') return undefined;
  return first(db, q.selectFrom('outbox').select('ref_no').where('trade_id', '=', t.id).where('kind', '=', 'backfill').where('state', '=', 'delivered'))?.ref_no ?? undefined;
}

export function getTrade(ctx: Context, ref: Parsed<'trades.get'>): TradeView {
  const t = findTrade(ctx.db, ref);
  return tradeView(ctx, t, voidOf(ctx.db, t.id));
}

export function listTrades(ctx: Context, input: Parsed<'trades.list'>): TradeView[] {
  const date = input.date ?? businessDate(ctx.now());
  if (!isIsoDate(date)) throw new Refusal('INVALID_INPUT', { field: 'date', problemZh: '须为 YYYY-MM-DD', problemEn: 'must be a date YYYY-MM-DD' });
  const search = input.search?.trim().toUpperCase();
  let query = q.selectFrom('trades').selectAll().where('business_date', '=', date);
  if (search) {
    query = /^\d{1,9}$/.test(search)
      ? query.where((eb) => eb.or([eb('receipt_no', '=', BigInt(search)), eb('id_number', 'like', `%${search}%`)]))
      : query.where((eb) => eb.or([eb('customer_name', 'like', `%${search}%`), eb('id_number', 'like', `%${search}%`)]));
  }
  return all(ctx.db, query.orderBy('receipt_no', 'desc').limit(input.limit)).map((t) => tradeView(ctx, t, voidOf(ctx.db, t.id)));
}

export function personDay(ctx: Context, input: Parsed<'trades.personDay'>): PersonDay {
  const now = ctx.now();
  const today = businessDate(now);
  const date = input.date ?? today;
  const first = ctx.policies()[0]!.effectiveDate;
  if (!isIsoDate(date) || date < first) {
    throw new Refusal('INVALID_INPUT', { field: 'date', problemZh: `须为 ${first} 以后的日期 YYYY-MM-DD`, problemEn: `must be a date YYYY-MM-DD from ${first} on` });
  }
  const doc = validateIdDocument(input, today);
  const personKey = personKeyOf(doc);
  const policy = policyFor(ctx.policies(), date).params;
  const rows = all(ctx.db, q.selectFrom('trades').selectAll().where('person_key', '=', personKey).where('business_date', '=', date).orderBy('receipt_no'));
  const trades = rows.map((t) => tradeView(ctx, t, voidOf(ctx.db, t.id)));
  const standing = trades.filter((t) => t.status === 'committed');
  const sum = (list: TradeView[]) => list.reduce((s, t) => s.plus(dec(t.usdEquivalent)), new Decimal(0));
  const total = sum(standing);
  const counted = standing.map((t) => ({ direction: t.direction, usd: dec(t.usdEquivalent) }));
  // What is left for a next trade in each direction (the same in combined mode, 第二十九条).
  const left = (direction: 'settlement' | 'purchase') => dayStanding(new Decimal(0), direction, counted, policy).remainingAfter.toString();
  const attempts = all(ctx.db, q.selectFrom('attempts').select('id').where('person_key', '=', personKey).where('business_date', '=', date)).length;
  return {
    date,
    personKey,
    trades,
    count: standing.length,
    usdTotal: total.toString(),
    usdSettlement: sum(standing.filter((t) => t.direction === 'settlement')).toString(),
    usdPurchase: sum(standing.filter((t) => t.direction === 'purchase')).toString(),
    limit: policy.dailyLimitUsd,
    remaining: { settlement: left('settlement'), purchase: left('purchase') },
    attempts,
  };
}
