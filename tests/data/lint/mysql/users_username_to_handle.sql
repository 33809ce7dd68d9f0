-- expect: rename-column
-- strata:up
ALTER TABLE users CHANGE COLUMN username handle VARCHAR(50) NOT NULL;

-- strata:down
ALTER TABLE users RENAME COLUMN handle TO username;
