// The history tables in SQLite.
//
// Layout 1:
//   <table>         one row per version: its latest state and the up/down text as applied
//   <table>_events  append-only (triggers refuse UPDATE and DELETE): the audit trail
//   <table>_meta    key/value; 'layout' is the layout's version, for later upgrades
#include <fmt/format.h>

#include "drivers/sqlite/sqlite_connection.h"
#include "drivers/sqlite/statement.h"

namespace strata {
namespace {

constexpr int kLayout = 1;

constexpr const char* kRecordColumns =
    "version, name, checksum, status, applied_at, applied_by, reverted_at, reverted_by, duration_ms, error, "
    "dirty, apply_order, up_text, down_text, down_transaction";

constexpr const char* kEventColumns = "id, version, name, action, at, by, duration_ms, checksum, error";

}  // namespace

Result<bool> SqliteConnection::TableExists(const std::string& table) {
  SqliteStatement q(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  if (!q.prepared()) return Error("cannot read the schema");
  q.Bind(1, std::string_view(table));
  int rc = q.Step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("cannot read the schema");
  return rc == SQLITE_ROW;
}

Status SqliteConnection::CheckLayout() {
  SqliteStatement q(db_, fmt::format("SELECT value FROM {} WHERE key = 'layout'", meta_));
  if (!q.prepared()) return Error("cannot read the history layout");
  if (q.Step() != SQLITE_ROW) return Status::Ok();
  int layout = std::atoi(q.Text(0).c_str());
  if (layout > kLayout) {
    return Status(StatusCode::kDatabaseError,
                  fmt::format("the history in {} has layout {}, written by a newer strata (this one knows up to "
                              "{}); upgrade strata",
                              table_, layout, kLayout));
  }
  return Status::Ok();
}

Status SqliteConnection::EnsureHistory() {
  auto exists = TableExists(options_.history_table + "_meta");
  if (!exists.ok()) return exists.status();
  if (*exists) STRATA_RETURN_IF_ERROR(CheckLayout());
  std::string ddl = fmt::format(R"(
CREATE TABLE IF NOT EXISTS {0} (
  version TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('applied', 'failed', 'reverted', 'running')),
  applied_at TEXT,
  applied_by TEXT,
  reverted_at TEXT,
  reverted_by TEXT,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  dirty INTEGER NOT NULL DEFAULT 0,
  apply_order INTEGER NOT NULL DEFAULT 0,
  up_text TEXT NOT NULL,
  down_text TEXT,
  down_transaction INTEGER NOT NULL DEFAULT 1,
  category TEXT,
  metadata TEXT
);
CREATE TABLE IF NOT EXISTS {1} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version TEXT NOT NULL,
  name TEXT NOT NULL,
  action TEXT NOT NULL,
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  checksum TEXT,
  error TEXT
);
CREATE TRIGGER IF NOT EXISTS "{3}_events_no_update" BEFORE UPDATE ON {1}
  BEGIN SELECT RAISE(ABORT, 'the strata event log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS "{3}_events_no_delete" BEFORE DELETE ON {1}
  BEGIN SELECT RAISE(ABORT, 'the strata event log is append-only'); END;
CREATE TABLE IF NOT EXISTS {2} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
INSERT OR IGNORE INTO {2} (key, value) VALUES ('layout', '{4}');
)",
                                table_, events_, meta_, options_.history_table, kLayout);
  if (sqlite3_exec(db_, ddl.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(fmt::format("cannot create the history table {}", table_));
  }
  return Status::Ok();
}

Result<std::vector<HistoryRecord>> SqliteConnection::ReadHistory() {
  auto exists = TableExists(options_.history_table);
  if (!exists.ok()) return exists.status();
  std::vector<HistoryRecord> records;
  if (!*exists) return records;
  if (auto meta = TableExists(options_.history_table + "_meta"); meta.ok() && *meta) {
    STRATA_RETURN_IF_ERROR(CheckLayout());
  }
  SqliteStatement q(db_, fmt::format("SELECT {} FROM {}", kRecordColumns, table_));
  if (!q.prepared()) return Error(fmt::format("cannot read the history table {}", table_));
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    HistoryRecord r;
    r.version = q.Text(0);
    r.name = q.Text(1);
    r.checksum = q.Text(2);
    auto status = ParseMigrationStatus(q.Text(3));
    if (!status) {
      return Status(StatusCode::kDatabaseError,
                    fmt::format("history row {} has unknown status '{}'", r.version, q.Text(3)));
    }
    r.status = *status;
    r.applied_at = q.Text(4);
    r.applied_by = q.Text(5);
    r.reverted_at = q.Text(6);
    r.reverted_by = q.Text(7);
    r.duration_ms = q.Int(8);
    r.error = q.Text(9);
    r.dirty = q.Int(10) != 0;
    r.apply_order = q.Int(11);
    r.up_text = q.Text(12);
    r.down_text = q.OptionalText(13);
    r.down_transaction = q.Int(14) != 0;
    records.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return Error(fmt::format("cannot read the history table {}", table_));
  return records;
}

Status SqliteConnection::SaveRecord(const HistoryRecord& r) {
  SqliteStatement q(db_, fmt::format("INSERT OR REPLACE INTO {} ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                     "?, ?)",
                                     table_, kRecordColumns));
  if (!q.prepared()) return Error("cannot write the history");
  q.Bind(1, std::string_view(r.version));
  q.Bind(2, std::string_view(r.name));
  q.Bind(3, std::string_view(r.checksum));
  q.Bind(4, std::string_view(MigrationStatusName(r.status)));
  q.BindOrNull(5, r.applied_at);
  q.BindOrNull(6, r.applied_by);
  q.BindOrNull(7, r.reverted_at);
  q.BindOrNull(8, r.reverted_by);
  q.Bind(9, r.duration_ms);
  q.BindOrNull(10, r.error);
  q.Bind(11, int64_t{r.dirty});
  q.Bind(12, r.apply_order);
  q.Bind(13, std::string_view(r.up_text));
  q.Bind(14, r.down_text);
  q.Bind(15, int64_t{r.down_transaction});
  if (q.Step() != SQLITE_DONE) return Error(fmt::format("cannot write history for {}", r.version));
  return Status::Ok();
}

