-- expect: statement-refuses-transaction
-- strata:up
VACUUM ANALYZE orders;
