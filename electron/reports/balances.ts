// Account balances at the end of a business day, for the reports and the day close. A closed day
// keeps every account's closing balance (day_balances), so a balance years back is the nearest
// closed day's figure plus the few postings since, read through the index by date and account
// (postings_by_date, migration 027) rather than summing the whole ledger.
import { sql } from 'kysely';
import { reservesOf, type Reserves } from '../../shared/reports/inputs';
import type { AccountKind } from '../ledger/schema';
import { all, first, q, type Database } from '../ledger/sql';

export interface AccountBalance {
  account: string;
  kind: AccountKind;
  currency: string;
  minor: bigint;
}

/** The latest closed day on or before `date`, if any. */
export function lastClosedOnOrBefore(db: Database, date: string): string | undefined {
  return first(db, q.selectFrom('day_closes').select('business_date').where('business_date', '<=', date).orderBy('business_date', 'desc').limit(1))?.business_date;
}

/** Every account's balance at the end of `date` (China business day). */
export function balancesAt(db: Database, date: string): AccountBalance[] {
  const accounts = all(db, q.selectFrom('account_balances').select(['account_id', 'kind', 'currency', 'balance_minor']).orderBy('account_id'));
  const closed = lastClosedOnOrBefore(db, date);
  const snapshot = new Map<string, bigint>();
  if (closed) {
    for (const r of all(db, q.selectFrom('day_balances').select(['account_id', 'balance_minor']).where('business_date', '=', closed))) {
      snapshot.set(r.account_id, r.balance_minor);
    }
  }
  // From the snapshot forward over (closed, date]; with no closed day yet, back from today's
  // balance over (date, ∞).
  const since = closed ? sumPostings(db, closed, date) : sumPostings(db, date, undefined);
  return accounts.map((a) => {
    const moved = since.get(a.account_id) ?? 0n;
    const minor = closed ? (snapshot.get(a.account_id) ?? 0n) + moved : a.balance_minor - moved;
    return { account: a.account_id, kind: a.kind, currency: a.currency, minor };
  });
}

/**
 * Σ postings per account with business_date in (after, upTo]: one pass over the span's postings by
 * date (postings_by_date, migration 027: a trade writes the index's last leaf only, where an index
 * by account took one leaf per account it posted to).
 */
function sumPostings(db: Database, after: string, upTo: string | undefined): Map<string, bigint> {
  let query = q.selectFrom('postings').select(['account_id', sql<bigint>`sum(amount_minor)`.as('total')])
    .where('business_date', '>', after);
  if (upTo !== undefined) query = query.where('business_date', '<=', upTo);
  return new Map(all(db, query.groupBy('account_id')).map((r) => [r.account_id, r.total]));
}

/** Reserves per currency at the end of a day: cash on hand (till, safe, cheques) and reserve accounts. */
export function reservesAt(db: Database, date: string): Reserves {
  return reservesOf(balancesAt(db, date));
}
