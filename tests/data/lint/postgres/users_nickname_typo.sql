-- expect: syntax-error
-- strata:up
ALTER TABLE users ADD COLUMN nickname text DEFAUT '';
