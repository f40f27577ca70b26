-- The words of the search index, for turning a prefix into the few words it stands for.
-- Kept in lock-step with ../sqlite/0007_listing_indexes.sql (where FTS5 lists its own words).
--
-- A prefix query ('शिकायत':*) makes the GIN index gather every case in the state that holds
-- any word so beginning before it can intersect them with the place: 30 ms of CPU for a
-- common word. The same words asked for exactly ('शिकायत' | 'शिकायतें') are intersected
-- lazily, rarest list first: 5 ms. The application reads this table to expand a prefix.

CREATE TABLE search_words (word text COLLATE "C" PRIMARY KEY);

-- Place tokens (nvrd<id>, nvrs<id>, migration 0005) are not words anyone searches for.
INSERT INTO search_words
    SELECT DISTINCT w FROM grievances, unnest(tsvector_to_array(search)) AS w
    WHERE w !~ '^nvr[ds][0-9]+$';

-- Once per statement, not per row: a group of filings or a bulk import adds its new words in
-- one probe per distinct word. In word order, so two writers adding the same new words wait
-- for each other instead of deadlocking.
CREATE FUNCTION search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_words
        SELECT w FROM (
            SELECT DISTINCT w FROM added, unnest(tsvector_to_array(added.search)) AS w
        ) words
        WHERE w !~ '^nvr[ds][0-9]+$'
          AND NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = words.w)
        ORDER BY w
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- Only inserts: a case's subject and description are never changed once filed (a transfer
-- changes its place token, which is not a word).
CREATE TRIGGER grievances_search_words_insert AFTER INSERT ON grievances
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();

-- A search in a district, newest first: for a common word the planner walks this index
-- backwards and tests each case's words in the index itself, stopping at the page (or at the
-- count's cap) without visiting the table: 2 ms instead of 140 ms for 'समस्या' in a district of
-- 120,000 cases. A rare word still goes through the GIN index. It costs a second copy of the
-- search column (about 750 bytes a case); SQLite's full-text index holds the place token and
-- answers the same question by itself.
CREATE INDEX grievances_district_search ON grievances (district_id, id) INCLUDE (search);

-- Only forwarded cases in the index of forwarded cases (as on SQLite, where the statistics
-- misled the planner); an officer's inbox asks for cases forwarded to the office.
DROP INDEX grievances_forwarded;
CREATE INDEX grievances_forwarded ON grievances (forwarded_to_id) WHERE forwarded_to_id IS NOT NULL;
