-- expect: none
-- strata:up transaction:false
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_signups;
