-- Category suggestions from the citizen's words (issue 17, part 3). Kept in lock-step with the
-- other engine's file of the same name.

-- The trained classifier (JSON of nivaran_domain::suggest::StoredClassifier). Only the newest
-- is used; every node loads it, so all answer alike. Training deletes the older ones.
CREATE TABLE suggest_models (
    id INTEGER PRIMARY KEY,
    trained_at INTEGER NOT NULL,
    -- Cases of history it learnt from.
    cases INTEGER NOT NULL,
    model TEXT NOT NULL
);

-- What a filing was shown as suggestions and whether it chose one of them, so the accuracy of
-- the suggestion is measured in use.
CREATE TABLE category_suggestions (
    grievance_id INTEGER PRIMARY KEY REFERENCES grievances(id),
    -- The category codes shown, best first, space-separated.
    shown TEXT NOT NULL,
    -- 1 for the first shown, 2, 3; NULL when the category chosen was not among them.
    chosen_rank INTEGER,
    channel TEXT NOT NULL,
    filed_at INTEGER NOT NULL
);
CREATE INDEX category_suggestions_filed ON category_suggestions(filed_at);
