-- expect: none
-- strata:up
-- now() is stable, not volatile: the default is evaluated once, the table is not rewritten.
ALTER TABLE orders ADD COLUMN imported_at timestamptz DEFAULT now();

-- strata:down
-- imported_at stays; the previous release does not select it.
