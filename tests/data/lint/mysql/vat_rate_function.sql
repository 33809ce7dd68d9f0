-- expect: none
-- strata:up
DELIMITER $$
CREATE FUNCTION vat_cents(net_cents BIGINT, country CHAR(2)) RETURNS BIGINT
DETERMINISTIC
BEGIN
  RETURN CASE country
    WHEN 'DE' THEN ROUND(net_cents * 0.19)
    WHEN 'FR' THEN ROUND(net_cents * 0.20)
    ELSE 0
  END;
END$$
DELIMITER ;

-- strata:down
DROP FUNCTION IF EXISTS vat_cents;
