-- expect: add-stored-generated-column
-- strata:up
ALTER TABLE order_lines
    ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * unit_price_cents) STORED;

-- strata:down
ALTER TABLE order_lines DROP COLUMN total_cents;
