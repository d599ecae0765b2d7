-- Fewer pages per trade (issue 21): every b-tree a trade's commit touches is at least one more
-- page written to the WAL, encrypted and fsynced (test/bench `--pages` names them: 38.9 pages a
-- trade before this). Indexes that no counter screen reads at a trade's pace are dropped, made
-- partial, or merged; what reads them is in test/query-plans.test.ts.

-- One index for the trades of a day and of the last minutes (2 pages a trade → 1): by business
-- date, then time. The day's trades (the day close, receipts, reports) read its first column; the
-- outlet's last 30 minutes (linked people, 第三十七条; facts.ts outletRecent) read
-- `business_date IN (the window's dates) AND created_at >= ?`.
DROP INDEX trades_by_time;
DROP INDEX trades_by_date;
CREATE INDEX trades_by_date ON trades (business_date, created_at);

-- The outbox keeps one index on state (outbox_by_state, 003): the rows still to send or needing
-- attention are few and are read through it (`id > 0`, its condition) and sorted by deadline.
DROP INDEX outbox_pending;

-- Postings by date alone (5.2 pages a trade → ~1): a trade's five postings land on four or five
-- leaves of an index by account (and of one by date then account: each account's postings of the
-- day are a run of their own), and on the last leaf of one by date. The one reader of postings by
-- account and date (balancesAt: every account since the last closed day) sums the span's postings
-- per account in one pass.
DROP INDEX postings_by_account;
CREATE INDEX postings_by_date ON postings (business_date);

-- The trail by action, without the actions a counter writes at every trade (1.7 pages a trade →
-- 0): those are read by time (audit_log_by_time), newest first, and are found at once. The rarer
-- actions (the archive, the receipt books, the examined breaks, the supervisor's filter) are read
-- by action with this very condition written into the query (electron/ledger/auditActions.ts
-- AUDIT_BY_ACTION_SKIPS, auditByAction), which is how SQLite knows a partial index serves it.
DROP INDEX audit_log_by_action;
CREATE INDEX audit_log_by_action ON audit_log (action, at)
  WHERE action NOT IN ('trade.commit', 'trade.attempt', 'customer.create', 'customer.update', 'monitoring.delivered', 'receipt.printed');
