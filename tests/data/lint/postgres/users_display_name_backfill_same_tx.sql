-- expect: backfill-with-ddl
-- strata:up
ALTER TABLE users ADD COLUMN display_name text;
UPDATE users
   SET display_name = trim(first_name || ' ' || last_name)
 WHERE display_name IS NULL;

-- strata:down
ALTER TABLE users DROP COLUMN display_name;
