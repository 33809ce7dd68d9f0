-- expect: drop-column, drop-index, irreversible-down
-- strata:up
ALTER TABLE users DROP COLUMN legacy_token, DROP INDEX idx_users_legacy_token;

-- strata:down
ALTER TABLE users ADD COLUMN legacy_token VARCHAR(64) NULL, ADD INDEX idx_users_legacy_token (legacy_token);
