-- expect: truncate-cascade
-- strata:up
TRUNCATE TABLE staging_accounts CASCADE;
