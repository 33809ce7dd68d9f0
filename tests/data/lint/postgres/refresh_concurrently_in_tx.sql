-- expect: none
-- strata:up
-- REFRESH ... CONCURRENTLY may run inside a transaction block (unlike CREATE INDEX CONCURRENTLY).
REFRESH MATERIALIZED VIEW CONCURRENTLY customer_lifetime_value;
