-- The web application. Kept in lock-step with ../postgres/0004_web.sql.

-- The language a user chose for the screens (hi or en); NULL until they choose.
ALTER TABLE users ADD COLUMN language TEXT;

-- Settings every node shares: the key that signs cookies and links, the master-data version that
-- tells other nodes to reload after an administrator's change.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every change an administrator makes outside a case (master data, users, tokens, the outbox),
-- append-only: cases have their own hash-chained events.
CREATE TABLE admin_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_user_id INTEGER REFERENCES users(id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX admin_log_at ON admin_log(at);
