-- expect: drop-index
-- strata:up
ALTER TABLE orders ADD INDEX idx_orders_created_at (created_at), ALGORITHM=INPLACE, LOCK=NONE;

-- strata:down
ALTER TABLE orders DROP INDEX idx_orders_created_at;
