-- expect: none
-- strata:up
-- strata:allow drop-column avatars moved to object storage in 2025; the column is empty
ALTER TABLE users DROP COLUMN avatar;

-- strata:down
ALTER TABLE users ADD COLUMN avatar BLOB;
