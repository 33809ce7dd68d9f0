// SQLite's way with the history tables (drivers/sql/history_dialect.h).
#include <fmt/format.h>

#include "drivers/sqlite/sqlite_connection.h"

namespace strata {

const HistoryDialect& SqliteHistoryDialect() {
  static const HistoryDialect dialect = [] {
    HistoryDialect d;
    d.event_id = [](const HistoryNames&) { return std::string("INTEGER PRIMARY KEY AUTOINCREMENT"); };
    d.append_only = [](const HistoryNames& n) {
      std::vector<std::string> ddl;
      for (const char* op : {"update", "delete"}) {
        ddl.push_back(fmt::format("CREATE TRIGGER IF NOT EXISTS {} BEFORE {} ON {} BEGIN SELECT RAISE(ABORT, "
                                  "'the strata event log is append-only'); END",
                                  n.Quote(n.table() + "_events_no_" + op), op, n.Table("_events")));
      }
      return ddl;
    };
    d.table_exists = [](const HistoryNames&, const std::string& name) {
      return std::pair<std::string, std::vector<SqlValue>>{
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", {name}};
    };
    d.upsert = [](const std::string& table, const std::string& columns, const std::string& values) {
      return fmt::format("INSERT OR REPLACE INTO {} ({}) VALUES ({})", table, columns, values);
    };
    return d;
  }();
  return dialect;
}

const KeyRangeDialect& SqliteKeyRangeDialect() {
  static const KeyRangeDialect dialect = [] {
    KeyRangeDialect d;
    d.primary_key_query = "SELECT name FROM pragma_table_info(?) WHERE pk > 0";
    return d;
  }();
  return dialect;
}

}  // namespace strata
