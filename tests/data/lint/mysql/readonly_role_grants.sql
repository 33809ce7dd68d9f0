-- expect: none
-- strata:up
CREATE ROLE IF NOT EXISTS 'app_readonly';
GRANT SELECT ON shop.* TO 'app_readonly';

-- strata:down
DROP ROLE IF EXISTS 'app_readonly';
