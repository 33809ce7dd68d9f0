-- expect: drop-database
-- strata:up
-- On MySQL a schema is a database: every table of legacy_reports goes.
DROP SCHEMA legacy_reports;
