-- expect: none
-- strata:up
DELETE FROM raw_events WHERE event_date < DATE '2024-01-01';
