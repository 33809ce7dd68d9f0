-- expect: drop-database
-- strata:up transaction:false
DROP DATABASE IF EXISTS legacy_analytics;
