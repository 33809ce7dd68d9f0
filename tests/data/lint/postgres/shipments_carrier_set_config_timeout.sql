-- expect: lock-timeout-off
-- strata:up
-- set_config(..., true) is SET LOCAL: lock_timeout 0 (no limit) for the rest of the transaction.
SELECT set_config('lock_timeout', '0', true);
ALTER TABLE shipments ADD COLUMN carrier text;
