-- expect: none
-- strata:up
GRANT EXECUTE ON PROCEDURE shop.purge_expired_sessions TO 'app'@'10.%';

-- strata:down
REVOKE EXECUTE ON PROCEDURE shop.purge_expired_sessions FROM 'app'@'10.%';
