-- A transaction's postings found by its date and id (issue 21, "≤ 15 pages per trade"): one index
-- where there were two. postings_by_txn (txn_id) took ~1.6 WAL pages of every trade's commit and
-- postings_by_date (business_date) ~1.4; one index by (business_date, txn_id) serves both readers:
--   - a span of days (balancesAt, the day close: every account since the last closed day) reads
--     its first column, as before;
--   - a transaction's own postings (a void's or a refund's reversal of its trade, the hub's event
--     of a trade, void, movement or transfer) read `business_date = ? AND txn_id = ?`: every
--     posting of a transaction carries the transaction's own date (accounts.ts `post`), and the
--     trade, void, movement or transfer that wrote them holds it, as for its notes (028). A
--     transfer's clearing, dated the day it was heard of or the first open day after, is found
--     from that day on (`business_date >= ?`).
-- Ids are ULIDs, made in time order: a trade's postings are appended to the index's last leaf.
-- The name is kept: the readers by date and the query-plan test name it.
DROP INDEX postings_by_txn;
DROP INDEX postings_by_date;
CREATE INDEX postings_by_date ON postings (business_date, txn_id);
