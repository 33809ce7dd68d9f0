-- expect: none
-- strata:up
CREATE TYPE subscription_status AS ENUM ('trialing', 'active', 'past_due', 'cancelled');

-- strata:down
DROP TYPE IF EXISTS subscription_status;
