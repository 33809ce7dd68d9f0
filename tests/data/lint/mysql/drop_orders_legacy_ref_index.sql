-- expect: drop-index
-- strata:up
DROP INDEX idx_orders_legacy_ref ON orders;

-- strata:down
CREATE INDEX idx_orders_legacy_ref ON orders (legacy_ref);
