-- expect: none
-- strata:up
-- users_email_uniq_idx was built CONCURRENTLY by 20260109120000.
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_uniq_idx;

-- strata:down
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_key;
