-- expect: none
-- strata:up
ALTER TABLE orders RENAME INDEX idx_cust TO idx_orders_customer_id;

-- strata:down
ALTER TABLE orders RENAME INDEX idx_orders_customer_id TO idx_cust;
