-- Pre-counted figures, version 2 (issue 19, part 4).
--
-- The department table keeps its rows in four margins, told apart by the set code's suffix:
-- by every key (no suffix), with the portals added up ('a', channel ''), with the departments
-- added up ('c', department 0), and with both ('t'). A state's own rows, by portal ('c') and
-- in all ('t'), are kept apart in figures_by_state, in place of figures_by_district (whose
-- rows by district and portal are the department table's 'c' rows). So a state's page reads
-- its districts' totals and its portals' totals instead of one row for each district and
-- portal. The due set's c3 now counts the open cases with a joint department's part pending,
-- which were read from the parts and their cases, a lookup per case.
--
-- What a database's rows count is recorded in figures_counted.counted_version: 1, as
-- migration 31 counted them; the dashboards read them as such (the department table's rows
-- by every key, the parts from their table) until the worker's first recount (within a
-- minute) has counted version 2 and set it. Kept in lock-step with the other engine's file of
-- the same name.
DROP TABLE figures_by_district;

CREATE TABLE figures_by_state (
    set_code TEXT NOT NULL,
    day BIGINT NOT NULL,
    state_id BIGINT NOT NULL,
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
    PRIMARY KEY (set_code, day, state_id, channel)
);

ALTER TABLE figures_counted ADD COLUMN counted_version BIGINT NOT NULL DEFAULT 1;
