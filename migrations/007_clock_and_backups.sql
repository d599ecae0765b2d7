-- The terminal's clock mark: the latest time the terminal has recorded (electron/terminal/clock.ts).
--
-- Every receipt, back-fill deadline, business date and rate age is read from the PC clock. A clock
-- set back (a dead CMOS battery, a wrong manual change, someone "re-opening" yesterday) would date
-- trades before ones already written and put them in a closed day. At start and before every
-- write the terminal compares the clock with this mark; more than 2 minutes behind and it refuses
-- (CLOCK_BEHIND) until the clock is set right or a supervisor confirms the time (clock.confirm).
--
-- One row, moved forward as time passes, and set back only by a supervisor's confirmation. Not an
-- append-only history: the mark would otherwise take a row per write, and the history that matters
-- (who confirmed which time over which mark) is in the audit log, with the hash chain.
CREATE TABLE clock_mark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- toISOString() form (fixed width, UTC), so text order is time order.
  last_at TEXT NOT NULL,
  -- The confirmation that set the mark back, if the last change was one.
  confirmed_by TEXT,
  confirmed_at TEXT
);

-- An existing ledger starts from the latest time it already holds (both lookups are indexed: the
-- trades by time since 002, the audit log by its rowid).
INSERT INTO clock_mark (id, last_at)
  SELECT 1, max(at) FROM (
    SELECT max(created_at) AS at FROM trades
    UNION ALL SELECT at FROM (SELECT at FROM audit_log ORDER BY id DESC LIMIT 1)
  )
  HAVING max(at) IS NOT NULL;

-- Backups are files beside the ledger (electron/ledger/backup.ts); each one made, and each one
-- that failed its check, is in the audit log ('backup.create' / 'backup.failed').
