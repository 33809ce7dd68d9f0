-- expect: truncate
-- strata:up
-- Force everyone to log in again after the cookie format change.
TRUNCATE sessions;

-- strata:down
-- Sessions cannot be restored.
