-- expect: none
-- strata:up
CREATE USER IF NOT EXISTS 'reporting'@'%' IDENTIFIED BY '${REPORTING_PASSWORD}';
GRANT SELECT ON shop.* TO 'reporting'@'%';

-- strata:down
DROP USER IF EXISTS 'reporting'@'%';
