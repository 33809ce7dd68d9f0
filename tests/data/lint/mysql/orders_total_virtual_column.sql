-- expect: none
-- strata:up
ALTER TABLE orders ADD COLUMN total_eur DECIMAL(12, 2) AS (total_cents / 100) VIRTUAL;

-- strata:down
ALTER TABLE orders DROP COLUMN total_eur;
