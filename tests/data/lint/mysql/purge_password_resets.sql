-- expect: none
-- strata:up
DELETE FROM password_resets WHERE created_at < NOW() - INTERVAL 1 DAY;
