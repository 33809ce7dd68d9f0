-- expect: rename-column
-- strata:up
ALTER TABLE users RENAME COLUMN mail TO email;
