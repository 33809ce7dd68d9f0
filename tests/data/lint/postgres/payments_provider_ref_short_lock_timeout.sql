-- expect: none
-- strata:up
SET lock_timeout = '3s';
ALTER TABLE payments ADD COLUMN provider_ref text;

-- strata:down
SET lock_timeout = '3s';
ALTER TABLE payments DROP COLUMN IF EXISTS provider_ref;
