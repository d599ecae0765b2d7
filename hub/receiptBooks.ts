// Receipt books (第三十五条(三): 水单应连续编号, 同本水单不得跳号使用, 并登记领用; issue 17 item 1;
// ../shared/design/hub.md "Receipt books"; hub migration 011). The hub issues each counter books:
// ranges of the institution's one number space (shared/receipts.ts), the next after the last book
// issued, so no number is issued twice in the institution. hub_receipt_books is the register (who
// issued which book to which counter of which outlet, and when; a book returned, with its unused
// range). Each book goes down to its outlet's counters as a reference change (kind 'receiptBook').
//
// A counter always holds a book it has not started, so it never stops offline: when it pulls, the
// hub tops it up (ensureBooks). It also holds a reserve book (hub migration 018) it numbers in only
// when no other book has a number left: offline for days, its numbers still name their book and
// are unique in the institution. A book is returned only when its counter is out of service (revoked,
// or enrolled again on a new PC): a counter in service may have used numbers of it offline that the
// hub does not hold yet, and the unused range written in the register must be true.
import { sql, type Transaction } from 'kysely';
import { Refusal } from '../shared/errors';
import { bookCode, DEFAULT_BOOK_SIZE, HUB_RECEIPT_BASE, printedReceiptNo } from '../shared/receipts';
import type { ReceiptBookChange, ReceiptBookView } from '../shared/sync/reference';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';
import { publish, takeChangesLock } from './reference';

/** Books a counter holds that it has not started: the one after its current, at least. */
const FRESH_BOOKS = 1;
/** A reserve book's numbers: a week of a busy counter offline after its other books are used up. */
export const RESERVE_BOOK_SIZE = 10_000;

function changeOf(b: { code: string; terminal_id: string; first_no: bigint; last_no: bigint; issued_by: string; issued_at: Date | string; returned_at: Date | string | null; unused_from: bigint | null; reserve: boolean }): ReceiptBookChange {
  return {
    code: b.code, terminalId: b.terminal_id, firstNo: Number(b.first_no), lastNo: Number(b.last_no), issuedBy: b.issued_by,
    issuedAt: new Date(b.issued_at).toISOString(), returnedAt: b.returned_at === null ? null : new Date(b.returned_at).toISOString(),
    unusedFrom: b.unused_from === null ? null : Number(b.unused_from), ...(b.reserve ? { reserve: true } : {}),
  };
}

/** The next book of the institution's space for the counter, registered and published, inside the caller's transaction. */
export async function issueBook(tx: Transaction<HubDB>, c: { terminalId: string; size?: number | undefined; reserve?: boolean }, by: string, at: Date): Promise<ReceiptBookChange> {
  // Books are numbered and their ranges taken one writer at a time, as versions are (reference.ts).
  await takeChangesLock(tx);
  const t = await tx.selectFrom('hub_terminals').select(['outlet_code', 'revoked_at']).where('id', '=', c.terminalId).executeTakeFirst();
  if (!t) throw new Refusal('HUB_TERMINAL_UNKNOWN', { terminal: c.terminalId });
  if (t.revoked_at !== null) throw new Refusal('HUB_TERMINAL_REVOKED', { terminal: c.terminalId });
  const top = await tx.selectFrom('hub_receipt_books').select([sql<string>`coalesce(max(book_no), 0)::text`.as('book'), sql<string>`coalesce(max(last_no), ${HUB_RECEIPT_BASE})::text`.as('last')]).executeTakeFirstOrThrow();
  const bookNo = BigInt(top.book) + 1n;
  const firstNo = BigInt(top.last) + 1n;
  const reserve = c.reserve === true;
  const lastNo = firstNo + BigInt(c.size ?? (reserve ? RESERVE_BOOK_SIZE : DEFAULT_BOOK_SIZE)) - 1n;
  const row = { book_no: bookNo, code: bookCode(bookNo), outlet_code: t.outlet_code, terminal_id: c.terminalId, first_no: firstNo, last_no: lastNo, issued_by: by, issued_at: at, returned_at: null, returned_by: null, unused_from: null, reserve };
  await tx.insertInto('hub_receipt_books').values(row).execute();
  const body = changeOf(row);
  await publish(tx, { kind: 'receiptBook', outletCode: t.outlet_code, by, at, body });
  return body;
}

