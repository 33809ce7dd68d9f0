-- expect: transaction-control
-- strata:up
INSERT INTO settings VALUES ('export_format', 'parquet');
ROLLBACK;
INSERT INTO settings VALUES ('export_format', 'csv');
