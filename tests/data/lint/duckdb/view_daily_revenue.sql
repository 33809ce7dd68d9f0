-- expect: none
-- strata:up
CREATE OR REPLACE VIEW daily_revenue AS
SELECT date_trunc('day', paid_at) AS day, sum(amount_cents) / 100.0 AS revenue_eur
  FROM payments
 WHERE status = 'succeeded'
 GROUP BY ALL;

-- strata:down
DROP VIEW IF EXISTS daily_revenue;
