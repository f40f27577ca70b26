-- The outbox delivers by priority (notify::messages::priority): a one-time password (0) before
-- what a person's action caused (1), before bulk (2: a batch of petitions, officers' reminders
-- and digests); an OTP waited 567 s behind 7,200 Jan Samvad registrations. Each channel's queue
-- is read in that order from its own index.
-- Kept in lock-step with the other engine's file of the same name.

ALTER TABLE outbox ADD COLUMN priority BIGINT NOT NULL DEFAULT 1;
CREATE INDEX outbox_queue ON outbox(status, channel, priority, next_attempt_at);
