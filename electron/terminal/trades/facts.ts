// What a trade is decided from, gathered at one instant (第二十九条–第三十七条): the customer's
// standing in the ledger and at SAFE, the board rate, the USD conversion rate, the policy in force;
// then the pure rules (shared/rules/decide.ts) over them.
import { ID_TYPES, validateIdDocument, type IdDocument, type Residency } from '../../../shared/id/idDocument';
import { RMB } from '../../../shared/money/currencies';
import { Decimal, dec, fromMinor, parseAmount } from '../../../shared/money/money';
import { policyFor, type Policy } from '../../../shared/policy';
import { decideTrade, type BoardRate, type MonitoringFacts, type ScreeningFacts, type TradeDecision } from '../../../shared/rules/decide';
import type { PriorEntry } from '../../../shared/rules/prompts';
import type { OriginalReceipt } from '../../../shared/rules/reconversion';
import { monitoringTradeType, type Direction } from '../../../shared/rules/tradeKind';
import { addDays, businessDate, daysFrom, monthOf } from '../../../shared/time';
import type { Parsed, TradeRequest } from '../../../shared/api';
import { sql, type ExpressionBuilder } from 'kysely';
import { AUDIT_BY_ACTION_CONDITION } from '../../ledger/auditActions';
import type { DB } from '../../ledger/schema';
import { receiptText } from '../../ledger/receipts';
import { all, compiled, first, q, type Database } from '../../ledger/sql';
import { usdPerUnit } from '../../ledger/conversionRates';
import type { Services } from '../services';
import { boardRate, foreignCurrency } from '../rates/board';
import { assertListed } from '../rates/listings';
import { customerKeyOf } from './customerKey';
import { receiptElsewhere, type InstitutionFacts } from './institution';
import { screenCustomer } from '../screening/hits';

/** Everything a decision was made from, gathered from the ledger at one instant. */
export interface Evaluation {
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
  /** The watch-list screening (第五十四条); absent for a paper receipt. */
  screening: ScreeningFacts | undefined;
}

// ---- what the ledger knows about a customer ----

/**
 * A refund on a later day (issue 19 item 2, refund.ts) undoes a trade: it is not a trade of the
 * customer's day (第二十九条) nor of their pattern (第三十七条), so it is left out of both.
 */
const notARefund = ({ not, exists, selectFrom }: ExpressionBuilder<DB, 'trades'>) =>
  not(exists(selectFrom('refunds').select('refunds.id').whereRef('refunds.trade_id', '=', 'trades.id')));

// The trade path's lookups, compiled once (issue 21, ledger/sql.ts compiled()).
const standingQuery = compiled<{ personKey: string; date: string }>()((p) => q.selectFrom('trades').leftJoin('voids', 'voids.trade_id', 'trades.id')
  .select(['trades.direction', 'trades.kind', 'trades.usd_equivalent'])
  .where('trades.person_key', '=', p.personKey).where('trades.business_date', '=', p.date).where('voids.id', 'is', null)
  .where(notARefund));

function standingTrades(db: Database, personKey: string, date: string) {
  return standingQuery.all(db, { personKey, date });
}

/** This customer's trades today that stand here, USD per direction (the day held at the hub: institution.ts). */
export function ownDayUsd(db: Database, personKey: string, date: string): { settlement: Decimal; purchase: Decimal } {
  const day = { settlement: new Decimal(0), purchase: new Decimal(0) };
  for (const t of standingTrades(db, personKey, date)) day[t.direction] = day[t.direction].plus(dec(t.usd_equivalent));
  return day;
}

/**
 * USD of this customer's trades today that were voided here and are still recorded at SAFE: their
 * cancel has not been delivered yet. SAFE's figure for the day still counts them for those seconds
 * (or hours, offline), so it is taken less them (第二十九条: a voided trade did not happen).
 */
const voidedAwaitingCancel = compiled<{ personKey: string; date: string }>()((p) => q.selectFrom('trades').innerJoin('voids', 'voids.trade_id', 'trades.id')
  .select('trades.usd_equivalent')
  .where('trades.person_key', '=', p.personKey).where('trades.business_date', '=', p.date)
  .where(({ exists, selectFrom }) => exists(selectFrom('outbox').select('outbox.id').whereRef('outbox.trade_id', '=', 'trades.id')
    .where('outbox.kind', '=', 'cancel').where('outbox.state', 'in', ['pending', 'needs_attention']))));

