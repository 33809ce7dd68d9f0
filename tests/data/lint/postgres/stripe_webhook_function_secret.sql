-- expect: secret-in-literal
-- strata:up
CREATE OR REPLACE FUNCTION billing_provider_key() RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'sk_live_51Hx7QpLmN0pQrStUvWxYz12345'::text
$$;
