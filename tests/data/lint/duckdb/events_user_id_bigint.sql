-- expect: column-type-change
-- strata:up
ALTER TABLE events ALTER COLUMN user_id TYPE BIGINT;
