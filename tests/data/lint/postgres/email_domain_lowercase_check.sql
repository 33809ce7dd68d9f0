-- expect: domain-check-constraint
-- strata:up
ALTER DOMAIN email_address
    ADD CONSTRAINT email_address_lowercase CHECK (VALUE = lower(VALUE));

-- strata:down
ALTER DOMAIN email_address DROP CONSTRAINT email_address_lowercase;
