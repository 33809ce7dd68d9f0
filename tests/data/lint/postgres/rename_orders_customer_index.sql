-- expect: none
-- strata:up
ALTER INDEX IF EXISTS orders_cust_idx RENAME TO orders_customer_id_idx;

-- strata:down
ALTER INDEX IF EXISTS orders_customer_id_idx RENAME TO orders_cust_idx;
