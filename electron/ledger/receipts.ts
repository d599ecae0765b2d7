// 第三十五条(三): receipt numbers run without a gap and are never reused (水单应连续编号, 同本水单
// 不得跳号使用). The next number is taken inside the trade's own write transaction (BEGIN IMMEDIATE
// holds the write lock), so a rolled-back trade takes no number and two writers can never take the
// same one.
//
// Receipt books (issue 17 item 1; shared/receipts.ts; migration 014): a counter of an institution's
// hub numbers in the books the hub issued it, one after another: the next number of the book that
// holds its highest number, and when that book is used up (or returned) the first of its next book.
// The hub keeps it a book ahead, so it never stops offline, and a reserve book (migration 018)
// numbered in only when every other book is used up (offline for days). With no book to number in
// (a standalone terminal; a counter before its first pull, or one that used up every book, reserve
// too, offline) the counter numbers on in its own book, 1, 2, 3 …, below the institution's space.
// A ledger restored from a backup starts a new own book and leaves the hub book it was in
// (restartNumbering): receipts printed after the backup are not in it.
import { sql } from 'kysely';
import { HUB_RECEIPT_BASE, printedReceiptNo, type BookRange } from '../../shared/receipts';
import type { ReceiptBookChange } from '../../shared/sync/reference';
import { all, compiled, first, q, run, type Database } from './sql';

const BASE = BigInt(HUB_RECEIPT_BASE);

// Read at every trade: compiled once (issue 21, sql.ts compiled()).
const topReceipt = compiled()(() => q.selectFrom('trades').select(sql<bigint | null>`max(receipt_no)`.as('n')));
const restartsQuery = compiled()(() => q.selectFrom('receipt_restarts').select(['next_own', 'hub_book']).orderBy('id'));
const booksQuery = compiled<{ terminalId: string }>()((p) => q.selectFrom('receipt_books').select(['code', 'first_no', 'last_no', 'reserve'])
  .where('terminal_id', '=', p.terminalId).where('returned_at', 'is', null).orderBy('first_no'));
const topOwnReceipt = compiled()(() => q.selectFrom('trades').select(sql<bigint | null>`max(receipt_no)`.as('n')).where('receipt_no', '<=', BASE));

export function nextReceiptNo(db: Database, terminalId: string): bigint {
  const top = topReceipt.first(db, {})?.n ?? null;
  const restarts = restartsQuery.all(db, {});
  const closed = new Set(restarts.map((r) => r.hub_book));
  const books = booksQuery.all(db, { terminalId });
  for (const b of books) {
    // A book a restore closed: numbers of it may be on paper the restored ledger does not hold.
    if (closed.has(b.code) || b.reserve === 1n) continue;
    // The book in use, with numbers left: the next of it.
    if (top !== null && top >= b.first_no && top < b.last_no) return top + 1n;
    // A book not started, after every number issued here: its first.
    if (top === null || top < b.first_no) return b.first_no;
  }
  // Every other book used up (offline for long): the reserve book, from where it was left. Its
  // numbers may lie below the books issued after it, so its own highest number is read.
  for (const b of books) {
    if (closed.has(b.code) || b.reserve !== 1n) continue;
    const used = first(db, q.selectFrom('trades').select(sql<bigint | null>`max(receipt_no)`.as('n')).where('receipt_no', '>=', b.first_no).where('receipt_no', '<=', b.last_no))?.n ?? null;
    if (used === null) return b.first_no;
    if (used < b.last_no) return used + 1n;
  }
  // No book to number in: the counter's own book, from the latest restore's new one if later.
  const own = topOwnReceipt.first(db, {})?.n ?? 0n;
  const restartAt = restarts.at(-1)?.next_own ?? 1n;
  return own + 1n > restartAt ? own + 1n : restartAt;
}

/** The gap a restore leaves in the counter's own numbers: more than two months of a busy counter. */
export const RESTART_GAP = 100_000n;

/**
 * A ledger restored from a backup (backupRestore.ts) or from the hub (hubRestore.ts), inside the
 * restore's transaction: its own book goes on from a new one past RESTART_GAP, and the hub book it
 * was numbering in is closed, so no number printed after the backup, or after the dead PC's last
 * push, is issued again (第三十五条(三); migration 015). `everyBookOf`: every book the counter holds
 * and has not given back is closed, not only the one in use — a PC that died may have started its
 * next book offline, and the hub never heard.
 */
export function restartNumbering(db: Database, at: string, actor: string, opts: { everyBookOf?: string } = {}): { lastOwn: bigint; nextOwn: bigint; hubBook: string | undefined; closedBooks: string[] } {
  const lastOwn = first(db, q.selectFrom('trades').select(sql<bigint | null>`max(receipt_no)`.as('n')).where('receipt_no', '<=', BASE))?.n ?? 0n;
  const earlier = first(db, q.selectFrom('receipt_restarts').select(sql<bigint | null>`max(next_own)`.as('n')))?.n ?? 0n;
  const from = lastOwn > earlier ? lastOwn : earlier;
  const nextOwn = (from / RESTART_GAP + 2n) * RESTART_GAP + 1n;
  const top = first(db, q.selectFrom('trades').select(sql<bigint | null>`max(receipt_no)`.as('n')).where('receipt_no', '>', BASE))?.n ?? null;
  const book = top === null ? undefined : bookOf(db, top);
  run(db, q.insertInto('receipt_restarts').values({ at, actor, last_own: lastOwn, next_own: nextOwn, hub_book: book?.code ?? null, hub_last: book ? top : null }));
  const closedBooks = book ? [book.code] : [];
  if (opts.everyBookOf !== undefined) {
    const held = all(db, q.selectFrom('receipt_books').select(['code', 'first_no', 'last_no']).where('terminal_id', '=', opts.everyBookOf)
      .where('returned_at', 'is', null).orderBy('first_no'));
    for (const b of held) {
      if (closedBooks.includes(b.code)) continue;
      const last = first(db, q.selectFrom('trades').select(sql<bigint | null>`max(receipt_no)`.as('n'))
        .where('receipt_no', '>=', b.first_no).where('receipt_no', '<=', b.last_no))?.n ?? null;
      run(db, q.insertInto('receipt_restarts').values({ at, actor, last_own: lastOwn, next_own: nextOwn, hub_book: b.code, hub_last: last ?? b.first_no - 1n }));
      closedBooks.push(b.code);
    }
  }
  return { lastOwn, nextOwn, hubBook: book?.code, closedBooks };
}

