-- expect: truncate
-- strata:up
TRUNCATE sessions;

-- strata:down
-- nothing to restore
