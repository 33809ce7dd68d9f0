-- expect: rename-table
-- strata:up
RENAME TABLE carts TO shopping_carts;

-- strata:down
RENAME TABLE shopping_carts TO carts;
