-- Nivaran schema, SQLite flavour. Kept in lock-step with ../postgres/0001_register.sql: a test
-- compares their tables and columns. Times are INTEGER milliseconds since the epoch (UTC), flags are
-- INTEGER 0/1, so that both engines order and compare them the same way.

CREATE TABLE jurisdictions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES jurisdictions(id),
    level TEXT NOT NULL,
    depth INTEGER NOT NULL,
    state_id INTEGER,
    district_id INTEGER,
    name_en TEXT NOT NULL,
    name_hi TEXT NOT NULL
);
CREATE INDEX jurisdictions_parent ON jurisdictions(parent_id);

CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_hi TEXT NOT NULL
);

CREATE TABLE offices (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions(id),
    parent_id INTEGER REFERENCES offices(id),
    level INTEGER NOT NULL,
    nodal INTEGER NOT NULL DEFAULT 0,
    name_en TEXT NOT NULL,
    name_hi TEXT NOT NULL
);
CREATE INDEX offices_parent ON offices(parent_id);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    parent_id INTEGER REFERENCES categories(id),
    kind TEXT NOT NULL,
    deadline_days INTEGER NOT NULL,
    rts INTEGER NOT NULL DEFAULT 0,
    name_en TEXT NOT NULL,
    name_hi TEXT NOT NULL
);

CREATE TABLE routing_rules (
    id INTEGER PRIMARY KEY,
    rule_key TEXT NOT NULL UNIQUE,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    category_id INTEGER REFERENCES categories(id),
    jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions(id),
    office_id INTEGER NOT NULL REFERENCES offices(id)
);

CREATE TABLE holidays (
    id INTEGER PRIMARY KEY,
    state_id INTEGER NOT NULL REFERENCES jurisdictions(id),
    day TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_hi TEXT NOT NULL,
    UNIQUE (state_id, day)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    office_id INTEGER REFERENCES offices(id),
    jurisdiction_id INTEGER REFERENCES jurisdictions(id),
    mobile TEXT,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE INDEX users_mobile ON users(mobile);

CREATE TABLE auth_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    last_used_at INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE grievances (
    id INTEGER PRIMARY KEY,
    regno TEXT UNIQUE,
    legacy_number TEXT,
    citizen_name TEXT NOT NULL,
    mobile TEXT NOT NULL,
    email TEXT,
    address TEXT,
    jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions(id),
    district_id INTEGER,
    state_id INTEGER NOT NULL,
    latitude REAL,
    longitude REAL,
    kind TEXT NOT NULL,
    category_id INTEGER NOT NULL REFERENCES categories(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL,
    holding_office_id INTEGER REFERENCES offices(id),
    unrouted INTEGER NOT NULL DEFAULT 0,
    forwarded_to_id INTEGER REFERENCES offices(id),
    escalation_level INTEGER NOT NULL DEFAULT 1,
    escalated_to_id INTEGER REFERENCES offices(id),
    transfer_count INTEGER NOT NULL DEFAULT 0,
    reopen_count INTEGER NOT NULL DEFAULT 0,
    appealed INTEGER NOT NULL DEFAULT 0,
    eta INTEGER,
    atr_submitted INTEGER NOT NULL DEFAULT 0,
    atr_approved INTEGER NOT NULL DEFAULT 0,
    special_close TEXT NOT NULL DEFAULT 'none',
    disposal TEXT,
    disposed_at INTEGER,
    verification TEXT,
    filed_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    filed_by INTEGER REFERENCES users(id),
    version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX grievances_inbox ON grievances(holding_office_id, status, due_at);
CREATE INDEX grievances_escalated ON grievances(escalated_to_id, status);
CREATE INDEX grievances_forwarded ON grievances(forwarded_to_id);
CREATE INDEX grievances_mobile ON grievances(mobile);
CREATE INDEX grievances_district ON grievances(district_id, filed_at);
CREATE INDEX grievances_due ON grievances(status, due_at);

CREATE TABLE grievance_departments (
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    PRIMARY KEY (grievance_id, department_id)
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor_user_id INTEGER REFERENCES users(id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (grievance_id, seq)
);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    uploaded_at INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    UNIQUE (grievance_id, sha256)
);

-- Full-text search of subject and description. Devanagari vowel signs and viramas are declared
-- token characters, or unicode61 would split शिकायत into श, क, यत.
CREATE VIRTUAL TABLE grievances_fts USING fts5(
    subject, description,
    content = 'grievances', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 0 tokenchars 'ऀँंःऺऻ़ािीुूृॄॅॆेैॉॊोौ्ॎॏ॒॑॓॔ॕॖॗॢॣ'"
);
CREATE TRIGGER grievances_fts_insert AFTER INSERT ON grievances BEGIN
    INSERT INTO grievances_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;
CREATE TRIGGER grievances_fts_delete AFTER DELETE ON grievances BEGIN
    INSERT INTO grievances_fts(grievances_fts, rowid, subject, description) VALUES ('delete', old.id, old.subject, old.description);
END;
CREATE TRIGGER grievances_fts_update AFTER UPDATE OF subject, description ON grievances BEGIN
    INSERT INTO grievances_fts(grievances_fts, rowid, subject, description) VALUES ('delete', old.id, old.subject, old.description);
    INSERT INTO grievances_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;
