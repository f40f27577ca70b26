-- Indexes that hold everything a dashboard figure reads, so that the figures of a district or
-- of the state are read from three narrow indexes instead of the wide case rows.
-- Kept in lock-step with ../sqlite/0009_dashboard_indexes.sql.
--
-- The dashboard counts three sets of cases, each found by its own index (store::stats):
-- the cases received in the period (by filing time), the cases disposed of in it (by disposal
-- time) and the cases open now (a partial index: about one case in sixteen is open).

CREATE INDEX grievances_filed_stats ON grievances(
    filed_at, state_id, district_id, jurisdiction_id, holding_office_id, department_id,
    category_id, reopen_count);

DROP INDEX grievances_disposed;
CREATE INDEX grievances_disposed_stats ON grievances(
    disposed_at, filed_at, due_at, state_id, district_id, jurisdiction_id, holding_office_id,
    department_id, category_id, status, atr_submitted, disposal, verification, eta)
    WHERE disposed_at IS NOT NULL;

CREATE INDEX grievances_open_stats ON grievances(
    district_id, due_at, filed_at, state_id, jurisdiction_id, holding_office_id, department_id,
    category_id, status)
    WHERE status NOT IN ('disposed', 'closed');
