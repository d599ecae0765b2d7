// What a counter looks up at the hub while a customer waits (issue 16 item 5; ../shared/design/hub.md
// "Rules that cross counters"), and the index that answers it, kept at ingest in the transaction
// that stores the events (hub/ingest.ts):
//   - a customer's trades today at the institution's other counters (第二十九条: the daily limit
//     counts every exchange of the person), found by a keyed hash of ID type, number and country
//     under the institution's key (hub_settings, made by migration 004, never sent out): the index
//     holds no name and no ID number;
//   - an original receipt issued at any counter (第三十一条), with what later reconversions that
//     stand changed back against it, and what other counters hold of it (holdReceipt: a counter
//     about to change RMB back against a receipt reserves it here first, so two counters cannot
//     spend one receipt twice; issue 17 item 2).
// Receipt books (issue 17) make numbers unique across the institution; a counter's own numbers from
// before it joined the hub are not, so a number may be found at several counters: every match is
// answered, and the counter decides (one match, or refuse).
import { createHmac } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { Refusal } from '../shared/errors';
import { RMB } from '../shared/money/currencies';
import { Decimal, dec, formatAmount, fromMinor } from '../shared/money/money';
import { printedReceiptNo } from '../shared/receipts';
import type { EventRow, HubEvent } from '../shared/sync/events';
import { isIsoDate } from '../shared/time';
import type { LimitHoldQuery, LimitReleaseQuery, ReceiptFound, StandingAnswer } from '../shared/sync/reference';
import { checkDailyLimit, dayStanding, type CountedTrade } from '../shared/rules/dailyLimit';
import type { PolicyParams } from '../shared/policy';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';

type Db = HubDatabase | Transaction<HubDB>;

const keys = new WeakMap<object, string>();

/** The institution's key, read once per database (through `via`: inside a transaction, its own connection). */
async function institutionKey(owner: HubDatabase, via: Db = owner): Promise<string> {
  const held = keys.get(owner);
  if (held) return held;
  const row = await via.selectFrom('hub_settings').select('customer_key').where('id', '=', 1).executeTakeFirstOrThrow();
  keys.set(owner, row.customer_key);
  return row.customer_key;
}

/** The customer as the hub knows them: HMAC-SHA256 of `type:number:country` (the counter's person key). */
function customerKey(key: string, personKey: string): string {
  return createHmac('sha256', Buffer.from(key, 'hex')).update(personKey, 'utf8').digest('hex');
}

/** A customer's keyed hash, from the document as a counter records it (the inspection search: hub/inspection.ts). */
export async function customerKeyOf(db: HubDatabase, doc: { idType: string; idNumber: string; country: string }): Promise<string> {
  return customerKey(await institutionKey(db), `${doc.idType}:${doc.idNumber}:${doc.country}`);
}

const INTEGER = /^-?\d{1,18}$/;
function indexable(t: EventRow): boolean {
  return ['id', 'id_type', 'id_number', 'country', 'usd_equivalent'].every((k) => typeof t[k] === 'string')
    && ['receipt_no', 'rmb_minor', 'fee_minor'].every((k) => INTEGER.test(t[k] ?? ''))
    && (t.original_receipt_no === null || t.original_receipt_no === undefined || INTEGER.test(t.original_receipt_no))
    && isIsoDate(t.business_date ?? '') && (t.direction === 'settlement' || t.direction === 'purchase')
    && (t.kind === 'settlement' || t.kind === 'purchase' || t.kind === 'reconversion');
}

/** What a report reads of a trade, as the trade index holds it (hub/reportDays.ts sums these). */
export interface ReportedTrade {
  business_date: string;
  residency: 'domestic' | 'foreign';
  direction: 'settlement' | 'purchase';
  currency: string;
  foreign_minor: bigint;
  rmb_minor: bigint;
  fee_minor: bigint;
  /** Entered in SAFE's system (real time, or a back-fill delivered). */
  entered: boolean;
  reporting_path: string;
}

