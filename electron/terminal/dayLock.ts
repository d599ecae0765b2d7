// Closing a business day locks it (日终): nothing is dated to it afterwards; a correction is a
// reversal on a later date. Every write that dates something checks here inside its transaction.
import { Refusal } from '../../shared/errors';
import { heldRead } from '../ledger/held';
import { compiled, q, type Database } from '../ledger/sql';

// Read at every quote and commit: held in memory per date (issue 21, ledger/held.ts); the day
// close (dayClose/close.ts) and the outlet's close (dayClose/outletClose.ts, the hub's pull
// included) forget them when they write, so a day closed refuses the next trade.
const dayClose = compiled<{ date: string }>()((p) => q.selectFrom('day_closes').select('business_date').where('business_date', '=', p.date));
const outletDay = compiled<{ date: string }>()((p) => q.selectFrom('outlet_days').select('business_date').where('business_date', '=', p.date));

export function isDayClosed(db: Database, date: string): boolean {
  return heldRead(db, 'day_closes', date, () => dayClose.first(db, { date }) !== undefined);
}

/** The outlet's day closed over its counters (migration 017): locked here too, closed here or excused. */
export function isOutletDayClosed(db: Database, date: string): boolean {
  return heldRead(db, 'outlet_days', date, () => outletDay.first(db, { date }) !== undefined);
}

export function assertDayOpen(db: Database, date: string): void {
  if (isDayClosed(db, date) || isOutletDayClosed(db, date)) throw new Refusal('DAY_CLOSED', { date });
}
