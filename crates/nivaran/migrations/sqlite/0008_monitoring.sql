-- Verification calls and random audits. Kept in lock-step with ../postgres/0008_monitoring.sql.

-- Every call to a citizen after a disposal, answered or not. `round` is the case's reopen count
-- at the time, so a reopened case is called afresh after its next disposal; `day` (IST) tells
-- attempts on different days apart (three unanswered days make the citizen unreachable).
CREATE TABLE verification_calls (
    id INTEGER PRIMARY KEY,
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    round INTEGER NOT NULL,
    at INTEGER NOT NULL,
    day TEXT NOT NULL,
    verifier_user_id INTEGER REFERENCES users(id),
    outcome TEXT NOT NULL,
    remarks TEXT NOT NULL
);
CREATE INDEX verification_calls_grievance ON verification_calls(grievance_id, round);

-- The case a verifier is calling now, so that two verifiers are never given the same citizen.
CREATE TABLE verification_claims (
    grievance_id INTEGER PRIMARY KEY REFERENCES grievances(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    until INTEGER NOT NULL
);

-- The weekly random sample of disposed cases per office, and what the auditor found.
CREATE TABLE audits (
    id INTEGER PRIMARY KEY,
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    week TEXT NOT NULL,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    disposed_at INTEGER NOT NULL,
    disposed_by INTEGER REFERENCES users(id),
    sampled_at INTEGER NOT NULL,
    auditor_user_id INTEGER REFERENCES users(id),
    finding TEXT,
    note TEXT,
    decided_at INTEGER,
    UNIQUE (grievance_id, week)
);
CREATE INDEX audits_pending ON audits(decided_at, office_id);
CREATE INDEX audits_grievance ON audits(grievance_id);

-- Cases by the time of their disposal, for the dashboards' disposed figures.
CREATE INDEX grievances_disposed ON grievances(disposed_at);

-- A file sent with an e-mail (the weekly review report), as a path under the files directory.
ALTER TABLE outbox ADD COLUMN attachment TEXT;