/** What a batch changed of the trades that stand: new ones, back-fills now at SAFE, voids. */
export interface TradeChanges {
  added: ReportedTrade[];
  delivered: ReportedTrade[];
  voided: ReportedTrade[];
  /**
   * Trades refunded on a later day (issue 19 item 2; docs/compliance-refund.md): the original as
   * indexed, and the refund's date, whose period takes the original back (the counter's forms do).
   */
  refunded: { original: ReportedTrade; date: string }[];
}

const REPORTED = ['business_date', 'residency', 'direction', 'currency', 'foreign_minor', 'rmb_minor', 'fee_minor', 'entered', 'reporting_path'] as const;
const reportable = (t: { currency: string | null; residency: string | null; foreign_minor: bigint | null }) => t.currency !== null && t.residency !== null && t.foreign_minor !== null;

/**
 * The trades and voids of a batch just stored, indexed for the look-ups and the reports; inside
 * ingest's transaction. A back-fill counts as entered once an event carries its outbox row
 * delivered (the rows travel as they stand: the trade's own event may already say so).
 */
export async function indexTrades(db: HubDatabase, tx: Transaction<HubDB>, terminalId: string, events: readonly HubEvent[]): Promise<TradeChanges> {
  const changes: TradeChanges = { added: [], delivered: [], voided: [], refunded: [] };
  // A row as the counter's ledger writes it; one that is not (the rows are not under the chain's
  // hash) is kept with its event but not indexed, rather than refusing the batch for ever.
  const trades = events.filter((e) => e.action === 'trade.commit' || e.action === 'trade.paperEntry').flatMap((e) => e.rows?.trades ?? []).filter(indexable);
  const voided = events.filter((e) => e.action === 'trade.void').map((e) => e.entityId);
  const delivered = [...new Set(events.flatMap((e) => e.rows?.outbox ?? []).filter((o) => o.kind === 'backfill' && o.state === 'delivered' && typeof o.trade_id === 'string').map((o) => o.trade_id!))];
  if (trades.length > 0) {
    const key = await institutionKey(db, tx);
    // One JSON parameter for the batch's trades (as ingest inserts its events).
    const added = await sql<Omit<ReportedTrade, 'foreign_minor'> & { foreign_minor: bigint | null; currency: string | null; residency: 'domestic' | 'foreign' | null }>`
      INSERT INTO hub_trades (terminal_id, trade_id, receipt_no, business_date, customer_key, direction, kind, usd, rmb_minor, fee_minor, original_receipt_no, customer_name,
                              currency, residency, foreign_minor, reporting_path, entered, created_at)
      SELECT ${terminalId}, t.trade_id, t.receipt_no, t.business_date, t.customer_key, t.direction, t.kind, t.usd, t.rmb_minor, t.fee_minor, t.original_receipt_no, t.customer_name,
             t.currency, t.residency, t.foreign_minor, t.reporting_path, t.reporting_path = 'realtime', t.created_at
      FROM json_to_recordset(${JSON.stringify(trades.map((t) => ({
        trade_id: t.id, receipt_no: t.receipt_no, business_date: t.business_date,
        customer_key: customerKey(key, `${t.id_type!}:${t.id_number!}:${t.country!}`),
        direction: t.direction, kind: t.kind, usd: t.usd_equivalent, rmb_minor: t.rmb_minor, fee_minor: t.fee_minor, original_receipt_no: t.original_receipt_no ?? null,
        customer_name: t.customer_name ?? null,
        currency: t.currency ?? null,
        residency: t.residency === 'domestic' || t.residency === 'foreign' ? t.residency : null,
        foreign_minor: INTEGER.test(t.foreign_minor ?? '') ? t.foreign_minor : null,
        reporting_path: t.reporting_path ?? null,
        created_at: t.created_at ?? null,
      })))}::json) AS t(trade_id TEXT, receipt_no BIGINT, business_date DATE, customer_key TEXT, direction TEXT, kind TEXT, usd TEXT, rmb_minor BIGINT, fee_minor BIGINT, original_receipt_no BIGINT, customer_name TEXT,
                        currency TEXT, residency TEXT, foreign_minor BIGINT, reporting_path TEXT, created_at TEXT)
      ON CONFLICT (terminal_id, trade_id) DO NOTHING
      RETURNING ${sql.join(REPORTED.map((c) => sql.ref(c)))}`.execute(tx);
    changes.added = added.rows.filter(reportable) as ReportedTrade[];
    // A reconversion arrived: it counts as a trade from now on, and its counter's hold on the receipt ends.
    const against = [...new Set(trades.map((t) => t.original_receipt_no).filter((n): n is string => typeof n === 'string'))];
    if (against.length > 0) await tx.deleteFrom('hub_receipt_holds').where('terminal_id', '=', terminalId).where('receipt_no', 'in', against.map(BigInt)).execute();
    // The trade a day was held for arrived: the counter's trades count from now on (pushed in order, every earlier one is here too).
    await tx.deleteFrom('hub_limit_holds').where('terminal_id', '=', terminalId).where('trade_id', 'in', trades.map((t) => t.id!)).execute();
  }
  if (delivered.length > 0) {
    const rows = await tx.updateTable('hub_trades').set({ entered: true }).where('terminal_id', '=', terminalId).where('trade_id', 'in', delivered)
      .where('reporting_path', '=', 'backfill').where('entered', '=', false).where('voided', '=', false).returning([...REPORTED]).execute();
    changes.delivered = rows.filter(reportable) as ReportedTrade[];
  }
  // The refund trades themselves, for HQ's profit only (026_refund_trades.sql): they move the stock.
  const refundTrades = events.filter((e) => e.action === 'trade.refund').flatMap((e) => e.rows?.trades ?? [])
    .filter((t) => typeof t.id === 'string' && typeof t.created_at === 'string' && typeof t.currency === 'string' && isIsoDate(t.business_date ?? '')
      && (t.direction === 'settlement' || t.direction === 'purchase') && ['receipt_no', 'rmb_minor', 'foreign_minor'].every((k) => INTEGER.test(t[k] ?? '')));
  if (refundTrades.length > 0) {
    await tx.insertInto('hub_refund_trades').values(refundTrades.map((t) => ({
      terminal_id: terminalId, trade_id: t.id!, receipt_no: BigInt(t.receipt_no!), business_date: t.business_date!, created_at: t.created_at!,
      currency: t.currency!, direction: t.direction as 'settlement' | 'purchase', foreign_minor: BigInt(t.foreign_minor!), rmb_minor: BigInt(t.rmb_minor!),
    }))).onConflict((oc) => oc.columns(['terminal_id', 'trade_id']).doNothing()).execute();
  }
  if (voided.length > 0) {
    // A refund voided the same day no longer moves the stock.
    await tx.updateTable('hub_refund_trades').set({ voided: true }).where('terminal_id', '=', terminalId).where('trade_id', 'in', voided).execute();
    const rows = await tx.updateTable('hub_trades').set({ voided: true }).where('terminal_id', '=', terminalId).where('trade_id', 'in', voided).where('voided', '=', false)
      .returning([...REPORTED]).execute();
    changes.voided = rows.filter(reportable) as ReportedTrade[];
  }
  // issue 19 item 2: the refund trade itself is not indexed (it is no trade of the customer's day
  // nor of SAFE's); its original is taken back in the refund's period.
  const refunds = events.filter((e) => e.action === 'trade.refund').flatMap((e) => e.rows?.refunds ?? [])
    .filter((r) => typeof r.original_trade_id === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.business_date ?? ''));
  if (refunds.length > 0) {
    const rows = await tx.selectFrom('hub_trades').select(['trade_id', ...REPORTED]).where('terminal_id', '=', terminalId)
      .where('trade_id', 'in', refunds.map((r) => r.original_trade_id!)).where('voided', '=', false).execute();
    const byId = new Map(rows.map((r) => [r.trade_id, r]));
    changes.refunded = refunds.flatMap((r) => {
      const o = byId.get(r.original_trade_id!);
      return o && reportable(o) ? [{ original: o as ReportedTrade, date: r.business_date! }] : [];
    });
  }
  return changes;
}

