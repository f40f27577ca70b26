-- Review meetings as records (seeds 000, 003, 004): a reviewer's meeting for a scope on a day,
-- its agenda frozen as generated from the figures of that moment, who attended, the minutes,
-- and the directions given (an owner, a text, a target date, and optionally the cases they
-- cover, each of which then carries the review target in its holder's inbox). The next meeting
-- of the scope reads each direction back as met, partly met or missed.
-- Kept in lock-step with the other engine's file of the same name.

CREATE TABLE review_meetings (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    chaired_by INTEGER NOT NULL REFERENCES users(id),
    -- The agenda as it stood when the meeting was made, in English and in Hindi (JSON).
    agenda TEXT NOT NULL,
    minutes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX review_meetings_scope ON review_meetings(scope, held_on);

CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL REFERENCES review_meetings(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    -- present, absent or deputy (sent someone in their place, named in note)
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, user_id)
);

CREATE TABLE directions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES review_meetings(id),
    owner_office_id INTEGER REFERENCES offices(id),
    owner_user_id INTEGER REFERENCES users(id),
    text TEXT NOT NULL,
    target_date TEXT NOT NULL,
    -- The end of the target date (IST), as the cases' disposal times are compared with it.
    target_end INTEGER NOT NULL,
    -- What chose its cases, as the reviewer said it ("pending over 7 days"), if any.
    cases_rule TEXT,
    -- For a direction without cases: met, partly or missed, as recorded at a later meeting.
    outcome TEXT,
    outcome_note TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX directions_meeting ON directions(meeting_id);
CREATE INDEX directions_owner_office ON directions(owner_office_id);
CREATE INDEX directions_owner_user ON directions(owner_user_id);

CREATE TABLE direction_cases (
    direction_id INTEGER NOT NULL REFERENCES directions(id),
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    PRIMARY KEY (direction_id, grievance_id)
);
CREATE INDEX direction_cases_grievance ON direction_cases(grievance_id);

-- The earliest target a review set on the case (shown in its holder's inbox).
ALTER TABLE grievances ADD COLUMN review_target_at INTEGER;
