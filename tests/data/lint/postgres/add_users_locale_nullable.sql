-- expect: none
-- strata:up
ALTER TABLE users ADD COLUMN locale text;
COMMENT ON COLUMN users.locale IS 'BCP 47 language tag such as en-GB; NULL means the account default';

-- strata:down
-- Kept on rollback: the previous release never reads users.locale.
