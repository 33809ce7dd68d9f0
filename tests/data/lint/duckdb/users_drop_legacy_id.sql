-- expect: drop-column
-- strata:up
ALTER TABLE users DROP COLUMN IF EXISTS legacy_id;
