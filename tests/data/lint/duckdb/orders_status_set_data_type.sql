-- expect: column-type-change
-- strata:up
ALTER TABLE orders ALTER COLUMN status SET DATA TYPE VARCHAR;
