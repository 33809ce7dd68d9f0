-- expect: statement-refuses-transaction
-- strata:up
-- The database is in WAL mode today; the app moves to a network file system where WAL is unsafe,
-- and SQLite refuses to leave WAL mode inside a transaction.
PRAGMA journal_mode = DELETE;
