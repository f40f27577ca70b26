-- Kept in lock-step with ../postgres/0007_search_words.sql, which gives PostgreSQL a list of
-- the search index's words. SQLite has one already: grievances_fts_words (migration 0005).
SELECT 1;
