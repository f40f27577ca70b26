-- Pre-counted figures (issue 19, part 4): what the dashboards count, kept per IST day in the
-- same transaction as each change to a case, so that a state's dashboard adds up thousands of
-- rows instead of reading its cases. Two tables, the same rows at two grains: by district
-- (for a state's page) and by district and department (for a district's page). Each row is
-- one set of cases on one day: 'r' filed that day, 'd' disposed of that day, 'o' open and due
-- that day, 'e' open, not paused and promised (ETA) for that day; what c1..c14 count in each
-- set is written down once, in store/stats/counted/facts.rs. District 0 is a case filed
-- at state level (no district). Kept in lock-step with the other engine's file of the same name.
CREATE TABLE figures_by_district (
    set_code TEXT NOT NULL,
    day BIGINT NOT NULL,
    state_id BIGINT NOT NULL,
    district_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    c1 BIGINT NOT NULL DEFAULT 0,
    c2 BIGINT NOT NULL DEFAULT 0,
    c3 BIGINT NOT NULL DEFAULT 0,
    c4 BIGINT NOT NULL DEFAULT 0,
    c5 BIGINT NOT NULL DEFAULT 0,
    c6 BIGINT NOT NULL DEFAULT 0,
    c7 BIGINT NOT NULL DEFAULT 0,
    c8 BIGINT NOT NULL DEFAULT 0,
    c9 BIGINT NOT NULL DEFAULT 0,
    c10 BIGINT NOT NULL DEFAULT 0,
    c11 BIGINT NOT NULL DEFAULT 0,
    c12 BIGINT NOT NULL DEFAULT 0,
    c13 BIGINT NOT NULL DEFAULT 0,
    c14 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (set_code, day, state_id, district_id, channel)
) ;

CREATE TABLE figures_by_department (
    state_id BIGINT NOT NULL,
    district_id BIGINT NOT NULL,
    set_code TEXT NOT NULL,
    day BIGINT NOT NULL,
    department_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    c1 BIGINT NOT NULL DEFAULT 0,
    c2 BIGINT NOT NULL DEFAULT 0,
    c3 BIGINT NOT NULL DEFAULT 0,
    c4 BIGINT NOT NULL DEFAULT 0,
    c5 BIGINT NOT NULL DEFAULT 0,
    c6 BIGINT NOT NULL DEFAULT 0,
    c7 BIGINT NOT NULL DEFAULT 0,
    c8 BIGINT NOT NULL DEFAULT 0,
    c9 BIGINT NOT NULL DEFAULT 0,
    c10 BIGINT NOT NULL DEFAULT 0,
    c11 BIGINT NOT NULL DEFAULT 0,
    c12 BIGINT NOT NULL DEFAULT 0,
    c13 BIGINT NOT NULL DEFAULT 0,
    c14 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (state_id, district_id, set_code, day, department_id, channel)
) ;

-- What the counted figures were last checked against: the Right to Service categories they
-- count (a change of that list makes them wrong until recounted, and the dashboards read the
-- cases meanwhile), when they were checked, and who is recounting them now (a lease, so that
-- two nodes never correct them at once).
CREATE TABLE figures_counted (
    id BIGINT PRIMARY KEY,
    rts_categories TEXT,
    checked_at BIGINT,
    recount_until BIGINT NOT NULL DEFAULT 0
);
INSERT INTO figures_counted (id, rts_categories, checked_at, recount_until) VALUES (1, NULL, NULL, 0);

-- The open cases by the date their officer promised, for "ETAs missed now": few (a case has
-- no ETA when filed), so filing never writes to it.
CREATE INDEX grievances_open_eta ON grievances(eta)
    WHERE eta IS NOT NULL AND status NOT IN ('disposed', 'closed');