Status SqliteConnection::DeleteRecord(const std::string& version) {
  SqliteStatement q(db_, fmt::format("DELETE FROM {} WHERE version = ?", table_));
  if (!q.prepared()) return Error("cannot write the history");
  q.Bind(1, std::string_view(version));
  if (q.Step() != SQLITE_DONE) return Error(fmt::format("cannot delete history for {}", version));
  return Status::Ok();
}

Status SqliteConnection::AppendEvent(const HistoryEvent& e) {
  SqliteStatement q(db_, fmt::format("INSERT INTO {} (version, name, action, at, by, duration_ms, checksum, error) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                     events_));
  if (!q.prepared()) return Error("cannot write the event log");
  q.Bind(1, std::string_view(e.version));
  q.Bind(2, std::string_view(e.name));
  q.Bind(3, std::string_view(EventActionName(e.action)));
  q.Bind(4, std::string_view(e.at));
  q.Bind(5, std::string_view(e.by));
  q.Bind(6, e.duration_ms);
  q.BindOrNull(7, e.checksum);
  q.BindOrNull(8, e.error);
  if (q.Step() != SQLITE_DONE) return Error("cannot write the event log");
  return Status::Ok();
}

Result<std::vector<HistoryEvent>> SqliteConnection::ReadEvents(int limit) {
  std::vector<HistoryEvent> events;
  auto exists = TableExists(options_.history_table + "_events");
  if (!exists.ok()) return exists.status();
  if (!*exists) return events;
  SqliteStatement q(db_, fmt::format("SELECT {0} FROM (SELECT {0} FROM {1} ORDER BY id DESC LIMIT ?) ORDER BY id",
                                     kEventColumns, events_));
  if (!q.prepared()) return Error("cannot read the event log");
  q.Bind(1, int64_t{limit > 0 ? limit : -1});
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    HistoryEvent e;
    e.id = q.Int(0);
    e.version = q.Text(1);
    e.name = q.Text(2);
    e.action = ParseEventAction(q.Text(3)).value_or(EventAction::kApply);
    e.at = q.Text(4);
    e.by = q.Text(5);
    e.duration_ms = q.Int(6);
    e.checksum = q.Text(7);
    e.error = q.Text(8);
    events.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the event log");
  return events;
}

}  // namespace strata
