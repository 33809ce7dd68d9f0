-- expect: transaction-control
-- strata:up
INSERT INTO settings (name, value) VALUES ('checkout_v2', 'on');
COMMIT;
INSERT INTO settings (name, value) VALUES ('checkout_v1', 'off');
