-- expect: none
-- strata:up
-- strata:allow syntax-error SET EXPRESSION is PostgreSQL 17 syntax; production runs 17.2
ALTER TABLE order_lines ALTER COLUMN total_cents SET EXPRESSION AS (quantity * unit_price_cents - discount_cents);
