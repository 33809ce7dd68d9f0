-- expect: fulltext-index, algorithm-unhonoured
-- strata:up
ALTER TABLE products ADD FULLTEXT INDEX ft_products_name (name, description), ALGORITHM=INPLACE, LOCK=NONE;
