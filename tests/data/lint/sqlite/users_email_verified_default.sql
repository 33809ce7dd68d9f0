-- expect: none
-- strata:up
ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;

-- strata:down
ALTER TABLE users DROP COLUMN email_verified;
