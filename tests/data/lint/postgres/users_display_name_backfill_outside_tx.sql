-- expect: none
-- strata:up transaction:false
-- Each statement commits on its own: the ALTER's lock is released before the backfill.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name text;
UPDATE users
   SET display_name = trim(first_name || ' ' || last_name)
 WHERE display_name IS NULL
   AND id BETWEEN 1 AND 500000;
