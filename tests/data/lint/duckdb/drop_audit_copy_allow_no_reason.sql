-- expect: drop-table, allow-without-reason
-- strata:up
-- strata:allow drop-table
DROP TABLE audit_log_copy;
