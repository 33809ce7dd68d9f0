-- expect: lock-timeout-off
-- strata:up
SET lock_timeout = 0;
ALTER TABLE orders ADD COLUMN gift_note text;
