-- expect: non-transactional-retry
-- strata:up transaction:false
CREATE INDEX CONCURRENTLY invoices_customer_id_idx ON invoices (customer_id);

-- strata:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS invoices_customer_id_idx;
