-- expect: secret-in-literal
-- strata:up
CREATE USER 'etl'@'%' IDENTIFIED BY 'EtlLoader!2025';
GRANT SELECT, INSERT ON warehouse.* TO 'etl'@'%';
