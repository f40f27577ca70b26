-- Joint (inter-departmental) cases with parts of their own (issue 17, part 1). Kept in
-- lock-step with the other engine's file of the same name.

-- One joint department's part of a case: its office, holder, ETA, forwarding, escalation and
-- deadline. The case's events record every step; this row is the part's present state, as the
-- grievances row is the case's (the audit replays the one into the other).
CREATE TABLE case_parts (
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    office_id INTEGER NOT NULL REFERENCES offices(id),
    -- assigned, in_progress, forwarded, atr_submitted, waived (lifecycle::PartStatus).
    status TEXT NOT NULL,
    holder_user_id INTEGER,
    eta INTEGER,
    forwarded_to_id INTEGER,
    escalation_level INTEGER NOT NULL DEFAULT 1,
    escalated_to_id INTEGER,
    -- The part's own deadline: the category's working days from when the part was added.
    due_at INTEGER NOT NULL,
    escalated_at INTEGER,
    added_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (grievance_id, department_id)
);
-- A part's office finds its parts (its inbox), a supervisor those escalated to him, the sweep
-- and the figures the pending ones.
CREATE INDEX case_parts_office ON case_parts(office_id, status);
CREATE INDEX case_parts_forwarded ON case_parts(forwarded_to_id);
CREATE INDEX case_parts_escalated ON case_parts(escalated_to_id);
CREATE INDEX case_parts_pending ON case_parts(status, due_at);