/**
 * A book from the hub, or its return, inside the caller's transaction (hubSync/apply.ts). The
 * trigger refuses a book whose range changed and a second return; a change already held (an
 * answer read twice) changes nothing.
 */
export function storeReceiptBook(db: Database, b: ReceiptBookChange, version: string): void {
  const row = {
    code: b.code, terminal_id: b.terminalId, first_no: BigInt(b.firstNo), last_no: BigInt(b.lastNo), issued_by: b.issuedBy, issued_at: b.issuedAt,
    returned_at: b.returnedAt, unused_from: b.unusedFrom === null ? null : BigInt(b.unusedFrom), version: BigInt(version), reserve: b.reserve === true ? 1n : 0n,
  };
  const held = first(db, q.selectFrom('receipt_books').select(['returned_at', 'version']).where('code', '=', b.code));
  if (held && (held.version >= row.version || (held.returned_at !== null && row.returned_at === null))) return;
  // The whole book written again: the trigger refuses one whose range or counter the hub changed.
  const { code: _code, ...rest } = row;
  if (held) run(db, q.updateTable('receipt_books').set(rest).where('code', '=', b.code));
  else run(db, q.insertInto('receipt_books').values(row));
}

/**
 * The book a number is of, and the counter it was issued to (this one, or another of the outlet's,
 * whose books this counter keeps to print and name their numbers); undefined: the counter's own
 * book, or a book this counter does not hold (another outlet's counter's, or none).
 */
export function bookOf(db: Database, receiptNo: bigint): (BookRange & { terminalId: string }) | undefined {
  if (receiptNo <= BASE) return undefined;
  const b = first(db, q.selectFrom('receipt_books').select(['code', 'terminal_id', 'first_no', 'last_no']).where('first_no', '<=', receiptNo).orderBy('first_no', 'desc').limit(1));
  return b && receiptNo <= b.last_no ? { code: b.code, firstNo: Number(b.first_no), lastNo: Number(b.last_no), terminalId: b.terminal_id } : undefined;
}

/** The number as printed on the receipt: its book's code and number, or the plain number of the counter's own book. */
export function receiptText(db: Database, receiptNo: bigint): string {
  return printedReceiptNo(Number(receiptNo), bookOf(db, receiptNo));
}

/** A range of numbers a restore closed: numbers that may be on paper the restored ledger does not hold. */
export interface ClosedRange {
  from: bigint;
  to: bigint;
  /** When the restore closed it: a paper receipt of it was printed before. */
  closedAt: string;
}

/**
 * The ranges restores closed (restartNumbering): after the backup's last number of the counter's own
 * book, when the backup was numbering in it, up to the new own book; after the last number of each
 * hub book the restore closed, up to the book's end.
 */
export function closedRanges(db: Database): ClosedRange[] {
  const restarts = all(db, q.selectFrom('receipt_restarts').select(['at', 'last_own', 'next_own', 'hub_book', 'hub_last']).orderBy('id'));
  const out: ClosedRange[] = [];
  const restores = new Set<string>();
  for (const r of restarts) {
    // The first row of a restore says the book it was numbering in: its own (no hub book) or a hub book.
    const firstOfRestore = !restores.has(r.at);
    restores.add(r.at);
    if (firstOfRestore && r.hub_book === null && r.next_own > r.last_own + 1n) out.push({ from: r.last_own + 1n, to: r.next_own - 1n, closedAt: r.at });
    if (r.hub_book === null) continue;
    const b = first(db, q.selectFrom('receipt_books').select(['first_no', 'last_no']).where('code', '=', r.hub_book));
    if (b) out.push({ from: (r.hub_last ?? b.first_no - 1n) + 1n, to: b.last_no, closedAt: r.at });
  }
  return out;
}

/**
 * Where a paper receipt goes when it is entered under its own number (trades.enterPaper): the
 * closed range that holds its number, and the next number of that range to be entered, in number
 * order (同本水单不得跳号使用); `after`: the time of the receipt before it, which it cannot precede.
 * Undefined: the number is in no closed range.
 */
export function paperSlot(db: Database, receiptNo: bigint): (ClosedRange & { next: bigint; after: string | undefined }) | undefined {
  const range = closedRanges(db).find((r) => receiptNo >= r.from && receiptNo <= r.to);
  if (!range) return undefined;
  const top = first(db, q.selectFrom('trades').select(sql<bigint | null>`max(receipt_no)`.as('n')).where('receipt_no', '>=', range.from).where('receipt_no', '<=', range.to))?.n ?? null;
  const next = top === null ? range.from : top + 1n;
  const before = first(db, q.selectFrom('trades').select('created_at').where('receipt_no', '=', next - 1n))?.created_at;
  return { ...range, next, after: before };
}
