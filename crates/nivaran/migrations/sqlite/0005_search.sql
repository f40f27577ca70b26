-- Search within a place. Kept in lock-step with ../postgres/0005_search.sql.
--
-- Each case is indexed with tokens naming its district and state (nvrd<id>, nvrs<id>) beside
-- its words, so "पानी in Jaipur" intersects two posting lists instead of finding every case in
-- the state that mentions water and then looking each one up to see where it is.

DROP TRIGGER grievances_fts_insert;
DROP TRIGGER grievances_fts_delete;
DROP TRIGGER grievances_fts_update;
DROP TABLE grievances_fts;

-- Contentless and detail=none: the index keeps which cases hold which tokens, no text and no
-- positions (searches are words, not phrases), so the many-thousand-case lists of common words
-- merge several times faster. Place tokens cannot be confused with words (no word starts with
-- "nvrd"). Devanagari vowel signs and viramas are token characters, or unicode61 would split
-- शिकायत into श, क, यत.
CREATE VIRTUAL TABLE grievances_fts USING fts5(
    subject, description, place,
    content = '', contentless_delete = 1, detail = none,
    tokenize = "unicode61 remove_diacritics 0 tokenchars 'ऀँंःऺऻ़ािीुूृॄॅॆेैॉॊोौ्ॎॏ॒॑॓॔ॕॖॗॢॣ'"
);
CREATE TRIGGER grievances_fts_insert AFTER INSERT ON grievances BEGIN
    INSERT INTO grievances_fts(rowid, subject, description, place)
    VALUES (new.id, new.subject, new.description, 'nvrd' || COALESCE(new.district_id, 0) || ' nvrs' || new.state_id);
END;
CREATE TRIGGER grievances_fts_delete AFTER DELETE ON grievances BEGIN
    DELETE FROM grievances_fts WHERE rowid = old.id;
END;
CREATE TRIGGER grievances_fts_update AFTER UPDATE OF subject, description, district_id, state_id ON grievances BEGIN
    DELETE FROM grievances_fts WHERE rowid = old.id;
    INSERT INTO grievances_fts(rowid, subject, description, place)
    VALUES (new.id, new.subject, new.description, 'nvrd' || COALESCE(new.district_id, 0) || ' nvrs' || new.state_id);
END;
INSERT INTO grievances_fts(rowid, subject, description, place)
    SELECT id, subject, description, 'nvrd' || COALESCE(district_id, 0) || ' nvrs' || state_id FROM grievances;

-- The index's words, for turning a prefix into the few words it stands for: "शिकायत" into
-- शिकायत, शिकायतें, शिकायतों, each of which the index walks lazily, where a prefix query would
-- first gather every case holding any of them.
CREATE VIRTUAL TABLE grievances_fts_words USING fts5vocab(grievances_fts, 'row');
