// The terminal's events for the hub (issue 16; shared/sync/events.ts says what an event is): the
// audit entries after a sequence number, each with the ledger rows its change wrote. Nothing is
// written for them: the audit entry is already written in the transaction of its change, with a
// gapless id and its hash, so the sequence cannot miss a change or count one twice. The rows are
// read when the events are read; the tables they come from are append-only (triggers), except the
// few kept current (a customer's name, a person's lock, an outbox row's or a print job's state):
// for those the row is as it is now, and the entry's detail says what changed when.
import { hubEvent, type EventRow, type EventTable, type HubEvent } from '../../shared/sync/events';
import { businessDate } from '../../shared/time';
import type { AuditAction } from './auditActions';
import { all, compiled, q, type Database } from './sql';
import { clearTxnId, countTxnId } from './transfers';

/** At most this many events in one read (a push batch). */
export const MAX_EVENTS = 1_000;

type Rows = Partial<Record<EventTable, EventRow[]>>;
/** What a change wrote, found from its audit entry. */
type Gather = (db: Database, e: { entityId: string; at: string }) => Rows;

/** A row as it travels: integers as exact decimal strings, never a JSON number. */
function travel(row: Record<string, unknown>): EventRow {
  const out: EventRow = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === null || v === undefined ? null : typeof v === 'string' ? v : String(v);
  return out;
}
const rows = (list: readonly object[]): EventRow[] => list.map((r) => travel(r as Record<string, unknown>));

const POSTINGS_ON = compiled<{ date: string; txn: string }>()((p) => q.selectFrom('postings').selectAll()
  .where('business_date', '=', p.date).where('txn_id', '=', p.txn).orderBy('id'));
/**
 * A transaction's postings from a day on (a transfer's clearing). By date first: ordered by id
 * alone, SQLite reads the table in rowid order (a scan). Exported for test/query-plans.test.ts.
 */
export const POSTINGS_FROM = compiled<{ from: string; txn: string }>()((p) => q.selectFrom('postings').selectAll()
  .where('business_date', '>=', p.from).where('txn_id', '=', p.txn).orderBy('business_date').orderBy('id'));

/**
 * The postings and notes of one ledger transaction (a trade, a void, a reserve movement), found by
 * their keys, the transaction's business date and id (issue 21: `note_bundles`, migration 028, a
 * row per place, currency and direction; postings by date and transaction, 029). `when` is the
 * transaction's own date, which the row that wrote it holds; a transfer's clearing is dated the day
 * it was heard of or a later one, and is found from that day on.
 */
function booked(db: Database, txnId: string, when: { on: string } | { from: string }): Rows {
  const postings = 'on' in when ? POSTINGS_ON.all(db, { date: when.on, txn: txnId }) : POSTINGS_FROM.all(db, { from: when.from, txn: txnId });
  const dates = [...new Set(['on' in when ? when.on : undefined, ...postings.map((p) => p.business_date)].filter((d) => d !== undefined))].sort();
  const notes = dates.flatMap((d) => all(db, q.selectFrom('note_bundles').selectAll()
    .where('business_date', '=', d).where('txn_id', '=', txnId).orderBy('location', 'desc').orderBy('currency').orderBy('sign', 'desc')));
  return {
    postings: rows(postings),
    // Most movements have notes; a transfer's clearing has none: the key is left out then.
    ...(notes.length > 0 ? { note_bundles: rows(notes) } : {}),
  };
}

/** `booked` on the date a row holds; nothing when the row is not there. */
const bookedOn = (db: Database, txnId: string, date: string | null | undefined): Rows => (date ? booked(db, txnId, { on: date }) : {});

/**
 * What a trade owes SAFE and what was done about it, as it stands: its outbox rows (the entry, a
 * cancel, an entry sent again) and their resolutions. Carried with the trade, its void and every
 * delivery, so the hub's copy knows a back-fill or cancel not yet delivered, and a counter rebuilt
 * from it (ledger/replay.ts) delivers it, once: SAFE takes an entry twice as once by its serial.
 */
