-- expect: cluster
-- strata:up
CLUSTER page_views USING page_views_created_at_idx;
