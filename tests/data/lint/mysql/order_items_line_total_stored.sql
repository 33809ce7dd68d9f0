-- expect: add-stored-generated-column
-- strata:up
ALTER TABLE order_items ADD COLUMN line_total_cents BIGINT AS (quantity * unit_price_cents) STORED;
