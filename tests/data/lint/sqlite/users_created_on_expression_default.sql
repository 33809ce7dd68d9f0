-- expect: add-column-refused
-- strata:up
ALTER TABLE users ADD COLUMN created_on TEXT DEFAULT (date('now'));
