-- expect: drop-not-null
-- strata:up
-- users_email_not_null (CHECK (email IS NOT NULL)) was added NOT VALID in 20260201 and
-- validated in 20260202: PostgreSQL 12+ uses it and does not scan the table for SET NOT NULL.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;

-- strata:down
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
