-- A reserve book per counter (issue 17 item 1: printed numbers name the book, unique in the
-- institution; the counter never stops offline). A counter holds the book it numbers in and one it
-- has not started; offline for longer than both last (a busy day is ~1,500 receipts, a book 1,000),
-- it numbers in its reserve book (10,000 numbers), issued with its first books and again when used
-- up. Only when even that is used up does it fall back to its own plain numbers.
ALTER TABLE hub_receipt_books ADD COLUMN reserve BOOLEAN NOT NULL DEFAULT FALSE;
