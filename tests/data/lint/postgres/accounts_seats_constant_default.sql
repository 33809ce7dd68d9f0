-- expect: none
-- strata:up
-- PostgreSQL 11+ stores a constant default in the catalog: no rewrite.
ALTER TABLE accounts ADD COLUMN seats integer NOT NULL DEFAULT 1;

-- strata:down
ALTER TABLE accounts DROP COLUMN seats;
