-- expect: none
-- strata:up
CREATE TABLE customer_stats AS
SELECT customer_id,
       count(*) AS orders,
       sum(total_cents) AS lifetime_cents,
       max(created_at) AS last_order_at
  FROM orders
 GROUP BY customer_id;

ALTER TABLE customer_stats ADD PRIMARY KEY (customer_id);
CREATE INDEX customer_stats_last_order_idx ON customer_stats (last_order_at);

-- strata:down
DROP TABLE customer_stats;
