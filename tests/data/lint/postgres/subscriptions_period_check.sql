-- expect: check-without-not-valid
-- strata:up
ALTER TABLE subscriptions
    ADD CONSTRAINT subscriptions_period_check CHECK (current_period_end > current_period_start);

-- strata:down
ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_period_check;
