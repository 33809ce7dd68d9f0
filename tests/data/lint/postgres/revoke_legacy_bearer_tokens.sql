-- expect: none
-- strata:up
UPDATE oauth_access_tokens
   SET revoked_at = now()
 WHERE token_type = 'legacy_bearer'
   AND revoked_at IS NULL;
