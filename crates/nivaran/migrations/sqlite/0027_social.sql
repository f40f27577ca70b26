-- Social media as a door (issue 18, part 1): the SMGT desk's queue of posts and comments
-- addressed to the state's accounts, each once by its platform and the platform's id, with the
-- adapter it came through (via: x, meta or feed, the way its replies go back); its
-- triage (filed, linked to a case, the author asked for a number, dismissed with a reason), and
-- when it was first answered. Where a pulled platform got to is kept in social_cursors. The
-- replies are outbox messages of the channel 'social' addressed to 'platform:id', found by the
-- partial index. Kept in lock-step with the other engine's file of the same name.
CREATE TABLE social_posts (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    via TEXT NOT NULL,
    source_id TEXT NOT NULL,
    author_handle TEXT NOT NULL,
    author_name TEXT,
    text TEXT NOT NULL,
    url TEXT,
    posted_at INTEGER,
    received_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    grievance_id INTEGER REFERENCES grievances(id),
    dismiss_reason TEXT,
    triaged_by TEXT,
    triaged_at INTEGER,
    answered_at INTEGER,
    payload TEXT NOT NULL,
    UNIQUE (platform, source_id)
);
CREATE INDEX social_posts_received ON social_posts(received_at);
CREATE INDEX social_posts_status ON social_posts(status, received_at);
CREATE INDEX social_posts_grievance ON social_posts(grievance_id) WHERE grievance_id IS NOT NULL;
CREATE TABLE social_cursors (
    name TEXT PRIMARY KEY,
    position TEXT NOT NULL
);
CREATE INDEX outbox_social_recipient ON outbox(recipient) WHERE channel = 'social';
