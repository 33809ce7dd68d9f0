-- expect: none
-- strata:up
INSERT OR REPLACE INTO settings VALUES ('export_format', 'parquet');

-- strata:down
INSERT OR REPLACE INTO settings VALUES ('export_format', 'csv');
