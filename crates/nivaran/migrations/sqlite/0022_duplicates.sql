-- Duplicate and repeat petitions (issue 17, part 2). Kept in lock-step with the other engine's
-- file of the same name.

-- A case linked as another's duplicate: closed while the link stands (lifecycle), counted once
-- in the figures, and told of the original's steps.
ALTER TABLE grievances ADD COLUMN duplicate_of INTEGER;
ALTER TABLE grievances ADD COLUMN status_before_link TEXT;
CREATE INDEX grievances_duplicate_of ON grievances(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- What the duplicate check found: a newer case and an earlier one it is likely the same as,
-- why (space-separated reason codes), how likely (score in thousandths), and what a person
-- decided (open, linked, dismissed).
CREATE TABLE duplicate_candidates (
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    original_id INTEGER NOT NULL REFERENCES grievances(id),
    reasons TEXT NOT NULL,
    score_millis INTEGER NOT NULL,
    -- The newer case's channel and district, for the figures and the nodal officer's list.
    channel TEXT NOT NULL,
    district_id INTEGER,
    found_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    decided_by INTEGER,
    decided_at INTEGER,
    decision_reason TEXT,
    PRIMARY KEY (grievance_id, original_id)
);
CREATE INDEX duplicate_candidates_status ON duplicate_candidates(status, district_id, found_at);
CREATE INDEX duplicate_candidates_original ON duplicate_candidates(original_id);

-- Where the duplicate check stands: the last case it looked at (what is committed is checked
-- once, on whichever node's worker gets there).
CREATE TABLE duplicate_check (
    id INTEGER PRIMARY KEY,
    last_id INTEGER NOT NULL
);
INSERT INTO duplicate_check (id, last_id) SELECT 1, COALESCE(MAX(id), 0) FROM grievances;

-- Citizens who attached themselves (or were attached by an operator) to an existing case
-- instead of filing the same grievance again: told of its steps as its own citizen is.
CREATE TABLE case_followers (
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    mobile TEXT NOT NULL,
    citizen_name TEXT NOT NULL,
    language TEXT NOT NULL,
    channel TEXT NOT NULL,
    attached_at INTEGER NOT NULL,
    attached_by INTEGER,
    PRIMARY KEY (grievance_id, mobile)
);
