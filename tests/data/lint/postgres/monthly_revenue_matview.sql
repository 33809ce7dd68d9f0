-- expect: none
-- strata:up
CREATE MATERIALIZED VIEW monthly_revenue AS
SELECT date_trunc('month', paid_at) AS month,
       sum(amount_cents) AS revenue_cents,
       count(*) AS payments
  FROM payments
 WHERE status = 'succeeded'
 GROUP BY 1;

CREATE UNIQUE INDEX monthly_revenue_month_idx ON monthly_revenue (month);
REFRESH MATERIALIZED VIEW monthly_revenue;

-- strata:down
DROP MATERIALIZED VIEW IF EXISTS monthly_revenue;
