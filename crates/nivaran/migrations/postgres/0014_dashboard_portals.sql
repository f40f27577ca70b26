-- The dashboard figures split and filtered by portal (channel), priority cell (from the channel)
-- and kind: the three indexes that hold everything a figure reads (0009) hold these columns too,
-- so a district's figures by portal are still read from the indexes alone.
-- Kept in lock-step with the other engine's file of the same name.

DROP INDEX grievances_filed_stats;
CREATE INDEX grievances_filed_stats ON grievances(
    filed_at, state_id, district_id, jurisdiction_id, holding_office_id, department_id,
    category_id, reopen_count, channel, kind);

DROP INDEX grievances_disposed_stats;
CREATE INDEX grievances_disposed_stats ON grievances(
    disposed_at, filed_at, due_at, state_id, district_id, jurisdiction_id, holding_office_id,
    department_id, category_id, status, atr_submitted, disposal, verification, eta, channel,
    kind)
    WHERE disposed_at IS NOT NULL;

DROP INDEX grievances_open_stats;
CREATE INDEX grievances_open_stats ON grievances(
    district_id, due_at, filed_at, state_id, jurisdiction_id, holding_office_id, department_id,
    category_id, status, channel, kind)
    WHERE status NOT IN ('disposed', 'closed');

-- CM-cell and VIP-cell cases head an inbox (ORDER BY their priority, then the due date): the
-- inbox index holds the priority, so an office's list is still read from the index alone.
DROP INDEX grievances_inbox;
CREATE INDEX grievances_inbox ON grievances(holding_office_id, status, due_at, priority);
