-- expect: none
-- strata:up
UPDATE orders o
  JOIN customers c ON c.id = o.customer_id
   SET o.region = c.region
 WHERE o.region IS NULL;
