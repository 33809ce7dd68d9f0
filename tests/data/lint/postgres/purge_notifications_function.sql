-- expect: none
-- strata:up
CREATE OR REPLACE FUNCTION purge_old_notifications(keep_days integer) RETURNS bigint
LANGUAGE sql AS $$
    WITH gone AS (
        DELETE FROM notifications
         WHERE created_at < now() - make_interval(days => keep_days)
        RETURNING 1
    )
    SELECT count(*) FROM gone
$$;

-- strata:down
DROP FUNCTION IF EXISTS purge_old_notifications(integer);
