-- expect: none
-- strata:up
-- ON ONLY: an invalid index on the partitioned parent alone, no build and no scan; each partition's
-- index is built CONCURRENTLY and attached by 20260302101500.
CREATE INDEX IF NOT EXISTS measurements_device_id_idx ON ONLY measurements (device_id);

-- strata:down
DROP INDEX IF EXISTS measurements_device_id_idx;
