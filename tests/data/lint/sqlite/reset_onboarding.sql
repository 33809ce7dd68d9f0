-- expect: update-without-where
-- strata:up
UPDATE users SET onboarding_step = 0;
