-- Filing that is safe to retry and leaves nothing behind. Kept in lock-step with
-- ../sqlite/0012_filing_safety.sql.

-- A filing's Idempotency-Key, per filer (user:ID, key:ID for an integration, mobile:NUMBER for
-- the anonymous web channel), written in the transaction of the case it filed; a retry within a
-- day gets that case back.
CREATE TABLE idempotency_keys (
    filer TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    grievance_id BIGINT NOT NULL REFERENCES grievances(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (filer, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- The sweep of unreferenced files asks, for each stored file, whether a document refers to it.
CREATE INDEX attachments_sha256 ON attachments(sha256);
