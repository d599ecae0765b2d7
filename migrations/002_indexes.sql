-- Indexes the benchmark showed missing (test/bench, npm run bench; plans in test/query-plans.test.ts).
--
-- The risk prompts look at every trade of the outlet in the last 30 minutes (linked people,
-- 第三十七条; trades.ts outletRecent: business_date >= ? AND created_at >= ?). With trades_by_date
-- alone, SQLite reads every trade of the day and looks each one up to test its time: on a busy
-- day a quote and its commit each read ~2,800 rows by evening. By time, they read the window.
CREATE INDEX trades_by_time ON trades (created_at);
