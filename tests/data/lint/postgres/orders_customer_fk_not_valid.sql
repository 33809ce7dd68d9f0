-- expect: none
-- strata:up
ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT NOT VALID;

-- strata:down
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_customer_id_fkey;
