-- expect: fulltext-index
-- strata:up
ALTER TABLE articles ADD FULLTEXT INDEX ft_articles_body (body);
