-- expect: none
-- strata:up
BEGIN;
ALTER TABLE tenants ADD COLUMN region text;
COMMENT ON COLUMN tenants.region IS 'data residency region, e.g. eu-central';
COMMIT;

-- strata:down
-- region is kept: dropping it would lose the residency of every tenant.
