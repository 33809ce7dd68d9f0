-- expect: none
-- strata:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at_idx ON orders (created_at);

-- strata:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS orders_created_at_idx;
