-- expect: secret-in-literal
-- strata:up
CREATE ROLE metrics_exporter LOGIN PASSWORD 'Grafana#2024-exporter';
GRANT pg_monitor TO metrics_exporter;

-- strata:down
DROP ROLE metrics_exporter;
