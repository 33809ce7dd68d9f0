-- expect: lock-table
-- strata:up
LOCK TABLE inventory IN SHARE ROW EXCLUSIVE MODE;
UPDATE inventory SET reserved = 0 WHERE reserved < 0;
