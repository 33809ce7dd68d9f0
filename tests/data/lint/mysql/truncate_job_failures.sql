-- expect: truncate
-- strata:up
TRUNCATE TABLE job_failures;
