-- expect: add-column-refused
-- strata:up
ALTER TABLE line_items ADD COLUMN total INTEGER GENERATED ALWAYS AS (qty * price_cents) STORED;
