-- expect: statement-refuses-transaction
-- strata:up
PRAGMA journal_mode = WAL;
