-- expect: none
-- strata:up
ANALYZE;
