-- migrate:up
CREATE INDEX probe_items_label ON probe_items (label);

-- migrate:down
DROP INDEX probe_items_label ON probe_items;
