-- expect: none
-- strata:up
UPDATE orders
   SET region = 'EU'
 WHERE country IN (SELECT code FROM countries WHERE continent = 'Europe')
   AND region IS NULL;