/** A customer's trades that stand on a day at every counter but the asking one. */
export async function personStanding(db: HubDatabase, q: { idType: string; idNumber: string; country: string; date: string; exceptTerminal: string }): Promise<StandingAnswer> {
  const key = customerKey(await institutionKey(db), `${q.idType}:${q.idNumber}:${q.country}`);
  const rows = await db.selectFrom('hub_trades').select(['terminal_id', 'direction', 'kind', 'usd'])
    .where('customer_key', '=', key).where('business_date', '=', q.date).where('voided', '=', false).where('terminal_id', '<>', q.exceptTerminal)
    .orderBy('terminal_id').orderBy('trade_id').limit(1_000).execute();
  return { trades: rows.map((r) => ({ terminalId: r.terminal_id, direction: r.direction, kind: r.kind, usd: r.usd })) };
}

/**
 * The presenting customer's receipts of that number issued at the other counters (matched by the
 * keyed hash: nobody else's is told), with what reconversions that stand there changed back against
 * that number (the asking counter adds its own, which the hub may not hold yet).
 */
export async function findReceipt(db: HubDatabase, q: { receiptNo: number; idType: string; idNumber: string; country: string; exceptTerminal: string; at: Date }): Promise<ReceiptFound[]> {
  const { receiptNo, exceptTerminal } = q;
  const no = BigInt(receiptNo);
  const customer = customerKey(await institutionKey(db), `${q.idType}:${q.idNumber}:${q.country}`);
  const found = await db.selectFrom('hub_trades')
    .select(['terminal_id', 'receipt_no', sql<string>`business_date::text`.as('day'), 'direction', 'voided', 'rmb_minor', 'fee_minor'])
    .where('receipt_no', '=', no).where('customer_key', '=', customer).where('terminal_id', '<>', exceptTerminal).orderBy('terminal_id').limit(100).execute();
  if (found.length === 0) return [];
  const used = await spokenFor(db, { receiptNo: no, customer, exceptTerminal, at: q.at });
  return found.map((t) => ({
    terminalId: t.terminal_id,
    receiptNo,
    businessDate: t.day,
    direction: t.direction,
    voided: t.voided,
    // What the customer received in RMB on it (the fee was kept), as the counter's own rule reads it.
    rmbReceivedMinor: String(t.rmb_minor - t.fee_minor),
    rmbReconvertedMinor: String(used),
  }));
}

