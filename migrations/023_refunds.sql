-- A refund on a later day (issue 19 item 2; docs/compliance-refund.md): a customer brings back the
-- receipt of an earlier day's trade and the counter reverses it as a NEW trade of today, opposite
-- in direction, at the original's rate and amounts, with its own receipt number (第三十五条), its
-- own postings and note movements. This table ties the two: the refund trade and the original it
-- reverses. One refund per original (a whole refund: UNIQUE original_trade_id); a refund is never
-- itself the original of another (the handler refuses it: trades/refund.ts). Written by
-- electron/terminal/trades/refund.ts only, append-only like voids: a refund is never changed or
-- undone (a mistake is a new trade).
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  trade_id TEXT NOT NULL UNIQUE REFERENCES trades (id),
  original_trade_id TEXT NOT NULL UNIQUE REFERENCES trades (id),
  original_receipt_no INTEGER NOT NULL UNIQUE,
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  teller_id TEXT NOT NULL,
  supervisor_id TEXT NOT NULL,
  business_date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK (trade_id <> original_trade_id),
  CHECK (supervisor_id <> teller_id)
);

CREATE TRIGGER refunds_never_changed BEFORE UPDATE ON refunds
BEGIN
  SELECT RAISE(ABORT, 'refunds are append-only: a refund never changes');
END;
CREATE TRIGGER refunds_never_deleted BEFORE DELETE ON refunds
BEGIN
  SELECT RAISE(ABORT, 'refunds are append-only: a refund is never deleted');
END;
