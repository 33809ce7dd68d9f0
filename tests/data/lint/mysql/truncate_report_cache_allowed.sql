-- expect: none
-- strata:up
# strata:allow truncate rebuilt every night by the reporting job; empty is a valid state
TRUNCATE TABLE report_cache;
