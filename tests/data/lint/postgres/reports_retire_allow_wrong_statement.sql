-- expect: rename-table, drop-table, many-locks-in-transaction
-- strata:up
-- strata:allow drop-table the exports are archived in the data lake since March
ALTER TABLE reports RENAME TO reports_retired;
DROP TABLE report_exports;
