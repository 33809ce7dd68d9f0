-- expect: none
-- strata:up
DELETE FROM sessions WHERE expires_at < now() - interval '30 days';

-- strata:down
-- Expired sessions are not brought back.
