-- expect: rename-table
-- strata:up
ALTER TABLE clicks RENAME TO click_events;

-- strata:down
ALTER TABLE click_events RENAME TO clicks;
