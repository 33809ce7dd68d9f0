-- expect: none
-- strata:up
CREATE OR REPLACE MACRO cents_to_eur(c) AS round(c / 100.0, 2);

-- strata:down
DROP MACRO IF EXISTS cents_to_eur;
