-- Words people use for a category, in both languages and in Hindi typed in Latin letters,
-- `;`-separated: the category search finds "पानी", "water" or "nal" under the water categories
-- (issue 17, part 4). Kept in lock-step with the other engine's file of the same name.
ALTER TABLE categories ADD COLUMN synonyms TEXT NOT NULL DEFAULT '';
