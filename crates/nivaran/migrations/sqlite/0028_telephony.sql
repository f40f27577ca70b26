-- The 181 helpline's telephony (issue 18, part 3): each call the call centre's system told of
-- (a generic webhook, Exotel's or Asterisk's events), by its provider and the provider's call
-- id: the caller's number, the operator it rang for, how it went, its recording, and the case
-- filed during it. Outbound verification calls are calls too, placed for a case. Kept in
-- lock-step with the other engine's file of the same name.
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    call_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    caller TEXT NOT NULL,
    called TEXT,
    agent TEXT,
    status TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    answered_at INTEGER,
    ended_at INTEGER,
    recording_url TEXT,
    grievance_id INTEGER REFERENCES grievances(id),
    placed_by INTEGER REFERENCES users(id),
    payload TEXT NOT NULL,
    UNIQUE (provider, call_id)
);
CREATE INDEX calls_started ON calls(started_at);
CREATE INDEX calls_grievance ON calls(grievance_id) WHERE grievance_id IS NOT NULL;