/** Issued by HQ's hand (a counter that will be busy; a book of another size). */
export async function issueBookNow(db: HubDatabase, c: { terminalId: string; size?: number | undefined }, by: string, now: () => Date): Promise<ReceiptBookChange> {
  return db.transaction().execute((tx) => issueBook(tx, c, by, now()));
}

/**
 * A counter's newest books not returned, and how many of them the hub holds no trade of: the ones
 * it has not started. A counter numbers in its books in order, so only the newest can be fresh;
 * reading those alone keeps a pull's cost flat over the years of books a counter uses up.
 */
async function freshBooks(db: HubDatabase | Transaction<HubDB>, terminalId: string): Promise<{ held: number; fresh: number; reserve: boolean }> {
  const newest = await db.selectFrom('hub_receipt_books as b').where('b.terminal_id', '=', terminalId).where('b.returned_at', 'is', null).where('b.reserve', '=', false)
    .select([sql<boolean>`NOT EXISTS (SELECT 1 FROM hub_trades t WHERE t.receipt_no BETWEEN b.first_no AND b.last_no)`.as('fresh')])
    .orderBy('b.first_no', 'desc').limit(FRESH_BOOKS + 1).execute();
  // A reserve book with its last number not yet used (as far as the hub knows).
  const reserve = await db.selectFrom('hub_receipt_books as b').select('b.book_no').where('b.terminal_id', '=', terminalId).where('b.returned_at', 'is', null)
    .where('b.reserve', '=', true).where(sql<boolean>`NOT EXISTS (SELECT 1 FROM hub_trades t WHERE t.receipt_no = b.last_no)`).limit(1).execute();
  return { held: newest.length, fresh: newest.filter((b) => b.fresh).length, reserve: reserve.length > 0 };
}

/**
 * The counter holds a book it has not started, and one to number in, and a reserve book with a
 * number left: issued now if not (by the hub, before the counter's pull, so the pull brings them).
 * Most pulls find nothing to do: two reads, each on an index.
 */
export async function ensureBooks(db: HubDatabase, terminalId: string, now: () => Date): Promise<number> {
  const need = (s: { held: number; fresh: number }) => (s.held === 0 ? FRESH_BOOKS + 1 : Math.max(0, FRESH_BOOKS - s.fresh));
  const first = await freshBooks(db, terminalId);
  if (need(first) === 0 && first.reserve) return 0;
  return db.transaction().execute(async (tx) => {
    await takeChangesLock(tx);
    // Again under the lock: two pulls of one counter at once issue once.
    const held = await freshBooks(tx, terminalId);
    const n = need(held);
    for (let i = 0; i < n; i++) await issueBook(tx, { terminalId }, 'hub', now());
    if (!held.reserve) await issueBook(tx, { terminalId, reserve: true }, 'hub', now());
    return n + (held.reserve ? 0 : 1);
  });
}

/** The highest number of the book the hub holds a trade for. */
async function usedTo(db: HubDatabase | Transaction<HubDB>, first: bigint, last: bigint): Promise<bigint | null> {
  const r = await db.selectFrom('hub_trades').select(sql<string | null>`max(receipt_no)::text`.as('n')).where('receipt_no', '>=', first).where('receipt_no', '<=', last).executeTakeFirstOrThrow();
  return r.n === null ? null : BigInt(r.n);
}

async function returnOne(tx: Transaction<HubDB>, b: { book_no: bigint; code: string; outlet_code: string; terminal_id: string; first_no: bigint; last_no: bigint; issued_by: string; issued_at: Date; reserve: boolean }, by: string, at: Date): Promise<ReceiptBookChange> {
  const used = await usedTo(tx, b.first_no, b.last_no);
  const unusedFrom = used === null ? b.first_no : used + 1n;
  await tx.updateTable('hub_receipt_books').set({ returned_at: at, returned_by: by, unused_from: unusedFrom }).where('book_no', '=', b.book_no).execute();
  const body = changeOf({ ...b, returned_at: at, unused_from: unusedFrom });
  await publish(tx, { kind: 'receiptBook', outletCode: b.outlet_code, by, at, body });
  return body;
}

