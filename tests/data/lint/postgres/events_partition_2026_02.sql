-- expect: none
-- strata:up
CREATE TABLE IF NOT EXISTS events_2026_02 PARTITION OF events
    FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');

-- strata:down
DROP TABLE IF EXISTS events_2026_02;
