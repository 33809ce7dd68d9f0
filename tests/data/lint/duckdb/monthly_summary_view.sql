-- expect: none
-- strata:up
CREATE OR REPLACE VIEW monthly_summary AS
SELECT date_trunc('month', occurred_at) AS month,
       count(*) AS events,
       count(DISTINCT session_id) AS sessions
  FROM page_events
 WHERE url NOT LIKE '%/admin/%'
 GROUP BY ALL;

-- strata:down
DROP VIEW IF EXISTS monthly_summary;
