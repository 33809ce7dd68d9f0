-- expect: add-not-null-without-default
-- strata:up
ALTER TABLE orders ADD COLUMN channel VARCHAR NOT NULL;
