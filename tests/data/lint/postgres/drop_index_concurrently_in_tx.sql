-- expect: concurrently-in-transaction
-- strata:up
DROP INDEX CONCURRENTLY IF EXISTS orders_legacy_ref_idx;
