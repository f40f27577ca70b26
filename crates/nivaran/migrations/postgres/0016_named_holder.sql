-- A case is held by a named officer as well as an office (seed 002: the officer's own
-- responsibility), and an officer's changes of the date they promised are counted (seed 003).
-- The officer's figures are read from the three dashboard indexes like every other scope's, so
-- those hold the holder (and the open cases' index the ETA, for "ETAs missed now"; the filed
-- cases' index the status, for "social-media cases answered"; the open cases' index the
-- priority, so that a pending list, CM/VIP first, is sorted from the index alone); an officer's
-- "my cases" is read from an index of its own.
-- Kept in lock-step with the other engine's file of the same name.

ALTER TABLE grievances ADD COLUMN holder_user_id BIGINT REFERENCES users(id);
ALTER TABLE grievances ADD COLUMN eta_changes BIGINT NOT NULL DEFAULT 0;

DROP INDEX grievances_filed_stats;
CREATE INDEX grievances_filed_stats ON grievances(
    filed_at, state_id, district_id, jurisdiction_id, holding_office_id, department_id,
    category_id, reopen_count, channel, kind, holder_user_id, status);

DROP INDEX grievances_disposed_stats;
CREATE INDEX grievances_disposed_stats ON grievances(
    disposed_at, filed_at, due_at, state_id, district_id, jurisdiction_id, holding_office_id,
    department_id, category_id, status, atr_submitted, disposal, verification, eta, channel,
    kind, holder_user_id)
    WHERE disposed_at IS NOT NULL;

DROP INDEX grievances_open_stats;
CREATE INDEX grievances_open_stats ON grievances(
    district_id, due_at, filed_at, state_id, jurisdiction_id, holding_office_id, department_id,
    category_id, status, channel, kind, eta, holder_user_id, priority)
    WHERE status NOT IN ('disposed', 'closed');

CREATE INDEX grievances_holder ON grievances(holder_user_id, status, due_at, priority)
    WHERE holder_user_id IS NOT NULL;
