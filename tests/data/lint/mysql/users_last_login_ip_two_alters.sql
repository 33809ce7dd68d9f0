-- expect: alter-same-table-twice, drop-index
-- strata:up
ALTER TABLE users ADD COLUMN last_login_ip VARCHAR(45) NULL;
ALTER TABLE users ADD INDEX idx_users_last_login_ip (last_login_ip);

-- strata:down
ALTER TABLE users DROP INDEX idx_users_last_login_ip;
ALTER TABLE users DROP COLUMN last_login_ip;
