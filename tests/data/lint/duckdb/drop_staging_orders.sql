-- expect: drop-table, irreversible-down
-- strata:up
DROP TABLE staging_orders;

-- strata:down
CREATE TABLE staging_orders (id BIGINT, payload JSON, loaded_at TIMESTAMPTZ);
