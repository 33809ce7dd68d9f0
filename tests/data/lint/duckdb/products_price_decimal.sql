-- expect: column-type-change, narrow-column-type
-- strata:up
ALTER TABLE products ALTER COLUMN price TYPE DECIMAL(10, 2);
