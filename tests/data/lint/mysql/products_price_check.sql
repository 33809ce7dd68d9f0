-- expect: none
-- strata:up
ALTER TABLE products ADD CONSTRAINT chk_products_price_nonnegative CHECK (price_cents >= 0);

-- strata:down
ALTER TABLE products DROP CHECK chk_products_price_nonnegative;
