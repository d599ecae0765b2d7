-- Receipt books (第三十五条(三): 水单应连续编号, 同本水单不得跳号使用, 并登记领用; issue 17 item 1):
-- the books the institution's hub issued to the outlet's counters, as last pulled (hub migration
-- 011; shared/receipts.ts). Each is a range of the institution's one number space above
-- 1,000,000,000; this counter numbers only in its own, gaplessly, one book after another, and
-- never in one returned. The outlet's other counters' books are kept too: a receipt of theirs a
-- customer presents is printed with its book's code. Written by electron/ledger/receipts.ts.
-- A standalone terminal (no hub) has none and numbers 1, 2, 3 … in its own book, as before.
CREATE TABLE receipt_books (
  code TEXT PRIMARY KEY NOT NULL CHECK (code GLOB 'B[0-9][0-9][0-9][0-9]*'),
  terminal_id TEXT NOT NULL CHECK (length(terminal_id) BETWEEN 1 AND 64),
  first_no INTEGER NOT NULL CHECK (first_no > 1000000000),
  last_no INTEGER NOT NULL CHECK (last_no >= first_no),
  issued_by TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  -- Returned (its counter out of service): numbered in no more; unused_from .. last_no unused.
  returned_at TEXT,
  unused_from INTEGER,
  -- The hub-wide version of the change that brought it (or its return).
  version INTEGER NOT NULL CHECK (version > 0),
  CHECK ((returned_at IS NULL) = (unused_from IS NULL))
);
CREATE INDEX receipt_books_by_terminal ON receipt_books (terminal_id, first_no);
CREATE INDEX receipt_books_by_range ON receipt_books (first_no);

-- A book's range and counter never change, and a return is for good; a book is never deleted.
CREATE TRIGGER receipt_books_kept BEFORE UPDATE ON receipt_books
WHEN NEW.code IS NOT OLD.code OR NEW.terminal_id IS NOT OLD.terminal_id OR NEW.first_no IS NOT OLD.first_no
  OR NEW.last_no IS NOT OLD.last_no OR OLD.returned_at IS NOT NULL OR NEW.version <= OLD.version
BEGIN
  SELECT RAISE(ABORT, 'receipt_books: a book''s range never changes; only its return is recorded, once');
END;

CREATE TRIGGER receipt_books_never_deleted BEFORE DELETE ON receipt_books
BEGIN
  SELECT RAISE(ABORT, 'receipt_books: never deleted');
END;
