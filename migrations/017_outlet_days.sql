-- The outlet's day closed over its counters (issue 17 item 5): sent down by the hub (a reference
-- change of kind 'outletDay', hub/outletDays.ts) when a supervisor closed the outlet at one of its
-- counters, every counter having closed that date or been excused. From then on nothing is dated to
-- that date at this counter either (terminal/dayLock.ts), closed here or excused. Written by
-- electron/terminal/dayClose/outletClose.ts; kept for good.
CREATE TABLE outlet_days (
  business_date TEXT PRIMARY KEY,
  closed_at TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  supervisor_id TEXT,
  -- The counter the outlet was closed at, and the counters excused with why: JSON [{terminalId, reason}].
  terminal_id TEXT NOT NULL,
  excused TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  applied_at TEXT NOT NULL
);

CREATE TRIGGER outlet_days_append_only BEFORE UPDATE ON outlet_days
BEGIN
  SELECT RAISE(ABORT, 'outlet_days is append-only');
END;
CREATE TRIGGER outlet_days_never_deleted BEFORE DELETE ON outlet_days
BEGIN
  SELECT RAISE(ABORT, 'outlet_days is append-only');
END;
