-- A case transferred from, or also registered on, another grievance system carries that
-- system's reference (issue 18, part 4): a CPGRAMS registration number, a Saral or e-Office
-- file number, a Gram or Nagar Darshan reference. Found by the reference alone (people quote
-- it without the system). Kept in lock-step with the other engine's file of the same name.
ALTER TABLE grievances ADD COLUMN external_system TEXT;
ALTER TABLE grievances ADD COLUMN external_reference TEXT;
CREATE INDEX grievances_external_reference ON grievances(external_reference)
    WHERE external_reference IS NOT NULL;
