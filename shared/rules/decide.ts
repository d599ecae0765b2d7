// One trade judged by every counter rule, in the order of 第三十六条: the ID (already validated),
// the original receipt for a reconversion (第三十一条), the daily limit (第二十九条), then the
// reporting path (第三十二条) and the risk prompts (第三十七条). Pure: the Terminal gathers the facts
// from the ledger and calls this both to quote and, inside the commit's transaction, to commit.
//
// Malformed input (an amount off the note grid, a stale rate, a wrong payment method) throws a
// Refusal; a refusal by a counter rule is returned in `refusal`, because the quote still shows
// everything else and a commit records it as an attempt.
import { Refusal, type Failure } from '../errors';
import type { IdDocument, Residency } from '../id/idDocument';
import { Decimal, dec, formatUsd } from '../money/money';
import type { Policy } from '../policy';
import { price, usdEquivalent, type AmountSide, type Priced } from '../pricing';
import { hoursBetween } from '../time';
import { checkDailyLimit, dayStanding, type CountedTrade, type DayStanding } from './dailyLimit';
import { checkPaymentMethod, type PaymentMethod } from './payment';
import { riskPrompts, type Entries, type MonitoringStatus, type Prompt } from './prompts';
import { checkOriginalReceipt, reconversionReceiptRequired, type OriginalReceipt } from './reconversion';
import { reportingPath, type ReportingPath } from './reportingPath';
import { tradeKind, usesAnnualQuota, type Direction, type TradeKind } from './tradeKind';
import { fundAttributeFits, fundAttributesFor } from '../codeLists';
import type { Hit } from '../screening/screen';

const KIND_WORDS: Record<TradeKind, { zh: string; en: string }> = {
  settlement: { zh: '结汇', en: 'a settlement' },
  purchase: { zh: '境内个人购汇', en: 'a domestic individual\'s purchase' },
  reconversion: { zh: '境外个人兑回', en: 'a foreign individual\'s reconversion' },
};

export interface BoardRate {
  id: string;
  buyPer100: Decimal;
  sellPer100: Decimal;
  /** RMB fee per trade, charged separately. */
  fee: Decimal;
  setAt: Date;
}

export interface DayTrade extends CountedTrade {
  kind: TradeKind;
}

/** What the monitoring system said of the person just now (absent when offline). */
export interface MonitoringFacts {
  /** USD of the person's cash trades today at every outlet and institution. */
  cashTodayUsd: Decimal;
  /** Annual quota left for this trade's type (个人外汇管理办法实施细则 第二条). */
  quotaLeftUsd: Decimal;
  quotaUsedUsd: Decimal;
  status: MonitoringStatus;
}

/** A hit of the customer's screening (第五十四条), with the list version and a supervisor's decision on it. */
export interface ScreeningHitFact extends Hit {
  list: { id: string; listId: string; name: string; version: number };
  /** undefined: not examined yet. */
  decision: 'falsePositive' | 'refuse' | undefined;
}

/** The customer screened against every active watch list (electron/terminal/screening/hits.ts). */
export interface ScreeningFacts {
  /** The list versions screened against (`listId@version`), recorded with the trade or attempt. */
  versions: string[];
  hits: ScreeningHitFact[];
  threshold: number;
}

