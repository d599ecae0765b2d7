// What the day close will compute from the ledger for a business date, as far as it exists today:
// cash on hand per currency (account_balances), each till's postings of the day (in, out, count:
// with the balance, what the expected-cash line needs), the back-fill list and the three-way
// reconciliation (reconcile.ts) against the monitoring system's records. The day-close feature
// (closing, expected cash against the count, reserve movements) is not built yet: when it is, the
// benchmark should time it instead of this.
import { accountId, cashOnHand } from '../../electron/ledger/accounts';
import { all, q, type Database } from '../../electron/ledger/sql';
import type { MonitoringAdapter } from '../../electron/monitoring/adapter';
import { backfillList, reconcile } from '../../electron/monitoring/reconcile';

/** One till's postings on a date: by account and date, so postings_by_account (account_id, business_date). */
export function tillDayQuery(currency: string, date: string) {
  return q.selectFrom('postings')
    .select((eb) => [
      eb.fn.sum<bigint>(eb.case().when('amount_minor', '>', 0n).then(eb.ref('amount_minor')).else(0n).end()).as('in_minor'),
      eb.fn.sum<bigint>(eb.case().when('amount_minor', '<', 0n).then(eb.ref('amount_minor')).else(0n).end()).as('out_minor'),
      eb.fn.countAll<bigint>().as('n'),
    ])
    .where('account_id', '=', accountId('cash', currency)).where('business_date', '=', date);
}

export async function dayClose(db: Database, date: string, adapter: MonitoringAdapter) {
  const tills = cashOnHand(db).map((m) => {
    const row = all(db, tillDayQuery(m.currency, date))[0];
    return { currency: m.currency, onHand: m.amount.toString(), inMinor: row?.in_minor ?? 0n, outMinor: row?.out_minor ?? 0n, postings: row?.n ?? 0n };
  });
  const backfill = backfillList(db, date);
  const reconciliation = await reconcile(db, adapter, date);
  return { tills, backfill, reconciliation };
}
