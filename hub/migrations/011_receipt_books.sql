-- Receipt books (第三十五条(三): 水单应连续编号, 同本水单不得跳号使用, 并登记领用; issue 17 item 1;
-- ../shared/design/hub.md "Receipt books"): the hub issues each counter books of receipt numbers,
-- ranges of one institution-wide space above 1,000,000,000 (shared/receipts.ts HUB_RECEIPT_BASE),
-- never overlapping, so a number is unique in the institution. This table is the 登记领用 register:
-- which book went to which counter of which outlet, who issued it and when, and, for a book
-- returned before it was used up, the unused range (unused_from .. last_no). A book goes down to
-- the outlet's counters as a reference change of kind 'receiptBook' (hub/receiptBooks.ts).
CREATE TABLE hub_receipt_books (
  book_no BIGINT PRIMARY KEY CHECK (book_no > 0),
  code TEXT NOT NULL UNIQUE,
  outlet_code TEXT NOT NULL REFERENCES hub_outlets (code),
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  first_no BIGINT NOT NULL CHECK (first_no > 1000000000),
  last_no BIGINT NOT NULL CHECK (last_no >= first_no),
  issued_by TEXT NOT NULL,
  issued_at TIMESTAMPTZ NOT NULL,
  returned_at TIMESTAMPTZ,
  returned_by TEXT,
  -- The first number not used when it was returned (last_no + 1: every number used).
  unused_from BIGINT,
  CHECK ((returned_at IS NULL) = (unused_from IS NULL) AND (returned_at IS NULL) = (returned_by IS NULL)),
  CHECK (unused_from IS NULL OR unused_from BETWEEN first_no AND last_no + 1)
);
CREATE INDEX hub_receipt_books_by_terminal ON hub_receipt_books (terminal_id, first_no);
CREATE INDEX hub_receipt_books_by_outlet ON hub_receipt_books (outlet_code, book_no);

-- A book's range and owner never change; only its return is recorded, once.
CREATE FUNCTION hub_receipt_books_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'hub_receipt_books: a book issued stays in the register'; END IF;
  IF NEW.book_no <> OLD.book_no OR NEW.code <> OLD.code OR NEW.outlet_code <> OLD.outlet_code OR NEW.terminal_id <> OLD.terminal_id
     OR NEW.first_no <> OLD.first_no OR NEW.last_no <> OLD.last_no OR NEW.issued_by <> OLD.issued_by OR NEW.issued_at <> OLD.issued_at
     OR OLD.returned_at IS NOT NULL THEN
    RAISE EXCEPTION 'hub_receipt_books: only a return is recorded, once';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER hub_receipt_books_kept BEFORE UPDATE OR DELETE ON hub_receipt_books
  FOR EACH ROW EXECUTE FUNCTION hub_receipt_books_kept();

ALTER TABLE hub_changes DROP CONSTRAINT hub_changes_kind_check;
ALTER TABLE hub_changes ADD CONSTRAINT hub_changes_kind_check CHECK (kind IN ('person', 'rate', 'calendar', 'conversionTable', 'policy', 'outlet', 'receiptBook'));