function reports(db: Database, tradeId: string): Rows {
  const resolutions = rows(all(db, q.selectFrom('outbox_resolutions').selectAll().where('trade_id', '=', tradeId).orderBy('id')));
  return {
    outbox: rows(all(db, q.selectFrom('outbox').selectAll().where('trade_id', '=', tradeId).orderBy('id'))),
    // Most trades have none: the key is left out rather than sent empty with every trade.
    ...(resolutions.length > 0 ? { outbox_resolutions: resolutions } : {}),
  };
}

/** A trade's receipt and its copies, each as it stands (queued, printed, failed). */
const printed = (db: Database, tradeId: string): Rows => ({
  print_jobs: rows(all(db, q.selectFrom('print_jobs').selectAll().where('trade_id', '=', tradeId).orderBy('id'))),
});

/** A trade's row, its postings and notes (by the trade's date). */
function tradeRows(db: Database, tradeId: string): Rows {
  const trades = all(db, q.selectFrom('trades').selectAll().where('id', '=', tradeId));
  return { trades: rows(trades), ...bookedOn(db, tradeId, trades[0]?.business_date) };
}

const tradeCommitted: Gather = (db, e) => ({
  ...tradeRows(db, e.entityId),
  ...reports(db, e.entityId),
  ...printed(db, e.entityId),
});

const printJob: Gather = (db, e) => ({ print_jobs: rows(all(db, q.selectFrom('print_jobs').selectAll().where('id', '=', BigInt(e.entityId)))) });

const tradeVoided: Gather = (db, e) => {
  const voids = all(db, q.selectFrom('voids').selectAll().where('trade_id', '=', e.entityId));
  return { voids: rows(voids), ...(voids[0] ? bookedOn(db, voids[0].id, voids[0].business_date) : {}), ...reports(db, e.entityId) };
};

/**
 * A refund on a later day (trades/refund.ts): the refund trade as a trade (its postings, notes,
 * print job), the refund's row, and the original's outbox rows (the cancel of its record at SAFE).
 */
const tradeRefunded: Gather = (db, e) => {
  const refunds = all(db, q.selectFrom('refunds').selectAll().where('trade_id', '=', e.entityId));
  const original = refunds[0] ? reports(db, refunds[0].original_trade_id) : {};
  const own = tradeCommitted(db, e);
  return { ...own, refunds: rows(refunds), outbox: [...(own.outbox ?? []), ...(original.outbox ?? [])] };
};

const movement: Gather = (db, e) => {
  const movements = all(db, q.selectFrom('reserve_movements').selectAll().where('id', '=', e.entityId));
  return { reserve_movements: rows(movements), ...bookedOn(db, e.entityId, movements[0]?.business_date) };
};

const dayClosed: Gather = (db, e) => {
  const variances = all(db, q.selectFrom('reserve_movements').selectAll().where('business_date', '=', e.entityId).where('kind', '=', 'variance').orderBy('id'));
  const books = variances.map((v) => bookedOn(db, v.id, v.business_date));
  return {
    day_closes: rows(all(db, q.selectFrom('day_closes').selectAll().where('business_date', '=', e.entityId))),
    day_balances: rows(all(db, q.selectFrom('day_balances').selectAll().where('business_date', '=', e.entityId).orderBy('account_id'))),
    day_costs: rows(all(db, q.selectFrom('day_costs').selectAll().where('business_date', '=', e.entityId).orderBy('currency'))),
    reserve_movements: rows(variances),
    postings: books.flatMap((b) => b.postings ?? []),
    note_bundles: books.flatMap((b) => b.note_bundles ?? []),
  };
};

/** A person without their password's hash: it never leaves the terminal. */
const person: Gather = (db, e) => ({
  people: rows(all(db, q.selectFrom('people')
    .select(['id', 'name', 'role', 'password_set_at', 'created_at', 'created_by', 'disabled_at', 'disabled_by', 'failed_attempts', 'locked_at'])
    .where('id', '=', e.entityId))),
});

