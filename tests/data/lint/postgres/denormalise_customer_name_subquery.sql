-- expect: update-without-where
-- strata:up
-- The WHERE is the subquery's: every order is rewritten.
UPDATE orders
   SET customer_name = (SELECT c.name FROM customers c WHERE c.id = orders.customer_id);

-- strata:down
-- customer_name is recomputed by the application.
