-- expect: column-type-change, narrow-column-type, varchar-length, irreversible-down
-- strata:up
-- sku was text; the warehouse system accepts at most 32 characters.
ALTER TABLE products ALTER COLUMN sku TYPE varchar(32);

-- strata:down
ALTER TABLE products ALTER COLUMN sku TYPE text;
