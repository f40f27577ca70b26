-- Search within a place. Kept in lock-step with ../sqlite/0005_search.sql.
--
-- Each case is indexed with tokens naming its district and state (nvrd<id>, nvrs<id>) beside
-- its words, so "पानी in Jaipur" intersects two posting lists of the GIN index instead of finding
-- every case in the state that mentions water and then checking where each one is.

DROP INDEX grievances_search;
ALTER TABLE grievances DROP COLUMN search;
ALTER TABLE grievances ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', subject || ' ' || description
        || ' nvrd' || COALESCE(district_id, 0)::text || ' nvrs' || state_id::text)) STORED;
CREATE INDEX grievances_search ON grievances USING gin (search);
