// The rate board (牌价: cash buy and cash sell per 100 units, 第三十四条) with its history. SAFE's
// monthly USD conversion-rate table is conversionRates/.
import { sql } from 'kysely';
import { Refusal } from '../../../shared/errors';
import { checkBoardRate, farRate, foreignCurrency } from '../../../shared/rates';
import { RMB } from '../../../shared/money/currencies';
import { dec, fromMinor, type Decimal } from '../../../shared/money/money';
import { usdPerUnit } from '../../ledger/conversionRates';
import { policyFor } from '../../../shared/policy';
import type { BoardRate } from '../../../shared/rules/decide';
import { businessDate, hoursBetween } from '../../../shared/time';
import type { Parsed } from '../../../shared/api';
import { audit } from '../../ledger/audit';
import { changed, heldRead } from '../../ledger/held';
import { all, compiled, q, run, type Database } from '../../ledger/sql';
import type { RateTable } from '../../ledger/schema';
import type { Services } from '../services';
import { assertListed } from './listings';

export { foreignCurrency };

export interface RateView {
  id: string;
  currency: string;
  buyPer100: string;
  sellPer100: string;
  fee: string;
  effectiveAt: string;
  setBy: string;
  stale: boolean;
}

function view(r: RateTable, now: Date, maxAgeHours: number): RateView {
  return {
    id: r.id,
    currency: r.currency,
    buyPer100: r.buy_per_100,
    sellPer100: r.sell_per_100,
    fee: fromMinor(r.fee_minor, RMB).toString(),
    effectiveAt: r.effective_at,
    setBy: r.set_by,
    stale: hoursBetween(new Date(r.effective_at), now) > maxAgeHours,
  };
}

/** USD per unit of a currency in this month's conversion table, or undefined without one. */
function tableRate(db: Database, currency: string, month: string): Decimal | undefined {
  try {
    return usdPerUnit(db, currency, month);
  } catch (e) {
    if (e instanceof Refusal && e.code === 'CONVERSION_RATE_MISSING') return undefined;
    throw e;
  }
}

export function setRate(ctx: Services, input: Parsed<'rates.set'>): RateView {
  const rate = checkBoardRate(input);
  const now = ctx.now();
  // 第三十四条: a currency goes on the board 10 working days after its filing with SAFE.
  assertListed(ctx.db, rate.currency, businessDate(now));
  // 第三十四条: the institution sets its rates; one far from the board or from the month's
  // conversion table is a slip until a supervisor says why it is not.
  const reason = input.confirmReason?.trim();
  const { params } = policyFor(ctx.policies(), businessDate(now));
  const onBoard = (currency: string) => {
    const r = latestRate(ctx.db, currency, now.toISOString());
    return r ? { buyPer100: r.buy_per_100, sellPer100: r.sell_per_100 } : undefined;
  };
  const far = farRate(rate, {
    previous: onBoard(rate.currency),
    usd: onBoard('USD'),
    usdPerUnit: tableRate(ctx.db, rate.currency, businessDate(now).slice(0, 7)),
  }, { boardPercent: params.rateBoardBandPercent, conversionPercent: params.rateConversionBandPercent });
  if (far && !reason) {
    throw new Refusal('RATE_FAR_FROM_BOARD', {
      currency: rate.currency, percent: far.percent, value: far.value, reference: far.reference, limit: far.limit,
      againstZh: far.against === 'board' ? '现行牌价的中间价' : '本月美元折算率（按美元牌价折算）',
      againstEn: far.against === 'board' ? 'the board\'s current mid rate' : 'this month\'s USD conversion rate (through the USD board rate)',
    });
  }
  const row: RateTable = {
    id: ctx.newId(),
    currency: rate.currency,
    buy_per_100: rate.buyPer100,
    sell_per_100: rate.sellPer100,
    fee_minor: rate.feeMinor,
    effective_at: now.toISOString(),
    set_by: input.actor,
  };
  ctx.db.transaction(() => storeRate(ctx.db, row, row.effective_at, far && reason ? { confirmed: { reason, against: far.against, percent: far.percent } } : undefined))();
  return view(row, now, maxAge(ctx, now));
}

