-- The queue screen's list of one state, newest first (monitoring/queue.ts queueList:
-- WHERE state = ? ORDER BY id DESC LIMIT ?). With outbox_pending (state, deadline_at) alone,
-- SQLite finds every row of the state and sorts them by id before it keeps the first page: on a
-- busy outlet's five-year ledger, 2.7 million delivered rows and 2.3 s for `queue.list` with
-- state 'delivered' (test/bench). By (state, id), it reads the page and stops.
CREATE INDEX outbox_by_state ON outbox (state, id);
