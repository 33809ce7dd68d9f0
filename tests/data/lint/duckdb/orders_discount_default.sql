-- expect: none
-- strata:up
ALTER TABLE orders ADD COLUMN discount DOUBLE DEFAULT 0;

-- strata:down
ALTER TABLE orders DROP COLUMN discount;
