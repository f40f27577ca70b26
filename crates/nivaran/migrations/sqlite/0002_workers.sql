-- Workers, deadlines and notifications. Kept in lock-step with ../postgres/0002_workers.sql.

-- When the case was last escalated, so the next level's window can be counted from it.
ALTER TABLE grievances ADD COLUMN escalated_at INTEGER;

-- Recurring jobs (the deadline sweep, the officers' digest): one row each, claimed with a lease so
-- only one node runs a job at a time and a crashed node's lease simply runs out.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY,
    next_run_at INTEGER NOT NULL,
    locked_by TEXT,
    locked_until INTEGER,
    last_started_at INTEGER,
    last_finished_at INTEGER,
    last_error TEXT,
    runs INTEGER NOT NULL DEFAULT 0
);

-- Everything a sweep did to a case, once: escalation per level and round, reminders, RTS appeals.
-- The primary key is what makes a sweep idempotent across nodes and retries.
CREATE TABLE deadline_marks (
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    mark TEXT NOT NULL,
    at INTEGER NOT NULL,
    office_id INTEGER,
    PRIMARY KEY (grievance_id, mark)
);

-- The transactional outbox: written in the same transaction as the change that causes it,
-- delivered by a worker with retries, backoff and a dead-letter state.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    grievance_id INTEGER REFERENCES grievances(id),
    template_key TEXT NOT NULL,
    template_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    language TEXT NOT NULL,
    subject TEXT,
    body TEXT NOT NULL,
    encoding TEXT NOT NULL,
    segments INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_by TEXT,
    locked_until INTEGER,
    last_error TEXT,
    gateway_reference TEXT,
    delivery_status TEXT,
    delivered_at INTEGER,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_grievance ON outbox(grievance_id);
