-- expect: lock-timeout-off, rename-table
-- strata:up
SET SESSION lock_wait_timeout = 86400;
RENAME TABLE invoice_pdfs TO invoice_documents;

-- strata:down
RENAME TABLE invoice_documents TO invoice_pdfs;
