-- expect: statement-refuses-transaction
-- strata:up
DELETE FROM events WHERE created_at < date('now', '-365 days');
VACUUM;
