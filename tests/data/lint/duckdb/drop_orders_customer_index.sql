-- expect: drop-index
-- strata:up
DROP INDEX IF EXISTS idx_orders_customer;