/**
 * A rate (checked: shared/rates.ts) written with its audit entry, inside the caller's transaction.
 * A rate from the hub keeps the hub's id and its time (`at`: when it reached this board); one already
 * held is not written again.
 */
export function storeRate(db: Database, row: RateTable, at = row.effective_at, extra?: { confirmed: { reason: string; against: string; percent: string } }): void {
  // The board held in memory (ledger/held.ts) is read again at the next quote (第三十四条: a new rate quoted at once).
  changed(db, 'rates');
  // One statement: a rate already held (the hub's, applied before) is not written, nor audited, again.
  if (run(db, q.insertInto('rates').values(row).onConflict((oc) => oc.column('id').doNothing())).changes === 0) return;
  // A rate far from the board is audited with the supervisor's reason.
  audit(db, { at, actor: row.set_by, action: 'rate.set', entity: 'rate', entityId: row.id, detail: extra ? { ...row, ...extra } : row });
}

function maxAge(ctx: Services, now: Date): number {
  return policyFor(ctx.policies(), businessDate(now)).params.rateMaxAgeHours;
}

// Two rates in force from the same instant (two of HQ's in one pull, each clamped to the pull's
// time when the hub's clock is ahead): the one written last is the newer, not the larger id (the
// hub's ids are random).
const newestRate = compiled<{ currency: string }>()((p) => q.selectFrom('rates').selectAll().where('currency', '=', p.currency)
  .orderBy('effective_at', 'desc').orderBy(sql`rowid`, 'desc').limit(1));
const rateAt = compiled<{ currency: string; at: string }>()((p) => q.selectFrom('rates').selectAll().where('currency', '=', p.currency)
  .where('effective_at', '<=', p.at).orderBy('effective_at', 'desc').orderBy(sql`rowid`, 'desc').limit(1));

/** Their SQL, for test/query-plans.test.ts (the one in force at a time is read only when the clock went back). */
export const RATE_QUERIES = { newest: newestRate, inForce: rateAt };

/**
 * The rate of `currency` in force at `at`. The newest of each currency is held in memory (issue 21,
 * ledger/held.ts; storeRate forgets it): it is the answer whenever it is in force at `at`, which is
 * every quote's case. Read from the ledger otherwise: a paper receipt's earlier time, a clock set
 * back before the newest rate.
 */
function latestRate(db: Database, currency: string, at: string): RateTable | undefined {
  const newest = heldRead(db, 'rates', currency, () => newestRate.first(db, { currency }) ?? null);
  if (newest === null) return undefined;
  return newest.effective_at <= at ? newest : rateAt.first(db, { currency, at });
}

/** The rate the trade uses: the newest on the board. Its freshness is judged by the policy. */
export function boardRate(db: Database, currency: string, now: Date): BoardRate {
  const r = latestRate(db, currency, now.toISOString());
  if (!r) throw new Refusal('RATE_MISSING', { currency });
  return { id: r.id, buyPer100: dec(r.buy_per_100), sellPer100: dec(r.sell_per_100), fee: fromMinor(r.fee_minor, RMB), setAt: new Date(r.effective_at) };
}

export function rateBoard(ctx: Services): RateView[] {
  const now = ctx.now();
  const currencies = all(ctx.db, q.selectFrom('rates').select('currency').distinct().orderBy('currency')).map((r) => r.currency);
  // A currency whose every rate is later than the clock (a clock set back) has nothing to show yet.
  return currencies.flatMap((c) => {
    const r = latestRate(ctx.db, c, now.toISOString());
    return r ? [view(r, now, maxAge(ctx, now))] : [];
  });
}

export function rateHistory(ctx: Services, input: Parsed<'rates.history'>): RateView[] {
  const now = ctx.now();
  return all(ctx.db, q.selectFrom('rates').selectAll().where('currency', '=', foreignCurrency(input.currency))
    .orderBy('effective_at', 'desc').orderBy(sql`rowid`, 'desc').limit(input.limit))
    .map((r) => view(r, now, maxAge(ctx, now)));
}
