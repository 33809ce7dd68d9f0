-- expect: none
-- strata:up
-- strata:allow drop-table replaced by audit_events in 20250911; no reads or writes since, checked in pg_stat_user_tables
DROP TABLE audit_log_legacy;

-- strata:down
CREATE TABLE audit_log_legacy (
    id bigint PRIMARY KEY,
    actor_id bigint,
    action text NOT NULL,
    payload jsonb,
    created_at timestamptz NOT NULL
);
