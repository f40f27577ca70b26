-- Kept in lock-step with ../postgres/0007_listing_indexes.sql. PostgreSQL gets a list of the
-- search index's words there; SQLite has one already (grievances_fts_words, migration 0005).

-- Only forwarded cases in the index of forwarded cases: with every other case in it under
-- NULL, the statistics told the planner an office had hundreds of cases forwarded to it, and
-- on a smaller database an officer's inbox scanned every overdue case in the state instead.
DROP INDEX grievances_forwarded;
CREATE INDEX grievances_forwarded ON grievances (forwarded_to_id) WHERE forwarded_to_id IS NOT NULL;
