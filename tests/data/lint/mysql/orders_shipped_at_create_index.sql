-- expect: none
-- strata:up
-- InnoDB builds a secondary index online (INPLACE, concurrent DML allowed).
CREATE INDEX idx_orders_shipped_at ON orders (shipped_at);
