-- expect: set-not-null, drop-not-null
-- strata:up
ALTER TABLE users ALTER COLUMN tenant_id SET NOT NULL;

-- strata:down
ALTER TABLE users ALTER COLUMN tenant_id DROP NOT NULL;
