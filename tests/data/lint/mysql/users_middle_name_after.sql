-- expect: add-column-position
-- strata:up
ALTER TABLE users ADD COLUMN middle_name VARCHAR(100) NULL AFTER first_name;

-- strata:down
ALTER TABLE users DROP COLUMN middle_name;
