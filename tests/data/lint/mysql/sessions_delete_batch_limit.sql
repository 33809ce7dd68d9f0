-- expect: none
-- strata:up
-- One batch; the rest is done by the nightly job.
DELETE FROM sessions WHERE last_seen_at < NOW() - INTERVAL 180 DAY LIMIT 50000;
