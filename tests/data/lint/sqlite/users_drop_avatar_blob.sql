-- expect: drop-column, irreversible-down
-- strata:up
ALTER TABLE users DROP COLUMN avatar_blob;

-- strata:down
ALTER TABLE users ADD COLUMN avatar_blob BLOB;
