-- expect: delete-without-where
-- strata:up
DELETE FROM search_cache;
