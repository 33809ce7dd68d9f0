-- expect: none
-- strata:up
DELIMITER $$
CREATE PROCEDURE purge_expired_sessions(IN batch_size INT)
BEGIN
  DECLARE affected INT DEFAULT 1;
  WHILE affected > 0 DO
    DELETE FROM sessions WHERE expires_at < NOW() LIMIT batch_size;
    SET affected = ROW_COUNT();
  END WHILE;
  -- the old version did: DELETE FROM sessions; TRUNCATE TABLE sessions;
END$$
DELIMITER ;

-- strata:down
DROP PROCEDURE IF EXISTS purge_expired_sessions;