const outboxRow: Gather = (db, e) => {
  const row = all(db, q.selectFrom('outbox').select('trade_id').where('id', '=', BigInt(e.entityId)))[0];
  return row ? reports(db, row.trade_id) : {};
};
const transfer: Gather = (db, e) => ({ cash_transfers: rows(all(db, q.selectFrom('cash_transfers').selectAll().where('id', '=', e.entityId))) });
/** The days a transfer's notes left (sent) and came in (received): their bundles' dates. */
const transferDates = (db: Database, id: string) => all(db, q.selectFrom('cash_transfers').select(['sent_date', 'received_date']).where('id', '=', id))[0];
const customer: Gather = (db, e) => ({ customers: rows(all(db, q.selectFrom('customers').selectAll().where('id', '=', e.entityId))) });

/**
 * For every action, what its change wrote (or nothing: an entry that only records, like a sign-in
 * or a print). A Record over the actions, so a new action does not compile until it says.
 */
const GATHER: Record<Exclude<AuditAction, `reserves.${string}`> | 'reserves.setBasicAccount' | 'reserves.openAccount', Gather | null> = {
  'auth.signIn': null, 'auth.signIn.refused': null, 'auth.signIn.failed': person, 'auth.signOut': null,
  'auth.approve.failed': null, 'auth.approve.refused': null, 'auth.approve.throttled': null,
  'person.create': person, 'person.disable': person, 'person.lock': person, 'person.unlock': person, 'person.setPassword': person,
  'person.setPassword.failed': person, 'person.fromHub': person, 'hub.pulled': null,
  'outlet.init': null, 'outlet.update': null,
  'policy.load': (db, e) => ({ policy_versions: rows(all(db, q.selectFrom('policy_versions').selectAll().where('version', '=', BigInt(e.entityId)))) }),
  'rate.set': (db, e) => ({ rates: rows(all(db, q.selectFrom('rates').selectAll().where('id', '=', e.entityId))) }),
  // 第三十四条 (issue 19 item 3): a currency's filing with SAFE.
  'rates.listCurrency': (db, e) => ({ currency_listings: rows(all(db, q.selectFrom('currency_listings').selectAll().where('id', '=', e.entityId))) }),
  'conversionRates.import': (db, e) => ({ usd_conversion_rates: rows(all(db, q.selectFrom('usd_conversion_rates').selectAll().where('month', '=', e.entityId).orderBy('currency'))) }),
  'calendar.load': (db, e) => ({
    calendar_years: rows(all(db, q.selectFrom('calendar_years').selectAll().where('year', '=', BigInt(e.entityId)).where('loaded_at', '=', e.at))),
  }),
  'customer.create': customer, 'customer.update': customer,
  'trade.attempt': (db, e) => ({ attempts: rows(all(db, q.selectFrom('attempts').selectAll().where('id', '=', e.entityId))) }),
  'trade.commit': tradeCommitted,
  // A paper receipt entered after a restore (trades/paper.ts): a trade like any other.
  'trade.paperEntry': tradeCommitted,
  // Watch-list screening (第五十四条): the entry's detail says what was imported, found or decided;
  // the list's rows stay here (a list is reference data: the hub pushes it, not the other way).
  'screening.import': null, 'screening.hit': null, 'screening.examine': null,
  'trade.void': tradeVoided,
  // issue 19 item 2
  'trade.refund': tradeRefunded,
  'receipt.reprint': (db, e) => printed(db, e.entityId), 'receipt.printed': printJob, 'receipt.print_failed': printJob,
  // The hub issued or took back the book: the entry's detail is the book as the hub sent it.
  'receiptBook.received': null, 'receiptBook.returned': null,
  'monitoring.delivered': outboxRow, 'monitoring.needs_attention': outboxRow, 'monitoring.retry': outboxRow, 'monitoring.resolve': outboxRow,
  'monitoring.intent_abandoned': null, 'monitoring.intent_committed': null, 'monitoring.intent_not_made': null,
  'monitoring.intent_cancelled': null, 'monitoring.intent_not_at_safe': null,
  'cash.handover': (db, e) => ({ handovers: rows(all(db, q.selectFrom('handovers').selectAll().where('id', '=', e.entityId))) }),
  // Notes between counters (ledger/transfers.ts): the row as it stands, and the step's postings and notes.
  'cash.transferSend': (db, e) => ({ ...transfer(db, e), ...bookedOn(db, e.entityId, transferDates(db, e.entityId)?.sent_date) }),
  'cash.transferReceive': (db, e) => ({ ...transfer(db, e), ...bookedOn(db, countTxnId(e.entityId), transferDates(db, e.entityId)?.received_date) }),
  'cash.transferIncoming': (db, e) => transfer(db, e),
  'cash.transferCleared': (db, e) => ({ ...transfer(db, e), ...booked(db, clearTxnId(e.entityId), { from: businessDate(new Date(e.at)) }) }),
  'reserves.setBasicAccount': (db) => ({ basic_account: rows(all(db, q.selectFrom('basic_account').selectAll())) }),
  'reserves.openAccount': (db, e) => {
    const accounts = all(db, q.selectFrom('reserve_accounts').selectAll().where('id', '=', e.entityId));
    return {
      reserve_banks: rows(accounts[0] ? all(db, q.selectFrom('reserve_banks').selectAll().where('id', '=', accounts[0].bank_id)) : []),
      reserve_accounts: rows(accounts),
    };
  },
  'dayClose.close': dayClosed, 'dayClose.print': null,
  'dayClose.outletClosed': (db, e) => ({ outlet_days: rows(all(db, q.selectFrom('outlet_days').selectAll().where('business_date', '=', e.entityId))) }),
  'audit.breakExamined': null, 'backup.create': null, 'backup.failed': null, 'ledger.restore': null, 'clock.confirm': null,
  // ---- issue 19 item 7 (inspection and retention) ----
  // Searches and copies taken only record. The archive's PDF (megabytes, customers unmasked) does
  // not travel to the hub: the entry carries its SHA-256; a counter rebuilt from the hub's events
  // lists the day as missing and makes it again from the same trades (archive.make).
  'journal.searchCustomer': null, 'journal.export': null, 'archive.made': null, 'archive.get': null,
};

