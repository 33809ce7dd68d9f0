-- expect: refresh-without-concurrently
-- strata:up
REFRESH MATERIALIZED VIEW daily_signups;
