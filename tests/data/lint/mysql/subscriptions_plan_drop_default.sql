-- expect: drop-default, irreversible-down
-- strata:up
ALTER TABLE subscriptions ALTER COLUMN plan DROP DEFAULT;

-- strata:down
ALTER TABLE subscriptions ALTER COLUMN plan SET DEFAULT 'free';
