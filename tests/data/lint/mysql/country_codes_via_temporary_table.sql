-- expect: none
-- strata:up
-- CREATE/DROP TEMPORARY TABLE do not commit: the mapping and the update are one transaction.
CREATE TEMPORARY TABLE tmp_country_map (
  old_code CHAR(3) NOT NULL PRIMARY KEY,
  new_code CHAR(2) NOT NULL
);
INSERT INTO tmp_country_map (old_code, new_code) VALUES ('DEU', 'DE'), ('FRA', 'FR'), ('NLD', 'NL');
UPDATE customers
   SET country = (SELECT new_code FROM tmp_country_map WHERE old_code = customers.country)
 WHERE country IN (SELECT old_code FROM tmp_country_map);
DROP TEMPORARY TABLE tmp_country_map;
