// Closing a business day locks it (日终): nothing is dated to it afterwards; a correction is a
// reversal on a later date. Every write that dates something checks here inside its transaction.
import { Refusal } from '../../shared/errors';
import { first, q, type Database } from '../ledger/sql';

export function isDayClosed(db: Database, date: string): boolean {
  return first(db, q.selectFrom('day_closes').select('business_date').where('business_date', '=', date)) !== undefined;
}

/** The outlet's day closed over its counters (migration 017): locked here too, closed here or excused. */
export function isOutletDayClosed(db: Database, date: string): boolean {
  return first(db, q.selectFrom('outlet_days').select('business_date').where('business_date', '=', date)) !== undefined;
}

export function assertDayOpen(db: Database, date: string): void {
  if (isDayClosed(db, date) || isOutletDayClosed(db, date)) throw new Refusal('DAY_CLOSED', { date });
}
