-- expect: none
-- strata:up
-- Fresh statistics after the bulk import of 20260120; ANALYZE runs fine inside a transaction.
ANALYZE orders;
ANALYZE order_lines;