/** How long a hold stands if the counter's reconversion never arrives (a commit that did not happen). */
export const HOLD_HOURS = 24;
const HOLD_LOCK = 16017002;

/**
 * RMB of the receipt spoken for at the other counters: reconversions against it that stand, and
 * the holds of counters about to make one.
 */
async function spokenFor(db: Db, q: { receiptNo: bigint; customer: string; exceptTerminal: string; at: Date }): Promise<bigint> {
  const used = await db.selectFrom('hub_trades').select(sql<string>`coalesce(sum(rmb_minor + fee_minor), 0)::text`.as('n'))
    .where('original_receipt_no', '=', q.receiptNo).where('voided', '=', false).where('terminal_id', '<>', q.exceptTerminal).executeTakeFirstOrThrow();
  const held = await db.selectFrom('hub_receipt_holds').select(sql<string>`coalesce(sum(rmb_minor), 0)::text`.as('n'))
    .where('receipt_no', '=', q.receiptNo).where('customer_key', '=', q.customer).where('terminal_id', '<>', q.exceptTerminal).where('expires_at', '>', q.at)
    .executeTakeFirstOrThrow();
  return BigInt(used.n) + BigInt(held.n);
}

/**
 * The RMB a counter is about to change back against a receipt (第三十一条), held for it: refused
 * (RECONVERSION_EXCEEDS_RECEIPT, with what is left) when what the other counters changed back and
 * hold, what this counter changed back (`usedHereMinor`: it may not have pushed it yet) and this
 * amount are more than the customer received on it. A receipt the hub does not hold (the asking
 * counter's own, not pushed yet) holds nothing against anyone: the counter's own rule decides.
 * One writer per receipt at a time (a transaction lock), so two counters asking at once are
 * answered one after the other.
 */
