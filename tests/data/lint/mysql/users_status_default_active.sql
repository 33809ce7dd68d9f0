-- expect: none
-- strata:up
ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active';

-- strata:down
ALTER TABLE users ALTER COLUMN status SET DEFAULT 'pending';
