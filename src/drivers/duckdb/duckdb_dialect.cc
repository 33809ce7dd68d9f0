// DuckDB's way with the history tables (drivers/sql/history_dialect.h). It has no triggers: the event
// log is append-only by convention.
#include <fmt/format.h>

#include "drivers/duckdb/duckdb_connection.h"

namespace strata {

const HistoryDialect& DuckdbHistoryDialect() {
  static const HistoryDialect dialect = [] {
    HistoryDialect d;
    // Ids come from a sequence made beside the tables.
    d.before_tables = [](const HistoryNames& n) {
      return std::vector<std::string>{fmt::format("CREATE SEQUENCE IF NOT EXISTS {}", n.Table("_event_ids"))};
    };
    d.event_id = [](const HistoryNames& n) {
      return fmt::format("BIGINT DEFAULT nextval('{}') PRIMARY KEY", n.table() + "_event_ids");
    };
    d.table_exists = [](const HistoryNames&, const std::string& name) {
      return std::pair<std::string, std::vector<SqlValue>>{
          "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?", {name}};
    };
    d.upsert = [](const std::string& table, const std::string& columns, const std::string& values) {
      return fmt::format("INSERT OR REPLACE INTO {} ({}) VALUES ({})", table, columns, values);
    };
    return d;
  }();
  return dialect;
}

const KeyRangeDialect& DuckdbKeyRangeDialect() {
  static const KeyRangeDialect dialect = [] {
    KeyRangeDialect d;
    d.primary_key_query = "SELECT name FROM pragma_table_info(?) WHERE pk";
    return d;
  }();
  return dialect;
}

}  // namespace strata
