-- expect: update-without-where
-- strata:up
UPDATE products
   SET category_name = (SELECT name FROM categories WHERE categories.id = products.category_id);
