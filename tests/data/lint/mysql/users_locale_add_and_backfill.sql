-- expect: implicit-commit
-- strata:up
ALTER TABLE users ADD COLUMN locale VARCHAR(10) NULL;
UPDATE users SET locale = 'en' WHERE locale IS NULL;

-- strata:down
ALTER TABLE users DROP COLUMN locale;
