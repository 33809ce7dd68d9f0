-- expect: create-index-without-concurrently
-- strata:up
CREATE INDEX orders_status_idx ON orders (status) WHERE status IN ('pending', 'processing');

-- strata:down
DROP INDEX orders_status_idx;
