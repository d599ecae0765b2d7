// Listing a currency (第三十四条: 在挂牌前不少于 10 个工作日向所在地外汇局报告): the filing date a
// supervisor records (rates.listCurrency), the first business date it gives (shared/rules/listing.ts,
// counted on the terminal's working-day calendar), and the check the board and the quote make
// (assertListed). The one writer of currency_listings (migration 024).
//
// Which currencies need no filing recorded here (our reading, docs/compliance-listing-tc.md):
// - a currency on the board when migration 024 ran: grandfathered by the migration (a row with no
//   dates), since it was listed before the terminal kept filings;
// - any currency the board already holds a rate of (put there by the two cases here);
// - the outlet's opening board: on a ledger with no trade yet, the first rates are the currencies the
//   institution reported with its opening, which this PC cannot know of. Once the outlet trades, a
//   currency new to the board needs its filing date first (CURRENCY_NOT_FILED).
// A filing recorded here governs its currency whatever else holds: until its first day it is refused.
import type { Parsed } from '../../../shared/api';
import type { CurrencyListingView } from '../../../shared/api/rates';
import { Refusal } from '../../../shared/errors';
import { firstQuotableDay } from '../../../shared/rules/listing';
import { foreignCurrency } from '../../../shared/rates';
import { businessDate } from '../../../shared/time';
import { audit } from '../../ledger/audit';
import type { CurrencyListingTable } from '../../ledger/schema';
import { changed, heldRead } from '../../ledger/held';
import { all, compiled, first, q, run, type Database } from '../../ledger/sql';
import { terminalCalendar } from '../calendar/calendars';
import type { Services } from '../services';

const newestListing = compiled<{ currency: string }>()((p) => q.selectFrom('currency_listings').selectAll().where('currency', '=', p.currency)
  .orderBy('recorded_at', 'desc').orderBy('id', 'desc').limit(1));

/**
 * The listing in force for a currency: its newest row. Read at every quote and commit: held in
 * memory per connection (issue 21, ledger/held.ts), forgotten when listCurrency writes a filing.
 */
function listingOf(db: Database, currency: string): CurrencyListingTable | undefined {
  return heldRead(db, 'currency_listings', currency, () => newestListing.first(db, { currency }) ?? null) ?? undefined;
}

function view(r: CurrencyListingTable, today: string): CurrencyListingView {
  return {
    currency: r.currency, filedOn: r.filed_on, firstAllowed: r.first_allowed, grandfathered: r.grandfathered === 1n,
    allowedNow: r.first_allowed === null || r.first_allowed <= today, recordedBy: r.recorded_by, recordedAt: r.recorded_at,
  };
}

const boardHolds = (db: Database, currency: string) => first(db, q.selectFrom('rates').select('id').where('currency', '=', currency).limit(1)) !== undefined;
// A trade on any date, found through the date index (a search from the first date, never a scan of the trades).
const hasTraded = (db: Database) => first(db, q.selectFrom('trades').select('business_date').where('business_date', '>=', '0000-00-00').limit(1)) !== undefined;

/**
 * Refuses a currency that may not be quoted on `today` (第三十四条): one filed whose first day is
 * later (CURRENCY_NOT_YET_LISTED, with the date), or one new to the board of an outlet that trades
 * with no filing recorded (CURRENCY_NOT_FILED). `quoting`: the board is read for a trade, where only
 * a filing decides (a rate is on the board, so it was allowed when set).
 */
export function assertListed(db: Database, currency: string, today: string, quoting = false): void {
  const l = listingOf(db, currency);
  if (l?.first_allowed && l.first_allowed > today) {
    throw new Refusal('CURRENCY_NOT_YET_LISTED', { currency, filedOn: l.filed_on ?? '', firstAllowed: l.first_allowed });
  }
  if (l || quoting || boardHolds(db, currency) || !hasTraded(db)) return;
  throw new Refusal('CURRENCY_NOT_FILED', { currency });
}

/** rates.listCurrency: the filing date recorded, with the first day it gives, and audited. */
export function listCurrency(ctx: Services, input: Parsed<'rates.listCurrency'>): CurrencyListingView {
  const currency = foreignCurrency(input.currency);
  const now = ctx.now();
  const today = businessDate(now);
  if (input.filedOn > today) throw new Refusal('CURRENCY_FILING_DATE_INVALID', { filedOn: input.filedOn, today });
  const held = listingOf(ctx.db, currency);
  // Allowed already: a filing date now would only move its first day later, or say nothing. A
  // filing still pending may be corrected (a new row: the newest is in force).
  const since = held ? (held.first_allowed ?? 'grandfathered 既有币种') : boardHolds(ctx.db, currency) ? 'on the board 已挂牌' : undefined;
  if (since !== undefined && (!held?.first_allowed || held.first_allowed <= today)) throw new Refusal('CURRENCY_ALREADY_LISTED', { currency, since });
  const row: CurrencyListingTable = {
    id: ctx.newId(), currency, filed_on: input.filedOn, first_allowed: firstQuotableDay(input.filedOn, terminalCalendar(ctx.db)),
    grandfathered: 0n, recorded_by: input.actor, recorded_at: now.toISOString(),
  };
  ctx.db.transaction(() => {
    changed(ctx.db, 'currency_listings'); // the filing counts at the next quote
    run(ctx.db, q.insertInto('currency_listings').values(row));
    audit(ctx.db, { at: row.recorded_at, actor: input.actor, action: 'rates.listCurrency', entity: 'currency_listing', entityId: row.id, detail: row });
  }).immediate();
  return view(row, today);
}

/** rates.listings: every currency in force, with its filing and first day (the newest row of each). */
export function listings(ctx: Services): CurrencyListingView[] {
  const today = businessDate(ctx.now());
  const byCurrency = new Map<string, CurrencyListingTable>();
  for (const r of all(ctx.db, q.selectFrom('currency_listings').selectAll().orderBy('recorded_at').orderBy('id'))) byCurrency.set(r.currency, r);
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)).map((r) => view(r, today));
}
