-- A log no one can quietly rewrite. Kept in lock-step with ../postgres/0013_audit_log.sql.

-- Every event of every case, in the order the worker logged it, with the running head of the
-- whole log: head(n) = sha256(head(n-1), n, event id, case id, event hash). A signed checkpoint
-- of one head, kept outside the database, vouches for every event before it.
CREATE TABLE log_entries (
    pos INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL UNIQUE,
    grievance_id INTEGER NOT NULL,
    event_hash TEXT NOT NULL,
    head TEXT NOT NULL,
    logged_at INTEGER NOT NULL
);

-- Signed checkpoints (Ed25519 over chain::checkpoint_message), also appended to a file and
-- e-mailed, and published at /public/audit/checkpoints.
CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY,
    pos INTEGER NOT NULL,
    head TEXT NOT NULL,
    at INTEGER NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
