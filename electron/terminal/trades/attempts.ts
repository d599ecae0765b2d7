// A day's attempts (trades.attempts): the trades a counter rule refused, as the commit recorded them
// (trades/commit.ts recordAttempt), newest first, read through attempts_by_time.
import { RMB } from '../../../shared/money/currencies';
import { fromMinor } from '../../../shared/money/money';
import { businessDate } from '../../../shared/time';
import { all, q } from '../../ledger/sql';
import type { HandlerInput, Services } from '../services';
import { money } from './views';

export function listAttempts(ctx: Services, input: HandlerInput<'trades.attempts'>) {
  const date = input.date ?? businessDate(ctx.now());
  // The business day in China time, as instants: the index on created_at finds it without a scan.
  const from = new Date(`${date}T00:00:00+08:00`);
  const to = new Date(from.getTime() + 86_400_000);
  const rows = all(ctx.db, q.selectFrom('attempts').selectAll()
    .where('created_at', '>=', from.toISOString()).where('created_at', '<', to.toISOString()).where('business_date', '=', date)
    .orderBy('created_at', 'desc').limit(input.limit));
  return rows.map((a) => ({
    id: a.id,
    createdAt: a.created_at,
    businessDate: a.business_date,
    customer: { idType: a.id_type, idNumber: a.id_number, country: a.country, name: a.customer_name },
    direction: a.direction === 'purchase' ? ('purchase' as const) : ('settlement' as const),
    currency: a.currency,
    foreign: money(fromMinor(a.foreign_minor, a.currency), a.currency),
    rmb: money(fromMinor(a.rmb_minor, RMB), RMB),
    usdEquivalent: a.usd_equivalent,
    refusal: { code: a.reason_code, message: { zh: a.reason_zh, en: a.reason_en } },
    policyVersion: Number(a.policy_version),
    tellerId: a.teller_id,
  }));
}