export interface TradeFacts {
  now: Date;
  today: string;
  policy: Policy;
  borderPort: boolean;
  customer: IdDocument;
  residency: Residency;
  personKey: string;
  tellerId: string;
  direction: Direction;
  currency: string;
  amount: Decimal;
  side: AmountSide;
  paymentIn: PaymentMethod;
  rate: BoardRate;
  usdPerUnit: Decimal;
  /** The person's trades today that stand (voided ones left out). */
  dayTrades: readonly DayTrade[];
  /**
   * The person's trades today that stand at the institution's other counters, as its hub said
   * (issue 16); absent offline or with no hub. 第二十九条 counts every exchange of the person: the
   * limit adds them to this counter's own.
   */
  otherCounters?: readonly DayTrade[];
  /** The risk prompts' look-backs, or functions that read them only when a prompt needs them. */
  personHistory: Entries;
  outletRecent: Entries;
  /** For a reconversion, the receipt presented: its number, as printed (its book's code: shared/receipts.ts), and what the ledger or the hub knows of it. */
  originalReceipt?: { receiptNo: number; printed?: string; receipt: OriginalReceipt | undefined };
  monitoring?: MonitoringFacts;
  /** 资金属性 the teller chose (第三十二条(三)); the kind's default when absent. */
  fundAttribute?: string | undefined;
  /**
   * A foreign individual's purchase: the teller's answer to "reconversion of RMB from an earlier
   * exchange?" (第二十九条(三)). No means the purchase is not allowed; unanswered, the receipt rule
   * of 第三十一条 decides as before.
   */
  reconversion?: boolean | undefined;
  /** Watch-list screening (第五十四条); absent for a paper receipt entered after the fact. */
  screening?: ScreeningFacts | undefined;
}

export interface TradeDecision {
  kind: TradeKind;
  priced: Priced;
  ratePer100: Decimal;
  usd: Decimal;
  standing: DayStanding;
  tradesBeforeToday: number;
  path: ReportingPath;
  reconversionReceiptRequired: boolean;
  prompts: Prompt[];
  refusal?: Failure;
}

