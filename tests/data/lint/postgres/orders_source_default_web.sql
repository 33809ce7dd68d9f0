-- expect: none
-- strata:up
ALTER TABLE orders ALTER COLUMN source SET DEFAULT 'web';

-- strata:down
ALTER TABLE orders ALTER COLUMN source SET DEFAULT 'unknown';
