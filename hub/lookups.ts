// What a counter looks up at the hub while a customer waits (issue 16 item 5; ../shared/design/hub.md
// "Rules that cross counters"), and the index that answers it, kept at ingest in the transaction
// that stores the events (hub/ingest.ts):
//   - a customer's trades today at the institution's other counters (第二十九条: the daily limit
//     counts every exchange of the person), found by a keyed hash of ID type, number and country
//     under the institution's key (hub_settings, made by migration 004, never sent out): the index
//     holds no name and no ID number;
//   - an original receipt issued at any counter (第三十一条), with what later reconversions that
//     stand changed back against it.
// Until receipt books (issue 17) make numbers unique across the institution, a number may be found
// at several counters: every match is answered, and the counter decides (one match, or refuse).
import { createHmac } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { EventRow, HubEvent } from '../shared/sync/events';
import { isIsoDate } from '../shared/time';
import type { ReceiptFound, StandingAnswer } from '../shared/sync/reference';
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

const INTEGER = /^-?\d{1,18}$/;
function indexable(t: EventRow): boolean {
  return ['id', 'id_type', 'id_number', 'country', 'usd_equivalent'].every((k) => typeof t[k] === 'string')
    && ['receipt_no', 'rmb_minor', 'fee_minor'].every((k) => INTEGER.test(t[k] ?? ''))
    && (t.original_receipt_no === null || t.original_receipt_no === undefined || INTEGER.test(t.original_receipt_no))
    && isIsoDate(t.business_date ?? '') && (t.direction === 'settlement' || t.direction === 'purchase')
    && (t.kind === 'settlement' || t.kind === 'purchase' || t.kind === 'reconversion');
}

/** The trades and voids of a batch just stored, indexed for the look-ups; inside ingest's transaction. */
export async function indexTrades(db: HubDatabase, tx: Transaction<HubDB>, terminalId: string, events: readonly HubEvent[]): Promise<void> {
  // A row as the counter's ledger writes it; one that is not (the rows are not under the chain's
  // hash) is kept with its event but not indexed, rather than refusing the batch for ever.
  const trades = events.filter((e) => e.action === 'trade.commit').flatMap((e) => e.rows?.trades ?? []).filter(indexable);
  const voided = events.filter((e) => e.action === 'trade.void').map((e) => e.entityId);
  if (trades.length > 0) {
    const key = await institutionKey(db, tx);
    // One JSON parameter for the batch's trades (as ingest inserts its events).
    await sql`
      INSERT INTO hub_trades (terminal_id, trade_id, receipt_no, business_date, customer_key, direction, kind, usd, rmb_minor, fee_minor, original_receipt_no)
      SELECT ${terminalId}, t.trade_id, t.receipt_no, t.business_date, t.customer_key, t.direction, t.kind, t.usd, t.rmb_minor, t.fee_minor, t.original_receipt_no
      FROM json_to_recordset(${JSON.stringify(trades.map((t) => ({
        trade_id: t.id, receipt_no: t.receipt_no, business_date: t.business_date,
        customer_key: customerKey(key, `${t.id_type!}:${t.id_number!}:${t.country!}`),
        direction: t.direction, kind: t.kind, usd: t.usd_equivalent, rmb_minor: t.rmb_minor, fee_minor: t.fee_minor, original_receipt_no: t.original_receipt_no ?? null,
      })))}::json) AS t(trade_id TEXT, receipt_no BIGINT, business_date DATE, customer_key TEXT, direction TEXT, kind TEXT, usd TEXT, rmb_minor BIGINT, fee_minor BIGINT, original_receipt_no BIGINT)
      ON CONFLICT (terminal_id, trade_id) DO NOTHING`.execute(tx);
  }
  if (voided.length > 0) {
    await tx.updateTable('hub_trades').set({ voided: true }).where('terminal_id', '=', terminalId).where('trade_id', 'in', voided).execute();
  }
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
export async function findReceipt(db: HubDatabase, q: { receiptNo: number; idType: string; idNumber: string; country: string; exceptTerminal: string }): Promise<ReceiptFound[]> {
  const { receiptNo, exceptTerminal } = q;
  const no = BigInt(receiptNo);
  const customer = customerKey(await institutionKey(db), `${q.idType}:${q.idNumber}:${q.country}`);
  const found = await db.selectFrom('hub_trades')
    .select(['terminal_id', 'receipt_no', sql<string>`business_date::text`.as('day'), 'direction', 'voided', 'rmb_minor', 'fee_minor'])
    .where('receipt_no', '=', no).where('customer_key', '=', customer).where('terminal_id', '<>', exceptTerminal).orderBy('terminal_id').limit(100).execute();
  if (found.length === 0) return [];
  const used = await db.selectFrom('hub_trades').select(sql<string>`coalesce(sum(rmb_minor + fee_minor), 0)::text`.as('used'))
    .where('original_receipt_no', '=', no).where('voided', '=', false).where('terminal_id', '<>', exceptTerminal).executeTakeFirstOrThrow();
  return found.map((t) => ({
    terminalId: t.terminal_id,
    receiptNo,
    businessDate: t.day,
    direction: t.direction,
    voided: t.voided,
    // What the customer received in RMB on it (the fee was kept), as the counter's own rule reads it.
    rmbReceivedMinor: String(t.rmb_minor - t.fee_minor),
    rmbReconvertedMinor: used.used,
  }));
}
