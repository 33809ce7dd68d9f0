-- expect: column-type-change
-- strata:up
-- events.id is at 1.9 billion.
ALTER TABLE events ALTER COLUMN id TYPE bigint;

-- strata:down
-- Not reversible without losing ids above 2^31.
