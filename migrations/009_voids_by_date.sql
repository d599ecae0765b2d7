-- The day close counts the day's voids (dayClose.prepare): by date, not by reading every void the
-- outlet ever made (found by the benchmark; test/query-plans.test.ts now counts voids as growing).
CREATE INDEX voids_by_date ON voids (business_date);
