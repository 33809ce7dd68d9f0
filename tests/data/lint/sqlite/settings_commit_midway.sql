-- expect: transaction-control
-- strata:up
INSERT INTO settings (key, value) VALUES ('sync_v2', '1');
COMMIT;
INSERT INTO settings (key, value) VALUES ('sync_v1', '0');
