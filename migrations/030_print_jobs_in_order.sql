-- The spool's pending jobs found by id, not through an index on state (issue 21, "≤ 15 pages per
-- trade"): print_jobs_pending (state) took ~1.1 WAL pages of every trade's commit, for a reader
-- that can do without it. The spool (electron/terminal/printer/spool.ts) takes jobs in id order, one
-- round after another, and a job it has taken (printing, done, failed) never becomes pending
-- again; so every job before the newest one it took has been taken, and what is left to print is
-- the jobs after that one. That job is found by reading the table backwards from its newest row
-- past the jobs not yet taken (and the paper receipts' jobs, trades/paper.ts, written done
-- without the spool), a few rows when the printer keeps up; then the jobs after it by id.
-- test/helpers/invariants.ts checks that no pending job comes before a job the spool took.
DROP INDEX print_jobs_pending;
