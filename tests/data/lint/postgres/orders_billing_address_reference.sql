-- expect: foreign-key-without-not-valid
-- strata:up
-- The inline REFERENCES adds a validated foreign key: both tables are locked while orders is checked.
ALTER TABLE orders ADD COLUMN billing_address_id bigint REFERENCES addresses (id);

-- strata:down
ALTER TABLE orders DROP COLUMN billing_address_id;
