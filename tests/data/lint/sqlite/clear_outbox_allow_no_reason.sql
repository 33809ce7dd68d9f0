-- expect: delete-without-where, allow-without-reason
-- strata:up
-- strata:allow delete-without-where
DELETE FROM outbox;
