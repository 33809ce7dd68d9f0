-- expect: update-without-where
-- strata:up
UPDATE orders o
  JOIN customers c ON c.id = o.customer_id
   SET o.customer_country = c.country;