export async function holdReceipt(db: HubDatabase, q: { receiptNo: number; idType: string; idNumber: string; country: string; rmbMinor: string; usedHereMinor: string; terminal: string }, now: () => Date): Promise<{ held: boolean; expiresAt: string }> {
  const no = BigInt(q.receiptNo);
  const customer = customerKey(await institutionKey(db), `${q.idType}:${q.idNumber}:${q.country}`);
  const at = now();
  const expiresAt = new Date(at.getTime() + HOLD_HOURS * 3_600_000);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${HOLD_LOCK}, hashtext(${`${q.receiptNo}:${customer}`}))`.execute(tx);
    const receipts = await tx.selectFrom('hub_trades').select(['rmb_minor', 'fee_minor'])
      .where('receipt_no', '=', no).where('customer_key', '=', customer).where('direction', '=', 'settlement').where('voided', '=', false).limit(2).execute();
    if (receipts.length !== 1) return { held: false, expiresAt: at.toISOString() };
    const received = receipts[0]!.rmb_minor - receipts[0]!.fee_minor;
    const others = await spokenFor(tx, { receiptNo: no, customer, exceptTerminal: q.terminal, at });
    const wanted = BigInt(q.rmbMinor);
    const left = received - others - BigInt(q.usedHereMinor);
    if (wanted > left) {
      // The number as the receipt prints it (its book's code).
      const book = await tx.selectFrom('hub_receipt_books').select(['code', 'first_no', 'last_no']).where('first_no', '<=', no).where('last_no', '>=', no).executeTakeFirst();
      throw new Refusal('RECONVERSION_EXCEEDS_RECEIPT', {
        amount: `CNY ${formatAmount(fromMinor(wanted, RMB), 'CNY')}`,
        receiptNo: printedReceiptNo(q.receiptNo, book && { code: book.code, firstNo: Number(book.first_no), lastNo: Number(book.last_no) }),
        remaining: `CNY ${formatAmount(fromMinor(left > 0n ? left : 0n, RMB), 'CNY')}`,
      });
    }
    await tx.insertInto('hub_receipt_holds').values({ receipt_no: no, customer_key: customer, terminal_id: q.terminal, rmb_minor: wanted, held_at: at, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['receipt_no', 'customer_key', 'terminal_id']).doUpdateSet({ rmb_minor: wanted, held_at: at, expires_at: expiresAt })).execute();
    return { held: true, expiresAt: expiresAt.toISOString() };
  });
}

/** A counter's hold on a receipt given back: its reconversion did not happen (/v1/receipt/release). */
export async function releaseReceipt(db: HubDatabase, q: { receiptNo: number; idType: string; idNumber: string; country: string; terminal: string }): Promise<{ released: boolean }> {
  const customer = customerKey(await institutionKey(db), `${q.idType}:${q.idNumber}:${q.country}`);
  const r = await db.deleteFrom('hub_receipt_holds').where('receipt_no', '=', BigInt(q.receiptNo)).where('customer_key', '=', customer).where('terminal_id', '=', q.terminal).executeTakeFirst();
  return { released: Number(r.numDeletedRows) > 0 };
}

/** How long a day held for a customer stands if its trade never arrives (a commit that did not happen). */
export const LIMIT_HOLD_HOURS = 24;
const LIMIT_LOCK = 16017006;

/**
 * The customer's day held for a counter about to commit a trade (第二十九条): refused
 * DAILY_LIMIT_EXCEEDED (with what is left) when the other counters' days and this counter's, with
 * this trade, are over the counter's limit. Another counter's day is its trades that stand at the
 * hub, or its hold if that is larger (its trades on the way). One writer per customer and day at a
 * time (a transaction lock), so two counters serving one customer at once are answered in turn. The
 * rule is the counter's (shared/rules/dailyLimit.ts), on the figures only the hub has.
 */
export async function holdDailyLimit(db: HubDatabase, q: LimitHoldQuery & { terminal: string }, now: () => Date): Promise<{ held: true; expiresAt: string }> {
  const customer = customerKey(await institutionKey(db), `${q.idType}:${q.idNumber}:${q.country}`);
  const at = now();
  const expiresAt = new Date(at.getTime() + LIMIT_HOLD_HOURS * 3_600_000);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${LIMIT_LOCK}, hashtext(${`${customer}:${q.date}`}))`.execute(tx);
    const trades = await tx.selectFrom('hub_trades').select(['terminal_id', 'direction', 'usd'])
      .where('customer_key', '=', customer).where('business_date', '=', q.date).where('voided', '=', false).where('terminal_id', '<>', q.terminal).execute();
    const holds = await tx.selectFrom('hub_limit_holds').select(['terminal_id', 'settlement_usd', 'purchase_usd'])
      .where('customer_key', '=', customer).where('business_date', '=', q.date).where('terminal_id', '<>', q.terminal).where('expires_at', '>', at).execute();
    const zero = { settlement: new Decimal(0), purchase: new Decimal(0) };
    const byCounter = new Map<string, { settlement: Decimal; purchase: Decimal }>();
    for (const t of trades) {
      const d = byCounter.get(t.terminal_id) ?? { ...zero };
      d[t.direction] = d[t.direction].plus(dec(t.usd));
      byCounter.set(t.terminal_id, d);
    }
    for (const h of holds) {
      const d = byCounter.get(h.terminal_id) ?? { ...zero };
      byCounter.set(h.terminal_id, { settlement: Decimal.max(d.settlement, dec(h.settlement_usd)), purchase: Decimal.max(d.purchase, dec(h.purchase_usd)) });
    }
    // This counter's day before the trade, then everyone's, as the counter's rule counts it.
    const before = { settlement: dec(q.here.settlement), purchase: dec(q.here.purchase) };
    before[q.direction] = before[q.direction].minus(dec(q.usd));
    const earlier: CountedTrade[] = [
      { direction: 'settlement', usd: before.settlement }, { direction: 'purchase', usd: before.purchase },
      ...[...byCounter.values()].flatMap((d) => [{ direction: 'settlement' as const, usd: d.settlement }, { direction: 'purchase' as const, usd: d.purchase }]),
    ];
    checkDailyLimit(dayStanding(dec(q.usd), q.direction, earlier, { dailyLimitMode: q.mode, dailyLimitUsd: q.limitUsd } as PolicyParams));
    await tx.insertInto('hub_limit_holds').values({
      customer_key: customer, business_date: q.date, terminal_id: q.terminal, trade_id: q.tradeId, settlement_usd: q.here.settlement, purchase_usd: q.here.purchase, held_at: at, expires_at: expiresAt,
    }).onConflict((oc) => oc.columns(['customer_key', 'business_date', 'terminal_id']).doUpdateSet({
      trade_id: q.tradeId, settlement_usd: q.here.settlement, purchase_usd: q.here.purchase, held_at: at, expires_at: expiresAt,
    })).execute();
    return { held: true, expiresAt: expiresAt.toISOString() };
  });
}

