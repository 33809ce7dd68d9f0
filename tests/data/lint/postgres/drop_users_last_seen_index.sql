-- expect: drop-index-without-concurrently, create-index-without-concurrently
-- strata:up
DROP INDEX IF EXISTS users_last_seen_idx;

-- strata:down
CREATE INDEX users_last_seen_idx ON users (last_seen_at);
