-- expect: none
-- strata:up transaction:false
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_lower_idx ON users (lower(email));

-- strata:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS users_email_lower_idx;
