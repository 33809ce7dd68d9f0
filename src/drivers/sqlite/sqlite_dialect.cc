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
    // In WAL mode, synchronous=NORMAL keeps every commit atomic and skips the WAL's fsync per commit
    // (a power loss may lose the last commits whole); the user's setting comes back before the run's
    // last commit, which syncs the WAL with everything before it. Other journal modes are left alone:
    // there NORMAL could corrupt the database on a power loss.
    d.relax_commits = [](SqlQueries& q) -> Result<std::string> {
      auto mode = q.Query("PRAGMA journal_mode", {});
      if (!mode.ok()) return mode.status();
      if (mode->empty() || !(*mode)[0][0] || *(*mode)[0][0] != "wal") return std::string();
      auto sync = q.Query("PRAGMA synchronous", {});
      if (!sync.ok()) return sync.status();
      const std::string before = sync->empty() || !(*sync)[0][0] ? "" : *(*sync)[0][0];
      if (before != "2" && before != "3") return std::string();  // NORMAL or OFF already
      Status relaxed = q.Query("PRAGMA synchronous = NORMAL", {}).status();
      if (!relaxed.ok()) return relaxed;
      return "PRAGMA synchronous = " + before;
    };
    return d;
  }();
  return dialect;
}

}  // namespace strata
