-- expect: delete-without-where
-- strata:up
DELETE FROM cart_items;

-- strata:down
-- Abandoned carts are not restored.
