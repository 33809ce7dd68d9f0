-- expect: none
-- strata:up
ALTER TABLE products ADD COLUMN archived_at DATETIME NULL, ALGORITHM=INSTANT;

-- strata:down
ALTER TABLE products DROP COLUMN archived_at;
