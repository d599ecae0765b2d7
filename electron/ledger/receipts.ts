// 第三十五条: receipt numbers run 1, 2, 3 … without a gap and are never reused. The next number
// is taken inside the trade's own write transaction (BEGIN IMMEDIATE holds the write lock), so a
// rolled-back trade takes no number and two writers can never take the same one.
import { sql } from 'kysely';
import { first, q, type Database } from './sql';

export function nextReceiptNo(db: Database): bigint {
  const row = first(db, q.selectFrom('trades').select(sql<bigint>`coalesce(max(receipt_no), 0) + 1`.as('next')));
  return row!.next;
}
