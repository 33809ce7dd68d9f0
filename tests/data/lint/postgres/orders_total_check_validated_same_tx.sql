-- expect: validate-in-same-transaction
-- strata:up
ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total_cents >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;

-- strata:down
ALTER TABLE orders DROP CONSTRAINT orders_total_nonnegative;
