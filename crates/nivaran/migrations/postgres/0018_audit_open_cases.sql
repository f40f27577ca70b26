-- The weekly audit samples open cases too (seed 002: a stalling finding on a case still being
-- worked is told to its holder and counts against them), and disciplinary records follow what
-- audits and reviews find. Kept in lock-step with the other engine's file of the same name.

-- 'disposed' (the sample of a week's disposals) or 'open' (of cases long open). An open case's
-- audit has no disposal: its disposed_at is 0 and disposed_by names the officer who held it.
ALTER TABLE audits ADD COLUMN stage TEXT NOT NULL DEFAULT 'disposed';
