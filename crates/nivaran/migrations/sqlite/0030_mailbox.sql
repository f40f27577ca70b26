-- E-mail as a door (issue 18, part 6): a message read from the mailbox is a post in the SMGT
-- desk's queue (platform 'email'); its attachments, checked as uploads are, are kept in the
-- file store and named here, and become the case's documents when it is filed. Kept in
-- lock-step with the other engine's file of the same name.
CREATE TABLE social_post_files (
    post_id INTEGER NOT NULL REFERENCES social_posts(id),
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    PRIMARY KEY (post_id, sha256)
);
CREATE INDEX social_post_files_sha256 ON social_post_files(sha256);
