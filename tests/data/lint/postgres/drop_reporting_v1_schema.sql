-- expect: drop-schema, irreversible-down
-- strata:up
DROP SCHEMA IF EXISTS reporting_v1 CASCADE;

-- strata:down
CREATE SCHEMA IF NOT EXISTS reporting_v1;