/** A book taken back from a counter out of service, its unused range recorded (HUB_BOOK_IN_USE while the counter is in service). */
export async function returnBook(db: HubDatabase, code: string, by: string, now: () => Date): Promise<ReceiptBookChange> {
  const at = now();
  return db.transaction().execute(async (tx) => {
    await takeChangesLock(tx);
    const b = await tx.selectFrom('hub_receipt_books').innerJoin('hub_terminals', 'hub_terminals.id', 'hub_receipt_books.terminal_id')
      .select(['book_no', 'code', 'hub_receipt_books.outlet_code', 'terminal_id', 'first_no', 'last_no', 'issued_by', 'issued_at', 'returned_at', 'reserve', 'hub_terminals.revoked_at'])
      .where('code', '=', code).executeTakeFirst();
    if (!b) throw new Refusal('HUB_BOOK_UNKNOWN', { book: code });
    if (b.returned_at !== null) throw new Refusal('HUB_BOOK_RETURNED', { book: code, at: new Date(b.returned_at).toISOString() });
    if (b.revoked_at === null) throw new Refusal('HUB_BOOK_IN_USE', { book: code, terminal: b.terminal_id });
    return returnOne(tx, { ...b, issued_at: new Date(b.issued_at) }, by, at);
  });
}

/**
 * Every book of a counter taken back, inside the caller's transaction: a counter enrolled again on
 * a new PC (issue 17 item 6) numbers in new books, never in one the dead PC may have used offline.
 */
export async function returnBooksOf(tx: Transaction<HubDB>, terminalId: string, by: string, at: Date): Promise<number> {
  await takeChangesLock(tx);
  const books = await tx.selectFrom('hub_receipt_books').select(['book_no', 'code', 'outlet_code', 'terminal_id', 'first_no', 'last_no', 'issued_by', 'issued_at', 'reserve'])
    .where('terminal_id', '=', terminalId).where('returned_at', 'is', null).orderBy('book_no').execute();
  for (const b of books) await returnOne(tx, { ...b, issued_at: new Date(b.issued_at) }, by, at);
  return books.length;
}

/** The 登记领用 register: every book (or an outlet's), in the order issued. */
export async function listBooks(db: HubDatabase, outletCode?: string): Promise<ReceiptBookView[]> {
  let q = db.selectFrom('hub_receipt_books as b').innerJoin('hub_terminals as t', 't.id', 'b.terminal_id')
    .select(['b.code', 'b.outlet_code', 'b.terminal_id', 't.name', 'b.first_no', 'b.last_no', 'b.issued_by', 'b.issued_at', 'b.returned_at', 'b.returned_by', 'b.unused_from', 'b.reserve',
      sql<string | null>`(SELECT max(receipt_no)::text FROM hub_trades h WHERE h.receipt_no BETWEEN b.first_no AND b.last_no)`.as('used_to')])
    .orderBy('b.book_no');
  if (outletCode !== undefined) q = q.where('b.outlet_code', '=', outletCode);
  return (await q.execute()).map((b) => {
    const range = { code: b.code, firstNo: Number(b.first_no), lastNo: Number(b.last_no) };
    const printed = (n: bigint) => printedReceiptNo(Number(n), range);
    return {
      code: b.code, outletCode: b.outlet_code, terminalId: b.terminal_id, counterName: b.name, first: printed(b.first_no), last: printed(b.last_no),
      issuedBy: b.issued_by, issuedAt: new Date(b.issued_at).toISOString(), usedTo: b.used_to === null ? null : printed(BigInt(b.used_to)),
      returnedAt: b.returned_at === null ? null : new Date(b.returned_at).toISOString(), returnedBy: b.returned_by,
      unused: b.unused_from === null || b.unused_from > b.last_no ? null : `${printed(b.unused_from)} … ${printed(b.last_no)}`,
      reserve: b.reserve,
    };
  });
}

/** The register as a printable page (npm run hub -- receipt-books): one line a book. */
export function registerText(books: readonly ReceiptBookView[], at: Date): string {
  const lines = [`水单领用登记簿 Receipt book register    ${at.toISOString()}`, ''];
  lines.push(['本号 Book', '网点 Outlet', '柜台 Counter', '起 First', '止 Last', '领用 Issued', '经办 By', '已用至 Used to', '收回 Returned', '未用号段 Unused'].join(' | '));
  for (const b of books) {
    lines.push([b.reserve ? `${b.code} 备用 reserve` : b.code, b.outletCode, `${b.counterName} (${b.terminalId})`, b.first, b.last, b.issuedAt, b.issuedBy, b.usedTo ?? '-', b.returnedAt ?? '-', b.unused ?? '-'].join(' | '));
  }
  return lines.join('\n');
}
