-- expect: many-locks-in-transaction
-- strata:up
ALTER TABLE orders ADD COLUMN coupon_code text;
ALTER TABLE coupons ADD COLUMN redeemed_count integer NOT NULL DEFAULT 0;

-- strata:down
ALTER TABLE coupons DROP COLUMN redeemed_count;
ALTER TABLE orders DROP COLUMN coupon_code;
