-- expect: drop-column, allow-without-reason, irreversible-down
-- strata:up
-- strata:allow drop-column
ALTER TABLE accounts DROP COLUMN legacy_plan;

-- strata:down
ALTER TABLE accounts ADD COLUMN legacy_plan text;
