-- expect: add-serial-column, add-column-position, change-primary-key
-- strata:up
-- legacy_logs has no primary key yet (InnoDB uses its hidden row id).
ALTER TABLE legacy_logs ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;
