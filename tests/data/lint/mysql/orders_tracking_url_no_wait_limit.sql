-- expect: lock-timeout-off
-- strata:up
SET SESSION lock_wait_timeout = 31536000;
ALTER TABLE orders ADD COLUMN tracking_url VARCHAR(500) NULL;

-- strata:down
ALTER TABLE orders DROP COLUMN tracking_url;
