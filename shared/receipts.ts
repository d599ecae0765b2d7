// Receipt numbers and receipt books (第三十五条(三): 水单应连续编号, 同本水单不得跳号使用, 并登记领用;
// issue 17 item 1; ../shared/design/hub.md "Receipt books").
//
// A receipt number is an integer. A standalone terminal numbers 1, 2, 3 … in its own book, as it
// always has. An institution's hub issues receipt books to counters: ranges of one number space
// above HUB_RECEIPT_BASE, never overlapping, so a number from a hub book is unique in the
// institution on its own and never meets a counter's own sequence (a terminal that numbered alone
// before it joined the hub keeps its numbers; a billion of them would take 1,800 years at 1,500 a
// day). The number printed names its book: "B0007-000123" is number 123 of the institution's
// space, in book B0007; a receipt of the counter's own book prints as its plain number.
import { z } from 'zod';

export const HUB_RECEIPT_BASE = 1_000_000_000;
/** Receipts per book unless HQ says otherwise; a day at a busy counter is ~1,500. */
export const DEFAULT_BOOK_SIZE = 1_000;
export const MAX_BOOK_SIZE = 100_000;

/** A book's code: 'B' and its number in the institution, four digits at least. */
export const bookCode = (bookNo: number | bigint): string => `B${String(bookNo).padStart(4, '0')}`;
export const bookCodeText = z.string().regex(/^B\d{4,12}$/, 'B and four or more digits (B0007)');

export interface BookRange {
  code: string;
  firstNo: number;
  lastNo: number;
}

/** The number as printed: the book's code and the number in the institution's space, or the plain number of the counter's own book. */
export function printedReceiptNo(no: number, book: BookRange | undefined): string {
  if (no <= HUB_RECEIPT_BASE) return String(no);
  const n = String(no - HUB_RECEIPT_BASE).padStart(6, '0');
  return book !== undefined && no >= book.firstNo && no <= book.lastNo ? `${book.code}-${n}` : `H-${n}`;
}

/**
 * A receipt number as the teller types it from a paper receipt: the plain number of a counter's
 * own book ("123"), or the printed form of a hub book's ("B0007-000123", the book's code and the
 * number). Anything else is not a receipt number (undefined): refused, never guessed at.
 */
export function parsePrintedReceiptNo(text: string): number | undefined {
  const t = text.trim().toUpperCase();
  if (/^[1-9]\d{0,8}$/.test(t)) return Number(t);
  const m = /^(?:B\d{4,12}|H)-(\d{1,12})$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 && HUB_RECEIPT_BASE + n <= Number.MAX_SAFE_INTEGER ? HUB_RECEIPT_BASE + n : undefined;
}
