-- expect: optimize-table
-- strata:up
OPTIMIZE TABLE sessions;
