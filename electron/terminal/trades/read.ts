// Reading trades: one by id or receipt number, the day's list (found by receipt number, name or ID
// number), and a customer's day (第二十九条: what is left of the daily limit in each direction).
import { Refusal } from '../../../shared/errors';
import { validateIdDocument } from '../../../shared/id/idDocument';
import { Decimal, dec } from '../../../shared/money/money';
import { policyFor } from '../../../shared/policy';
import { dayStanding } from '../../../shared/rules/dailyLimit';
import { businessDate } from '../../../shared/time';
import type { Parsed, PersonDay, TradeView } from '../../../shared/api';
import { all, q } from '../../ledger/sql';
import type { Services } from '../services';
import { customerKeyOf } from './customerKey';
import { findTrade, tradeView, voidOf } from './views';

export function getTrade(ctx: Services, ref: Parsed<'trades.get'>): TradeView {
  const t = findTrade(ctx.db, ref, ctx.outlet().terminal_id);
  return tradeView(ctx.db, ctx.outlet(), t, voidOf(ctx.db, t.id));
}

export function listTrades(ctx: Services, input: Parsed<'trades.list'>): TradeView[] {
  const date = input.date ?? businessDate(ctx.now());
  const search = input.search?.trim().toUpperCase();
  let query = q.selectFrom('trades').selectAll().where('business_date', '=', date);
  if (search) {
    query = /^\d{1,9}$/.test(search)
      ? query.where((eb) => eb.or([eb('receipt_no', '=', BigInt(search)), eb('id_number', 'like', `%${search}%`)]))
      : query.where((eb) => eb.or([eb('customer_name', 'like', `%${search}%`), eb('id_number', 'like', `%${search}%`)]));
  }
  return all(ctx.db, query.orderBy('receipt_no', 'desc').limit(input.limit)).map((t) => tradeView(ctx.db, ctx.outlet(), t, voidOf(ctx.db, t.id)));
}

export function customerDay(ctx: Services, input: Parsed<'trades.personDay'>): PersonDay {
  const now = ctx.now();
  const today = businessDate(now);
  const date = input.date ?? today;
  const first = ctx.policies()[0]!.effectiveDate;
  if (date < first) {
    throw new Refusal('INVALID_INPUT', { field: 'date', problemZh: `须为 ${first} 以后的日期 YYYY-MM-DD`, problemEn: `must be a date YYYY-MM-DD from ${first} on` });
  }
  const doc = validateIdDocument(input, today);
  const personKey = customerKeyOf(doc);
  const policy = policyFor(ctx.policies(), date).params;
  const rows = all(ctx.db, q.selectFrom('trades').selectAll().where('person_key', '=', personKey).where('business_date', '=', date).orderBy('receipt_no'));
  const trades = rows.map((t) => tradeView(ctx.db, ctx.outlet(), t, voidOf(ctx.db, t.id)));
  // A refund (issue 19 item 2) is not counted in the customer's day (第二十九条): it undoes a trade.
  const standing = trades.filter((t) => t.status === 'committed' && !t.refund);
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
