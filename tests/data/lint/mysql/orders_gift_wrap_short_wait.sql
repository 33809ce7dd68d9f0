-- expect: none
-- strata:up
SET SESSION lock_wait_timeout = 10;
ALTER TABLE orders ADD COLUMN gift_wrap TINYINT(1) NOT NULL DEFAULT 0;

-- strata:down
SET SESSION lock_wait_timeout = 10;
ALTER TABLE orders DROP COLUMN gift_wrap;
