-- One-time passwords, rate limits and e-mail addresses for officers. Kept in lock-step with
-- ../postgres/0003_citizens.sql.

-- One-time passwords sent by SMS; only a hash of the code is kept.
CREATE TABLE otps (
    id INTEGER PRIMARY KEY,
    mobile TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    consumed_at INTEGER
);
CREATE INDEX otps_mobile ON otps(mobile, created_at);

-- Fixed-window counters (per mobile, per IP address, …) that hold across nodes.
CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

ALTER TABLE users ADD COLUMN email TEXT;
