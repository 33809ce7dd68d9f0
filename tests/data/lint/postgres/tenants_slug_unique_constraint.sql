-- expect: unique-without-using-index
-- strata:up
ALTER TABLE tenants ADD CONSTRAINT tenants_slug_key UNIQUE (slug);

-- strata:down
ALTER TABLE tenants DROP CONSTRAINT tenants_slug_key;
