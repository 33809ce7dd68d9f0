-- expect: none
-- strata:up
ALTER TABLE users ADD COLUMN timezone VARCHAR(64) NULL;

-- strata:down
ALTER TABLE users DROP COLUMN timezone;
