-- expect: add-column-refused
-- strata:up
ALTER TABLE posts ADD COLUMN published_at TEXT DEFAULT CURRENT_TIMESTAMP;
