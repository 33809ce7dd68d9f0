-- expect: none
-- strata:up
CREATE OR REPLACE VIEW v_active_users AS
SELECT u.id, u.email, u.last_login_at
  FROM users u
 WHERE u.deleted_at IS NULL
   AND u.last_login_at > NOW() - INTERVAL 90 DAY;

-- strata:down
DROP VIEW IF EXISTS v_active_users;
