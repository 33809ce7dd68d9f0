-- expect: drop-column, irreversible-down
-- strata:up
ALTER TABLE users DROP COLUMN fax_number;

-- strata:down
ALTER TABLE users ADD COLUMN fax_number VARCHAR(32) NULL;
