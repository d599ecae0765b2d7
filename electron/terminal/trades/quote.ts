// The quote (第三十六条(一)): the rules over what is known now, the figures the customer is shown,
// and a signed token the commit checks again.
import { Decimal, formatUsd } from '../../../shared/money/money';
import { RMB } from '../../../shared/money/currencies';
import type { QuoteView, TradeRequest } from '../../../shared/api';
import { assertDayOpen } from '../dayLock';
import type { Services } from '../services';
import { evaluate, monitoringFacts } from './facts';
import { assertCounterRestored, institutionFacts } from './institution';
import { encodeToken, fingerprint } from './token';
import { money } from './views';
import { recordHits } from '../screening/hits';

export async function quote(ctx: Services, req: TradeRequest): Promise<QuoteView> {
  assertCounterRestored(ctx);
  const [facts, institution] = await Promise.all([monitoringFacts(ctx, req.customer, req.direction), institutionFacts(ctx, req)]);
  const e = evaluate(ctx, req, ctx.now(), facts, institution);
  assertDayOpen(ctx.db, e.today);
  const d = e.decision;
  // 第五十四条: a hit is written when found, so a supervisor has it to examine before the teller
  // commits (which records the attempt). Not on a damaged ledger, which the quote still answers.
  if (e.screening && e.screening.hits.some((h) => h.decision === undefined) && ctx.integrity() === 'ok') {
    const screened = e.screening;
    ctx.db.transaction(() => recordHits(ctx.db, screened, { personKey: e.personKey, name: req.customer.name.trim() || e.knownName || '', tellerId: req.actor, at: e.now.toISOString(), businessDate: e.today }, ctx.newId))();
  }
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
    // Which sources the day's figure used: the institution's other counters when its hub answered.
    institution: !ctx.hub ? { hub: 'none' } : institution
      ? { hub: 'online', otherCountersUsd: institution.otherCounters.reduce((sum, t) => sum.plus(t.usd), new Decimal(0)).toString(), otherCountersTrades: institution.otherCounters.length }
      : { hub: 'offline' },
    prompts: d.prompts,
    ...(d.refusal ? { refusal: { code: d.refusal.code, message: d.refusal.message } } : {}),
    policyVersion: e.policy.version,
    quotedAt: e.now.toISOString(),
    expiresAt: new Date(e.now.getTime() + validity).toISOString(),
    quoteToken: encodeToken(ctx.quoteKey, { ...fingerprint(e), quotedAt: e.now.toISOString(), tradeId: ctx.newId(), ...(ctx.hub ? { hubAnswered: institution !== undefined } : {}) }),
  };
}

