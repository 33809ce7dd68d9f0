-- expect: domain-check-constraint
-- strata:up
CREATE DOMAIN postal_code AS text
    CHECK (VALUE ~ '^[0-9A-Z -]{3,10}$');

-- strata:down
DROP DOMAIN IF EXISTS postal_code;
