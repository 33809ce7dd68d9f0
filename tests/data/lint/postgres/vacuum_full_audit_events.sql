-- expect: vacuum-full
-- strata:up transaction:false
-- Reclaim the space of the 2019-2023 rows deleted last week.
VACUUM FULL audit_events;