function voidedAwaitingCancelUsd(db: Database, personKey: string, date: string): Decimal {
  const rows = voidedAwaitingCancel.all(db, { personKey, date });
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

const historyTrades = compiled<{ personKey: string; fromDate: string }>()((p) => q.selectFrom('trades').select(['usd_equivalent', 'created_at', 'teller_id'])
  .where('person_key', '=', p.personKey).where('business_date', '>=', p.fromDate).where(notARefund));
const historyAttempts = compiled<{ personKey: string; fromDate: string }>()((p) => q.selectFrom('attempts').select(['usd_equivalent', 'created_at', 'teller_id'])
  .where('person_key', '=', p.personKey).where('business_date', '>=', p.fromDate));

function personHistory(db: Database, personKey: string, fromDate: string): PriorEntry[] {
  const trades = historyTrades.all(db, { personKey, fromDate });
  const attempts = historyAttempts.all(db, { personKey, fromDate });
  return [...trades, ...attempts].map((r) => ({ personKey, tellerId: r.teller_id, usd: dec(r.usd_equivalent), at: new Date(r.created_at) }));
}

/**
 * The outlet's trades since `since` (up to `now`): by the dates the window spans, then time, on
 * trades_by_date (business_date, created_at): migration 027 merged the index by time into it.
 */
function outletRecent(db: Database, since: Date, now: Date): PriorEntry[] {
  const sinceAt = since.toISOString();
  // Every business date the window touches (a policy's window may be longer than a day).
  const from = businessDate(since);
  const dates = Array.from({ length: daysFrom(from, businessDate(now)) + 1 }, (_, i) => addDays(from, i));
  const trades = all(db, q.selectFrom('trades').select(['person_key', 'usd_equivalent', 'created_at', 'teller_id'])
    .where('business_date', 'in', dates).where('created_at', '>=', sinceAt));
  const attempts = all(db, q.selectFrom('attempts').select(['person_key', 'usd_equivalent', 'created_at', 'teller_id'])
    .where('created_at', '>=', sinceAt));
  return [...trades, ...attempts].map((r) => ({ personKey: r.person_key, tellerId: r.teller_id, usd: dec(r.usd_equivalent), at: new Date(r.created_at) }));
}

/** RMB changed back at this counter against receipt number `receiptNo`, by reconversions that stand. */
export function reconvertedHere(db: Database, receiptNo: number): Decimal {
  const used = all(db, q.selectFrom('trades').leftJoin('voids', 'voids.trade_id', 'trades.id')
    .select(['trades.rmb_minor', 'trades.fee_minor'])
    .where('trades.original_receipt_no', '=', BigInt(receiptNo)).where('voids.id', 'is', null)
    // A reconversion refunded on a later day (issue 19 item 2) gave its RMB back: no longer used.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('refunds').select('refunds.id').whereRef('refunds.original_trade_id', '=', 'trades.id')))))
    .reduce((sum, r) => sum + r.rmb_minor + r.fee_minor, 0n);
  return fromMinor(used, RMB);
}

/** This counter's receipt of that number; `usedHere`: what was changed back against it here. */
function originalReceipt(db: Database, receiptNo: number, usedHere: Decimal): OriginalReceipt | undefined {
  const t = first(db, q.selectFrom('trades').leftJoin('voids', 'voids.trade_id', 'trades.id')
    .select(['trades.receipt_no', 'trades.business_date', 'trades.person_key', 'trades.direction', 'trades.rmb_minor', 'trades.fee_minor', 'voids.id as void_id'])
    .where('trades.receipt_no', '=', BigInt(receiptNo)));
  if (!t) return undefined;
  return {
    receiptNo,
    businessDate: t.business_date,
    personKey: t.person_key,
    direction: t.direction,
    voided: t.void_id !== null,
    // What the customer received in RMB on it (the fee was kept), and what was changed back since.
    rmbReceived: fromMinor(t.rmb_minor - t.fee_minor, RMB),
    rmbReconverted: usedHere,
  };
}

/**
 * The receipt the customer presented: this counter's own when it is theirs, for foreign currency
 * changed into RMB; else the one another counter issued them (the hub's answer), with what this
 * counter changed back against it added; else this counter's own, whatever it is, so the refusal
 * says why (第三十一条).
 */
function presentedReceipt(db: Database, receiptNo: number, personKey: string, institution: InstitutionFacts | undefined): OriginalReceipt | undefined {
  const usedHere = reconvertedHere(db, receiptNo);
  const here = originalReceipt(db, receiptNo, usedHere);
  if (isCustomersSettlement(here, personKey)) return here;
  return receiptElsewhere(institution, receiptNo, personKey, usedHere) ?? here;
}

const isCustomersSettlement = (r: OriginalReceipt | undefined, personKey: string): boolean => r !== undefined && r.personKey === personKey && r.direction === 'settlement';

/** The receipt of that number is this counter's, the customer's, for foreign currency changed into RMB. */
export function issuedHere(db: Database, receiptNo: number, personKey: string): boolean {
  return isCustomersSettlement(originalReceipt(db, receiptNo, new Decimal(0)), personKey);
}

/**
 * The sequence of the audit entry that wrote this counter's trade of `receiptNo` (its event for the
 * hub: ledger/events.ts), or undefined when no trade here has that number. The entry is the commit's
 * (written at the trade's very time: found by time) or the paper entry's (later: found by action
 * from the trade's time on, the index on (action, at) without the counter's every-trade actions,
 * migration 027).
 */
export function receiptEventSeq(db: Database, receiptNo: number): bigint | undefined {
  const t = first(db, q.selectFrom('trades').select(['id', 'created_at']).where('receipt_no', '=', BigInt(receiptNo)));
  if (!t) return undefined;
  const committed = first(db, q.selectFrom('audit_log').select('id').where('at', '=', t.created_at).where('action', '=', 'trade.commit')
    .where('entity_id', '=', t.id).limit(1));
  if (committed) return committed.id;
  return first(db, q.selectFrom('audit_log').select('id').where('action', '=', 'trade.paperEntry')
    .where('at', '>=', t.created_at).where('entity_id', '=', t.id).where(sql.raw<boolean>(AUDIT_BY_ACTION_CONDITION)).limit(1))?.id;
}

const customerName = compiled<{ personKey: string }>()((p) => q.selectFrom('customers').select('name').where('person_key', '=', p.personKey));

function knownCustomerName(db: Database, personKey: string): string | undefined {
  return customerName.first(db, { personKey })?.name;
}

// ---- evaluation: the pure rules over what the ledger knows ----

/** The rate and fee a paper receipt prints (paper.ts): the trade was priced at them, whatever the board here says. */
export interface PrintedRate {
  per100: Decimal;
  fee: Decimal;
  /** The last instant the printed time stands for (it prints to the second): the board in force then is the trade's board rate. */
  boardAt: Date;
}

export function evaluate(ctx: Pick<Services, 'db' | 'policies' | 'outlet'>, req: TradeRequest, now: Date, monitoring: MonitoringFacts | undefined, institution?: InstitutionFacts, printed?: PrintedRate): Evaluation {
  const today = businessDate(now);
  const policy = policyFor(ctx.policies(), today);
  const doc = validateIdDocument(req.customer, today);
  const residency = ID_TYPES[doc.idType].residency;
  const currency = foreignCurrency(req.currency);
  const amount = parseAmount(req.amount, req.side === 'foreign' ? currency : RMB);
  const board = boardRate(ctx.db, currency, printed?.boardAt ?? now);
  // 第三十四条: a currency whose filing's 10 working days have not passed is not quoted.
  assertListed(ctx.db, currency, today, true);
  // A paper receipt's rate was on the board of the PC that printed it (set then, never stale):
  // the board rate here in force at its time stays the trade's rate_id.
  const rate = printed ? { ...board, buyPer100: printed.per100, sellPer100: printed.per100, fee: printed.fee, setAt: now } : board;
  const month = monthOf(today);
  const usdRate = usdPerUnit(ctx.db, currency, month);
  const personKey = customerKeyOf(doc);
  const p = policy.params.prompts;
  const knownName = knownCustomerName(ctx.db, personKey);
  // 第五十四条: every customer screened against the active watch lists, by the name given (or the
  // one the ledger knows) and the document; a paper receipt entered after the fact is not (the
  // trade happened; the examination of a later hit is the supervisor's, from the list of hits).
  const screening = printed ? undefined : screenCustomer(ctx.db, doc, req.customer.name.trim() || knownName || '', personKey, policy.params.screeningThreshold);
  const decision = decideTrade({
    now,
    today,
    policy,
    borderPort: ctx.outlet().border_port === 1n,
    customer: doc,
    residency,
    personKey,
    tellerId: req.actor,
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
    outletRecent: () => outletRecent(ctx.db, new Date(now.getTime() - p.linkedWindowMinutes * 60_000), now),
    ...(institution ? { otherCounters: institution.otherCounters } : {}),
    originalReceipt: req.originalReceiptNo === undefined ? undefined : { receiptNo: req.originalReceiptNo, printed: receiptText(ctx.db, BigInt(req.originalReceiptNo)), receipt: presentedReceipt(ctx.db, req.originalReceiptNo, personKey, institution) },
    monitoring: withoutPendingCancels(monitoring, () => voidedAwaitingCancelUsd(ctx.db, personKey, today)),
    fundAttribute: req.fundAttribute,
    reconversion: req.reconversion,
    screening,
  });
  return { now, today, policy, doc, residency, personKey, knownName, rate, usdPerUnit: usdRate, month, decision, screening };
}

// ---- what the monitoring system says of the customer ----

const STATUS: Record<string, MonitoringFacts['status']> = { '01': 'normal', '02': 'prewatch', '03': 'watch' };

/**
 * The customer's standing in the monitoring system for one trade type (the quote's, or each of them
 * for the customer lookup), or undefined when it cannot be had quickly: the counter keeps working
 * offline (the back-fill will be checked later).
 */
export async function monitoringFacts(ctx: Pick<Services, 'monitoring' | 'now' | 'quotaTimeoutMs'>, customer: TradeRequest['customer'] | Parsed<'customers.lookup'>, direction: Direction): Promise<MonitoringFacts | undefined> {
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

