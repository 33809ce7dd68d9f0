-- expect: reindex-without-concurrently
-- strata:up
-- The btree indexes were built before the collation upgrade.
REINDEX TABLE invoices;
