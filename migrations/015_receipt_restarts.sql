-- A ledger restored from a backup never issues a number again (第三十五条(三); issue 17 item 6):
-- receipts printed after the backup was made are not in it. The restore (ledger/backupRestore.ts)
-- closes the book the backup was using and opens a new one, in the restore's own transaction: the
-- counter's own numbers go on from next_own, 100,000 past the next round hundred-thousand above the
-- backup's last (more than two months of a busy counter), and a hub book in use then (hub_book) is
-- numbered in no more: the counter takes its next. Written by electron/ledger/receipts.ts.
CREATE TABLE receipt_restarts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  -- The backup's last number of the counter's own book (0: none), and the first of its new own book.
  last_own INTEGER NOT NULL CHECK (last_own >= 0),
  next_own INTEGER NOT NULL CHECK (next_own > last_own AND next_own <= 1000000000),
  -- The hub book the backup was numbering in, closed, and its last number in the backup (NULL: none).
  hub_book TEXT,
  hub_last INTEGER,
  CHECK ((hub_book IS NULL) = (hub_last IS NULL))
);

CREATE TRIGGER receipt_restarts_append_only BEFORE UPDATE ON receipt_restarts
BEGIN
  SELECT RAISE(ABORT, 'receipt_restarts is append-only');
END;
CREATE TRIGGER receipt_restarts_never_deleted BEFORE DELETE ON receipt_restarts
BEGIN
  SELECT RAISE(ABORT, 'receipt_restarts is append-only');
END;
