-- expect: none
-- strata:up
CREATE OR REPLACE VIEW active_subscriptions AS
SELECT s.id,
       s.account_id,
       s.plan_code,
       s.current_period_end
  FROM subscriptions s
 WHERE s.status = 'active'
   AND s.cancelled_at IS NULL;

GRANT SELECT ON active_subscriptions TO reporting_ro;

-- strata:down
DROP VIEW IF EXISTS active_subscriptions;
