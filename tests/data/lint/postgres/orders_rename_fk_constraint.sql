-- expect: none
-- strata:up
ALTER TABLE orders RENAME CONSTRAINT orders_cust_fk TO orders_customer_id_fkey;

-- strata:down
ALTER TABLE orders RENAME CONSTRAINT orders_customer_id_fkey TO orders_cust_fk;
