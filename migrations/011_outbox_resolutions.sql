-- What a supervisor decided for a back-fill the monitoring system refused for good (issue 14 item
-- 10): a small trade made offline (第三十二条(二)) for a person on the watch list without the notice
-- (answer 2002) or over the annual quota (answer 2001, 第三条) is refused when it is back-filled,
-- and sending the same entry again is refused again. The measures leave the way out to the
-- institution's own checking and correcting (第三十二条(五)); each way out taken is a row here,
-- written by the one module that writes the outbox (monitoring/resolve.ts), with its audit entry,
-- in one transaction with the outbox change it makes:
--   noticeGiven  the notice recorded at SAFE (its notice operation), the entry sent again with the
--                notice flag as a new outbox row (an outbox row's content never changes, 001), the
--                refused row marked not needed;
--   pageMode     entered on SAFE's web page (channel 41): its reference number, the row delivered;
--   reversed     the customer contacted and the trade undone outside the terminal: what was done,
--                the row not needed.
-- The day close lists them (dayClose.prepare, its summary and its print). Append-only.
CREATE TABLE outbox_resolutions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- The refused row, and its trade.
  outbox_id INTEGER NOT NULL REFERENCES outbox (id),
  trade_id TEXT NOT NULL REFERENCES trades (id),
  kind TEXT NOT NULL CHECK (kind IN ('noticeGiven', 'pageMode', 'reversed')),
  -- The refusal it answers: the row's last error as the monitoring system gave it.
  refusal TEXT NOT NULL,
  -- pageMode: the reference number (外管业务参号) SAFE's page returned.
  ref_no TEXT CHECK ((kind = 'pageMode') = (ref_no IS NOT NULL)),
  -- reversed: what was done with the customer.
  note TEXT CHECK ((kind = 'reversed') = (note IS NOT NULL)),
  -- noticeGiven: the person's status at SAFE when the notice was recorded (02 pre-watch, 03 watch
  -- list; 01 if no longer listed), and the outbox row that sends the entry again.
  person_status TEXT CHECK (person_status IS NULL OR person_status IN ('01', '02', '03')),
  resent_outbox_id INTEGER REFERENCES outbox (id),
  supervisor_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  -- The day it was resolved (China), for the day close.
  business_date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK ((kind = 'noticeGiven') = (resent_outbox_id IS NOT NULL AND person_status IS NOT NULL))
);
CREATE INDEX outbox_resolutions_by_date ON outbox_resolutions (business_date);
CREATE INDEX outbox_resolutions_by_trade ON outbox_resolutions (trade_id);
-- A refused row superseded by its resend (reconcile.ts reads a trade's current row) is found by row.
CREATE INDEX outbox_resolutions_by_row ON outbox_resolutions (outbox_id);
-- A page-mode reference number answers for one trade only.
CREATE UNIQUE INDEX outbox_resolutions_one_ref ON outbox_resolutions (ref_no) WHERE ref_no IS NOT NULL;

CREATE TRIGGER outbox_resolutions_append_only_u BEFORE UPDATE ON outbox_resolutions
BEGIN SELECT RAISE(ABORT, 'outbox resolutions are append-only'); END;
CREATE TRIGGER outbox_resolutions_append_only_d BEFORE DELETE ON outbox_resolutions
BEGIN SELECT RAISE(ABORT, 'outbox resolutions are append-only'); END;
