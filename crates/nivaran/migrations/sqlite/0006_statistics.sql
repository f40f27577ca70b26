-- An index, and planner statistics. Kept in lock-step with ../postgres/0006_statistics.sql,
-- which also tells PostgreSQL how many events a case has; SQLite's planner reads its own
-- sampled statistics (sqlite_stat1), kept fresh by PRAGMA optimize.

-- The monthly limit counts a mobile number's filings since the first of the month: one index
-- answers both conditions.
DROP INDEX grievances_mobile;
CREATE INDEX grievances_mobile ON grievances(mobile, filed_at);
