-- What the exchange adapter (issue 18, part 4) took from another grievance portal: one row per
-- portal record it has seen, by the exchange's name and the record's reference there. A record
-- that could be filed points at its case; one that could not (a category the mapping does not
-- know, no description) keeps the portal's words and why, for an administrator to see, and is
-- tried again at every pull. Kept in lock-step with the other engine's file of the same name.
CREATE TABLE exchange_records (
    id INTEGER PRIMARY KEY,
    exchange TEXT NOT NULL,
    external_reference TEXT NOT NULL,
    status TEXT NOT NULL,
    grievance_id INTEGER REFERENCES grievances(id),
    error TEXT,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    UNIQUE (exchange, external_reference)
);
CREATE INDEX exchange_records_status ON exchange_records(status, last_seen_at);
