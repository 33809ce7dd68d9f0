-- expect: secret-in-literal
-- strata:up
INSERT INTO integrations (provider, access_token, scopes)
VALUES ('github', 'ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3st1ngAbCd', 'repo,read:org');

-- strata:down
DELETE FROM integrations WHERE provider = 'github';
