-- expect: drop-schema
-- strata:up
DROP SCHEMA scratch CASCADE;
