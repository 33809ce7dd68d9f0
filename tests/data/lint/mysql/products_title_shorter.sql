-- expect: column-type-change, narrow-column-type
-- strata:up
ALTER TABLE products MODIFY title VARCHAR(100) NOT NULL;

-- strata:down
-- Titles longer than 100 characters were cut; nothing to restore.
