-- expect: column-type-change
-- strata:up
-- sessions.user_id is INT(11) UNSIGNED NOT NULL today; users.id became BIGINT in 20260110.
ALTER TABLE sessions MODIFY COLUMN user_id BIGINT(20) UNSIGNED NOT NULL;
