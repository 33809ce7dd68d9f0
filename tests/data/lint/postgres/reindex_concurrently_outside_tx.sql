-- expect: none
-- strata:up transaction:false
REINDEX INDEX CONCURRENTLY invoices_customer_id_idx;
