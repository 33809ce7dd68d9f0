-- expect: none
-- strata:up
ALTER TABLE line_items ADD COLUMN total_cents INTEGER GENERATED ALWAYS AS (quantity * unit_cents) VIRTUAL;

-- strata:down
ALTER TABLE line_items DROP COLUMN total_cents;
