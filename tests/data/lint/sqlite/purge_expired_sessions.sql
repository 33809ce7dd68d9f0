-- expect: none
-- strata:up
DELETE FROM sessions WHERE expires_at < strftime('%s', 'now');
