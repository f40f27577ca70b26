-- Other systems talking to Nivaran: Open311 GeoReport v2. Kept in lock-step with
-- ../postgres/0010_open311.sql.

-- A key per integration (a city app, a department's system), issued by an administrator. Only
-- the key's SHA-256 is kept: the key itself is shown once, when it is issued.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key_sha256 TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    revoked_at INTEGER
);

-- Questions a category asks beyond the common fields (Open311's service definition
-- attributes), set by an administrator and asked in the web form too. `choices` is a JSON
-- list of {key, name_en, name_hi} for the list datatypes.
CREATE TABLE category_attributes (
    id INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES categories(id),
    code TEXT NOT NULL,
    position INTEGER NOT NULL,
    datatype TEXT NOT NULL,
    required INTEGER NOT NULL,
    question_en TEXT NOT NULL,
    question_hi TEXT NOT NULL,
    choices TEXT NOT NULL,
    UNIQUE (category_id, code)
);

-- The answers a case was filed with.
CREATE TABLE grievance_attributes (
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (grievance_id, code)
);

-- Which integration filed a case: it alone sees the case's personal details through Open311.
CREATE TABLE integration_cases (
    grievance_id INTEGER PRIMARY KEY REFERENCES grievances(id),
    api_key_id INTEGER NOT NULL REFERENCES api_keys(id)
);
CREATE INDEX integration_cases_key ON integration_cases(api_key_id);

-- Outgoing webhooks: an integration is told of every status change of the cases it filed
-- (department_id NULL) or of one department's cases. Each change becomes an outbox message
-- per subscription, signed at delivery with the subscription's secret (HMAC-SHA256).
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    api_key_id INTEGER NOT NULL REFERENCES api_keys(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    department_id INTEGER REFERENCES departments(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX webhooks_department ON webhooks(department_id);

-- Where a jurisdiction's headquarters is (optional, from jurisdictions.csv): a request that
-- brings only coordinates is placed in the jurisdiction whose headquarters is nearest, when one
-- is close enough (store::master::place_at).
ALTER TABLE jurisdictions ADD COLUMN latitude REAL;
ALTER TABLE jurisdictions ADD COLUMN longitude REAL;