function gatherOf(action: string, entity: string): Gather | null {
  if (Object.hasOwn(GATHER, action)) return GATHER[action as keyof typeof GATHER];
  // A reserve movement is audited under its kind (reserves.transfer_in, …).
  if (action.startsWith('reserves.') && entity === 'reserve_movement') return movement;
  // An action the list does not know (a ledger written by a later version, or by hand): the entry
  // alone; the hub still checks its place in the chain.
  return null;
}

/** The last entry's sequence here (0: none). */
export function lastSeq(db: Database): bigint {
  const row = all(db, q.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1))[0];
  return row ? BigInt(row.id) : 0n;
}

/** The events after `afterSeq`, in order, at most `limit` (a push batch). */
export function eventsSince(db: Database, afterSeq: bigint, limit = MAX_EVENTS): HubEvent[] {
  if (limit < 1 || limit > MAX_EVENTS) throw new Error(`eventsSince: limit ${limit} outside 1..${MAX_EVENTS}`);
  const entries = all(db, q.selectFrom('audit_log').selectAll().where('id', '>', afterSeq).orderBy('id').limit(limit));
  return entries.map((a) => {
    const gather = gatherOf(a.action, a.entity);
    const found = gather ? gather(db, { entityId: a.entity_id, at: a.at }) : undefined;
    const event: HubEvent = {
      seq: String(a.id), at: a.at, actor: a.actor, action: a.action, entity: a.entity, entityId: a.entity_id,
      detail: a.detail, prevHash: a.prev_hash, hash: a.hash,
      ...(found && Object.keys(found).length > 0 ? { rows: found } : {}),
    };
    // Asserted at the source: what leaves is what the hub's schema takes.
    hubEvent.parse(event);
    return event;
  });
}

