-- A receipt book the hub issued as the counter's reserve (hub migration 018): numbered in only when
-- no other book of this counter has a number left (ledger/receipts.ts nextReceiptNo), so a counter
-- offline for days still prints numbers that name their book and are unique in the institution.
ALTER TABLE receipt_books ADD COLUMN reserve INTEGER NOT NULL DEFAULT 0 CHECK (reserve IN (0, 1));

-- Whether a book is the reserve never changes either.
DROP TRIGGER receipt_books_kept;
CREATE TRIGGER receipt_books_kept BEFORE UPDATE ON receipt_books
WHEN NEW.code IS NOT OLD.code OR NEW.terminal_id IS NOT OLD.terminal_id OR NEW.first_no IS NOT OLD.first_no
  OR NEW.last_no IS NOT OLD.last_no OR NEW.reserve IS NOT OLD.reserve OR OLD.returned_at IS NOT NULL OR NEW.version <= OLD.version
BEGIN
  SELECT RAISE(ABORT, 'receipt_books: a book''s range never changes; only its return is recorded, once');
END;
