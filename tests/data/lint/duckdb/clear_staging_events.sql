-- expect: delete-without-where, irreversible-down
-- strata:up
DELETE FROM staging_events;

-- strata:down
INSERT INTO staging_events SELECT * FROM staging_events_backup;