/**
 * A hold whose commit did not happen (hub/server.ts /v1/limit/release): the counter's day goes back
 * to what it is without that trade. Only while the hold is still that trade's: a later commit's
 * hold at the same counter says the day as it then stood.
 */
export async function releaseDailyLimit(db: HubDatabase, q: LimitReleaseQuery & { terminal: string }): Promise<{ released: boolean }> {
  const customer = customerKey(await institutionKey(db), `${q.idType}:${q.idNumber}:${q.country}`);
  const r = await db.updateTable('hub_limit_holds').set({ settlement_usd: q.here.settlement, purchase_usd: q.here.purchase })
    .where('customer_key', '=', customer).where('business_date', '=', q.date).where('terminal_id', '=', q.terminal).where('trade_id', '=', q.tradeId).executeTakeFirst();
  return { released: Number(r.numUpdatedRows) > 0 };
}

/**
 * The name a customer gave at the institution's other counters, their latest trade's (a customer
 * new to this counter is not asked again), or null. Only for the exact document presented (the
 * keyed hash): a counter learns nobody else's name.
 */
export async function customerName(db: HubDatabase, q: { idType: string; idNumber: string; country: string; exceptTerminal: string }): Promise<{ name: string | null }> {
  const key = customerKey(await institutionKey(db), `${q.idType}:${q.idNumber}:${q.country}`);
  const row = await db.selectFrom('hub_trades').select('customer_name').where('customer_key', '=', key).where('customer_name', 'is not', null)
    .where('terminal_id', '<>', q.exceptTerminal).orderBy('business_date', 'desc').orderBy('trade_id', 'desc').limit(1).executeTakeFirst();
  return { name: row?.customer_name ?? null };
}
