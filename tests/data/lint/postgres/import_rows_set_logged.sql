-- expect: table-rewrite
-- strata:up
ALTER TABLE import_rows SET LOGGED;

-- strata:down
ALTER TABLE import_rows SET UNLOGGED;
