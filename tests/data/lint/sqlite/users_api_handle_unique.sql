-- expect: add-column-refused
-- strata:up
ALTER TABLE users ADD COLUMN api_handle TEXT UNIQUE;
