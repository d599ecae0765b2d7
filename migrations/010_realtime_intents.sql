-- Real-time entries the terminal is about to make (第三十二条(一)), each written in its own
-- transaction before the request leaves (trades.ts commit). The entry reaches SAFE before the
-- trade is committed (第三十六条: entry (二), then the trade (三)); a kill, or a commit that fails,
-- in between would leave SAFE holding an entry the terminal has no trade for, counted against the
-- customer's day and annual quota. The intent is the trace of it: one without its trade is
-- resolved (monitoring/intents.ts, the sync loop): cancelled at SAFE (reason 06, remark
-- 系统记账失败) or found never to have reached it: the checking and correcting of 第三十二条(五).
--
-- State-bearing rather than append-only, on purpose: the sync loop looks for the unresolved ones
-- every round, and a partial index on state holds only those (none, most of the time), where an
-- append-only pair of tables would have it read every intent ever made to find them. The
-- triggers keep it as trustworthy as an append-only table: what an intent says never changes, it
-- is never deleted, its state only moves forward (open → committed | cancelling | not_at_safe;
-- cancelling → cancelled | not_at_safe), a resolved one never changes again, and a reference
-- number once known is never replaced. Every resolution but the commit (recorded by the trade's
-- own audit entry, in the same transaction) is audited by the one module that writes the table.
CREATE TABLE realtime_intents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  trade_id TEXT NOT NULL,
  -- The entry's serial, by which SAFE is asked about it: the trade id (monitoring/entry.ts).
  serial TEXT NOT NULL CHECK (serial = trade_id),
  trade_type TEXT NOT NULL CHECK (trade_type IN ('JH', 'GH')),
  -- The entry as sent (MonitoringEntry, JSON).
  payload TEXT NOT NULL,
  business_date TEXT NOT NULL,
  teller_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'committed', 'cancelling', 'cancelled', 'not_at_safe')),
  -- SAFE's reference number, when known: from the register's answer, or found by the serial.
  ref_no TEXT,
  -- The cancel's tries (state cancelling), as the outbox's.
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX realtime_intents_by_trade ON realtime_intents (trade_id);
-- At most one intent per serial that SAFE may hold: a commit sent again must not enter the serial
-- anew while a cancel that looks it up is due (only one found never to have reached SAFE may be
-- followed by another).
CREATE UNIQUE INDEX realtime_intents_one_live ON realtime_intents (trade_id) WHERE state <> 'not_at_safe';
-- The sync loop's two questions (a query must say `state = 'open'` or `state = 'cancelling'`).
CREATE INDEX realtime_intents_open ON realtime_intents (id) WHERE state = 'open';
CREATE INDEX realtime_intents_cancelling ON realtime_intents (id) WHERE state = 'cancelling';

CREATE TRIGGER realtime_intents_keep_d BEFORE DELETE ON realtime_intents
BEGIN SELECT RAISE(ABORT, 'real-time intents are never deleted'); END;
CREATE TRIGGER realtime_intents_keep_content
BEFORE UPDATE OF id, trade_id, serial, trade_type, payload, business_date, teller_id, created_at ON realtime_intents
BEGIN SELECT RAISE(ABORT, 'what a real-time intent says never changes'); END;
CREATE TRIGGER realtime_intents_forward BEFORE UPDATE ON realtime_intents
WHEN NOT (
  (OLD.state = 'cancelling' AND NEW.state IN ('cancelling', 'cancelled', 'not_at_safe'))
  OR (OLD.state = 'open' AND NEW.state IN ('committed', 'cancelling', 'not_at_safe'))
) OR (OLD.ref_no IS NOT NULL AND NEW.ref_no IS NOT OLD.ref_no)
BEGIN SELECT RAISE(ABORT, 'a real-time intent only moves forward, and a resolved one never changes'); END;
