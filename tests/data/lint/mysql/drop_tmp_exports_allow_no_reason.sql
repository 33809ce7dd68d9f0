-- expect: drop-table, allow-without-reason
-- strata:up
# strata:allow drop-table
DROP TABLE tmp_exports;
