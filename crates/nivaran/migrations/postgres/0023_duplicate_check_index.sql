-- The duplicate check (issue 17) reads, for each new case, the open cases of its department in
-- its district, newest first, and those of its category at its place. Without an index of their
-- own both walked the district's open cases (tens of thousands at a state's scale) for every
-- case checked. The place, category and filing time are kept in the index so that the walk
-- reads no table row it will not keep. Kept in lock-step with the other engine's file of the
-- same name.
CREATE INDEX grievances_open_department ON grievances(district_id, department_id, id)
    INCLUDE (jurisdiction_id, category_id, filed_at)
    WHERE status NOT IN ('disposed', 'closed');