export function decideTrade(f: TradeFacts): TradeDecision {
  const p = f.policy.params;
  // The board's rate may be used only while fresh (the outlet sets its rates, 第三十四条).
  if (hoursBetween(f.rate.setAt, f.now) > p.rateMaxAgeHours) {
    throw new Refusal('RATE_STALE', { currency: f.currency, setAt: f.rate.setAt.toISOString(), maxAgeHours: String(p.rateMaxAgeHours) });
  }
  checkPaymentMethod(f.direction, f.paymentIn); // 第三十条
  const kind = tradeKind(f.residency, f.direction); // 第二十九条
  // 第三十二条(三): the fund attribute reported must be one of the kind's (and so the customer
  // class's): a purchase code on a settlement, or a domestic purchase code on a foreign
  // individual's reconversion, is the teller's slip, refused before anything else.
  // A settlement's code must be one the outlet has confirmed with its SAFE branch (the policy's).
  if (f.fundAttribute !== undefined && !fundAttributeFits(f.fundAttribute, kind, p.settlementFundAttributes)) {
    throw new Refusal('FUND_ATTRIBUTE_INVALID', {
      code: f.fundAttribute, allowed: fundAttributesFor(kind, p.settlementFundAttributes),
      kindZh: KIND_WORDS[kind].zh, kindEn: KIND_WORDS[kind].en,
    });
  }
  const ratePer100 = f.direction === 'settlement' ? f.rate.buyPer100 : f.rate.sellPer100;
  const priced = price({ direction: f.direction, currency: f.currency, amount: f.amount, side: f.side, paymentIn: f.paymentIn, ratePer100, fee: f.rate.fee });
  const usd = usdEquivalent(priced.foreign, f.usdPerUnit);
  // 第二十九条 counts all of the person's exchanges: when online, the monitoring system's figure
  // for today (which sees other outlets and institutions) counts if it is larger than ours.
  // The institution's other counters, when its hub answered, count with this one's own.
  const institutionTrades = f.otherCounters ? [...f.dayTrades, ...f.otherCounters] : f.dayTrades;
  // 第三十二条(一): "特许机构…为同一日内兑换业务达到5笔的个人": the institution's count of the
  // person's trades today, every counter's when the hub answered (issue 17 item 2).
  const tradesBeforeToday = institutionTrades.length;
  // 第三十七条: the structuring prompts look at the person's trades today at the other counters too
  // (the hub's answer: trades that stand, today's; this counter's own history goes back further).
  const others = f.otherCounters;
  const personHistory: Entries = others && others.length > 0
    ? () => [...(typeof f.personHistory === 'function' ? f.personHistory() : f.personHistory), ...others.map((t) => ({ personKey: f.personKey, tellerId: '', usd: t.usd, at: f.now }))]
    : f.personHistory;
  const standing = dayStanding(usd, f.direction, institutionTrades, p, f.monitoring?.cashTodayUsd);
  const path = reportingPath({ usd, direction: f.direction, borderPort: f.borderPort, tradesBeforeToday, policy: p });
  const prompts = riskPrompts({
    usd,
    personKey: f.personKey,
    tellerId: f.tellerId,
    now: f.now,
    standing,
    tradesBeforeToday,
    personHistory,
    outletRecent: f.outletRecent,
    monitoringStatus: f.monitoring?.status,
    policy: p,
  });

  let receiptRequired = false;
  let refusal: Failure | undefined;
  try {
    // 第二十九条: a foreign individual may settle, and buy FX only by changing back RMB from an
    // earlier exchange (第二十九条(三)). Told it is not that: the counter rule refuses (an attempt).
    // The order of the checks (recorded as the project's rule): this question, then the original
    // receipt (第三十一条, 第三十六条(一)), then the annual quota (第三条), then the daily limit
    // (第二十九条), so a customer without a receipt is told about the receipt, not the limit.
    // 第五十四条: a customer on a watch list is stopped before any other rule: refused by a
    // supervisor's examination, or held until one examines the hit; a false positive for this
    // customer, entry and list version lets them trade.
    if (f.screening) checkScreening(f.screening);
    if (kind === 'reconversion' && f.reconversion === false) throw new Refusal('FOREIGN_PURCHASE_NOT_ALLOWED');
    if (kind === 'reconversion') {
      // The person's reconversions today at every counter the hub answered for (第三十一条 counts the day's).
      const reconvertedBefore = institutionTrades.filter((t) => t.kind === 'reconversion').reduce((s, t) => s.plus(t.usd), new Decimal(0));
      receiptRequired = reconversionReceiptRequired(usd, reconvertedBefore, p);
      if (receiptRequired && !f.originalReceipt) throw new Refusal('RECONVERSION_RECEIPT_REQUIRED', { threshold: p.reconversionReceiptUsd });
      if (f.originalReceipt) {
        checkOriginalReceipt({ ...f.originalReceipt, personKey: f.personKey, today: f.today, rmb: priced.customerPays, policy: p });
      }
    }
    // 第三条: no exchange for a customer over the annual quota (checked when the system answers).
    if (f.monitoring && usesAnnualQuota(kind) && usd.gt(f.monitoring.quotaLeftUsd)) {
      throw new Refusal('ANNUAL_QUOTA_EXCEEDED', {
        left: formatUsd(f.monitoring.quotaLeftUsd),
        quota: formatUsd(dec(p.annualQuotaUsd)),
        typeZh: f.direction === 'settlement' ? '结汇' : '购汇',
        typeEn: f.direction === 'settlement' ? 'selling foreign currency' : 'buying foreign currency',
      });
    }
    checkDailyLimit(standing);
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    refusal = e.failure;
  }
  return { kind, priced, ratePer100, usd, standing, tradesBeforeToday, path, reconversionReceiptRequired: receiptRequired, prompts, refusal };
}


function checkScreening(s: ScreeningFacts): void {
  const details = (h: ScreeningHitFact) => ({
    list: h.list.name, version: String(h.list.version), reference: h.reference, entry: h.name, score: String(h.score),
    on: h.on === 'document' ? `document ${h.matched} 证件号` : `name ${h.matched} 姓名`,
  });
  const refused = s.hits.find((h) => h.decision === 'refuse');
  if (refused) throw new Refusal('SCREENING_REFUSED', details(refused));
  const pending = s.hits.find((h) => h.decision === undefined);
  if (pending) throw new Refusal('SCREENING_HIT', details(pending));
}
