-- expect: none
-- strata:up
DELIMITER $$
CREATE EVENT IF NOT EXISTS ev_purge_audit_log
ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 03:00:00'
DO
BEGIN
  DELETE FROM audit_log WHERE created_at < NOW() - INTERVAL 400 DAY LIMIT 10000;
END$$
DELIMITER ;

-- strata:down
DROP EVENT IF EXISTS ev_purge_audit_log;
