-- expect: drop-column, irreversible-down
-- strata:up
-- Phone numbers moved to user_contact_methods in 20260105.
ALTER TABLE users DROP COLUMN phone;

-- strata:down
ALTER TABLE users ADD COLUMN phone text;
