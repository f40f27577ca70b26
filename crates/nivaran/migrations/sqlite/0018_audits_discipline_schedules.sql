-- The weekly audit samples open cases too (seed 002: a stalling finding on a case still being
-- worked is told to its holder and counts against them), and disciplinary records follow what
-- audits and reviews find. Kept in lock-step with the other engine's file of the same name.

-- 'disposed' (the sample of a week's disposals) or 'open' (of cases long open). An open case's
-- audit has no disposal: its disposed_at is 0 and disposed_by names the officer who held it.
ALTER TABLE audits ADD COLUMN stage TEXT NOT NULL DEFAULT 'disposed';

-- A disciplinary record the reviewing authority keeps on an officer (seed 002): opened on what
-- audits or reviews found, then its steps (warning, show-cause notice, the officer's reply,
-- charge-sheet, outcome), each dated, with documents. Seen only by the authority who opened it
-- and by auditors; every change is also in admin_log (without its words).
CREATE TABLE disciplinary_records (
    id INTEGER PRIMARY KEY,
    officer_user_id INTEGER NOT NULL REFERENCES users(id),
    -- The officer's office when the record was opened.
    office_id INTEGER REFERENCES offices(id),
    authority_user_id INTEGER NOT NULL REFERENCES users(id),
    grounds TEXT NOT NULL,
    -- The registration numbers of the cases it is about, space-separated.
    cases TEXT NOT NULL DEFAULT '',
    opened_at INTEGER NOT NULL,
    -- Set by the outcome step: exonerated, censure, minor_penalty or major_penalty.
    outcome TEXT,
    outcome_on TEXT,
    closed_at INTEGER
);
CREATE INDEX disciplinary_records_officer ON disciplinary_records(officer_user_id);
CREATE INDEX disciplinary_records_authority ON disciplinary_records(authority_user_id);

CREATE TABLE disciplinary_steps (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES disciplinary_records(id),
    -- warning, show_cause, reply, charge_sheet or outcome
    kind TEXT NOT NULL,
    -- The date of the document (the notice's, the reply's), YYYY-MM-DD.
    on_date TEXT NOT NULL,
    text TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at INTEGER NOT NULL
);
CREATE INDEX disciplinary_steps_record ON disciplinary_steps(record_id);

-- The documents of a step, stored like case attachments (by the sha256 of their content).
CREATE TABLE disciplinary_documents (
    step_id INTEGER NOT NULL REFERENCES disciplinary_steps(id),
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    PRIMARY KEY (step_id, sha256)
);
CREATE INDEX disciplinary_documents_sha256 ON disciplinary_documents(sha256);

-- Review meetings held every week on a weekday (seeds 003, 004): the worker makes each one on
-- its day, its agenda generated that morning, chaired by whoever set the schedule; a meeting
-- made from a schedule names it, once per day.
CREATE TABLE review_schedules (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    -- 0 for Monday to 6 for Sunday (IST).
    weekday INTEGER NOT NULL,
    title TEXT NOT NULL,
    -- The first meeting's day (YYYY-MM-DD), made by hand with the schedule; the worker makes
    -- the later ones.
    starts_on TEXT NOT NULL,
    chaired_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    -- Set when the chair (or an administrator) stops it; no meeting is made after.
    stopped_at INTEGER
);
CREATE INDEX review_schedules_scope ON review_schedules(scope);
ALTER TABLE review_meetings ADD COLUMN schedule_id INTEGER REFERENCES review_schedules(id);
CREATE UNIQUE INDEX review_meetings_schedule_day ON review_meetings(schedule_id, held_on);
