// PostgreSQL's way with the history tables (drivers/sql/history_dialect.h).
#include <fmt/format.h>

#include <cstdlib>

#include "drivers/postgres/postgres_connection.h"

namespace strata {
namespace {

SqlValue OrNull(const std::string& s) { return s.empty() ? SqlValue() : SqlValue(s); }

}  // namespace

const HistoryDialect& PostgresHistoryDialect() {
  static const HistoryDialect dialect = [] {
    HistoryDialect d;
    d.event_id = [](const HistoryNames&) { return std::string("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"); };
    d.before_tables = [](const HistoryNames& n) {
      std::vector<std::string> ddl;
      if (!n.schema().empty()) ddl.push_back(fmt::format("CREATE SCHEMA IF NOT EXISTS {}", n.Quote(n.schema())));
      return ddl;
    };
    d.append_only = [](const HistoryNames& n) {
      const std::string trigger = n.Quote(n.table() + "_events_append_only");
      const std::string function = n.InSchema(n.table() + "_events_append_only");
      return std::vector<std::string>{
          fmt::format("CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE "
                      "EXCEPTION 'the strata event log is append-only'; END $$",
                      function),
          // Dropped first: a history whose creation was cut short may hold it (CREATE OR REPLACE TRIGGER
          // is PostgreSQL 14's).
          fmt::format("DROP TRIGGER IF EXISTS {} ON {}", trigger, n.Table("_events")),
          fmt::format("CREATE TRIGGER {} BEFORE UPDATE OR DELETE ON {} FOR EACH ROW EXECUTE FUNCTION {}()", trigger,
                      n.Table("_events"), function)};
    };
    d.table_exists = [](const HistoryNames& n, const std::string& name) {
      return std::pair<std::string, std::vector<SqlValue>>{
          "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = COALESCE(?, current_schema()) AND tablename = ?",
          {OrNull(n.schema()), name}};
    };
    d.upsert = UpsertOnConflict;
    return d;
  }();
  return dialect;
}

const LeaseDialect& PostgresLeaseDialect() {
  static const LeaseDialect dialect = [] {
    LeaseDialect d;
    d.timestamp_type = "TIMESTAMPTZ";
    d.now = "clock_timestamp()";
    d.now_plus_ms = "clock_timestamp() + ?::bigint * interval '1 millisecond'";
    d.ms_until_expiry = "(EXTRACT(EPOCH FROM (expires_at - clock_timestamp())) * 1000)::bigint";
    d.iso_time = [](const std::string& column) {
      return fmt::format("to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')", column);
    };
    d.insert_if_missing = " ON CONFLICT (id) DO NOTHING";
    return d;
  }();
  return dialect;
}

CatalogQueries PostgresCatalogQueries(SqlQueries& queries) {
  // A table never analysed has reltuples -1. In the schemas of the search path its size on disk stands in,
  // at about 100 bytes a row. Elsewhere the statistics' live-row count does: pg_relation_size locks each
  // table it measures, and a database of many schemas (a fleet's) would pay for all of them on every run.
  return CatalogQueries(
      queries, "SELECT current_setting('server_version_num')", [](const std::string& v) { return std::atoi(v.c_str()); },
      "SELECT n.nspname, c.relname, CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint "
      "WHEN n.nspname = ANY (current_schemas(false)) THEN pg_relation_size(c.oid) / 100 "
      "ELSE pg_stat_get_live_tuples(c.oid) END, n.nspname = ANY (current_schemas(false)) "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "ORDER BY array_position(current_schemas(false), n.nspname)");
}

const KeyRangeDialect& PostgresKeyRangeDialect() {
  static const KeyRangeDialect dialect = [] {
    KeyRangeDialect d;
    d.primary_key_query =
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = ?::regclass AND i.indisprimary";
    d.primary_key_takes_written_name = true;  // regclass resolves it on the search_path
    // NULL replay_lag: a replica caught up and idle, which is no lag; no replica, no row: no lag either.
    d.replication_lag_ms_query =
        "SELECT COALESCE(CAST(EXTRACT(EPOCH FROM max(replay_lag)) * 1000 AS bigint), 0) FROM pg_stat_replication";
    return d;
  }();
  return dialect;
}

}  // namespace strata
