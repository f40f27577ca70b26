-- Planner statistics and an index. Kept in lock-step with ../sqlite/0006_statistics.sql.
--
-- ANALYZE samples 30,000 rows; with a few events per case among millions, it concludes that
-- each case has a hundred thousand events and plans a parallel scan (and JIT) for a timeline of
-- ten rows. Every case has about ten events, marks, messages or documents, and a mobile number
-- files a few grievances: say so.
ALTER TABLE events ALTER COLUMN grievance_id SET (n_distinct = -0.1);
ALTER TABLE deadline_marks ALTER COLUMN grievance_id SET (n_distinct = -0.3);
ALTER TABLE outbox ALTER COLUMN grievance_id SET (n_distinct = -0.3);
ALTER TABLE attachments ALTER COLUMN grievance_id SET (n_distinct = -0.5);
ALTER TABLE grievances ALTER COLUMN mobile SET (n_distinct = -0.5);

-- The monthly limit counts a mobile number's filings since the first of the month: one index
-- answers both conditions.
DROP INDEX grievances_mobile;
CREATE INDEX grievances_mobile ON grievances(mobile, filed_at);

ANALYZE events;
ANALYZE grievances;
