-- expect: update-without-where, irreversible-down
-- strata:up
-- New consent rules: everyone has to opt in again.
UPDATE users SET marketing_opt_in = false;

-- strata:down
UPDATE users SET marketing_opt_in = NULL WHERE marketing_opt_in = false;
