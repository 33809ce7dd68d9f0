// A session with one SQLite database file.
//
// Statements run as SQLite itself splits them (sqlite3_prepare's tail), so triggers with BEGIN ... END
// and strings or comments holding ';' are never cut. DDL is transactional. A busy database is waited
// for (busy timeout) rather than failing at once.
//
// The runner lock is an exclusive flock(2) on a side file `<database>.strata-lock`. It cannot live in the
// database file itself: SQLite holds POSIX locks on that file, and closing any other descriptor of it
// would silently drop them. The kernel frees the flock when the process dies, so a crash never leaves a
// stale lock; the file holds the holder's description for waiting runners to print.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "drivers/sql/sql_connection.h"
#include "drivers/sql/sql_key_ranges.h"
#include "drivers/sqlite/sqlite_backups.h"
#include "drivers/sqlite/sqlite_schema.h"
#include "strata/driver.h"

namespace strata {

// Sqlite's way with batched migrations' key ranges and load readings (sqlite_dialect.cc).
const KeyRangeDialect& SqliteKeyRangeDialect();

class SqliteConnection final : public SqlConnection {
 public:
  // REQUIRES: `db` is open; the connection takes ownership. `path` is ":memory:" for memory databases.
  SqliteConnection(sqlite3* db, std::string path, ConnectOptions options);
  ~SqliteConnection() override;

  // RunnerLock
  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override;
  Status ReleaseLock() override;
  Result<std::string> LockHolder() override;
  Status BreakLock() override;

  // Session
  Capabilities capabilities() const override { return {"sqlite", true, ""}; }
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  // The batch is one transaction and each step a savepoint in it: one flush for the whole run.
  Status BeginBatch() override;
  Status EndBatch() override;
  Status Execute(const Script& script) override;
  Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params) override;
  Status QueryEach(const std::string& sql, const std::vector<SqlValue>& params, const RowSink& each) override;

  BackupStore* backups() override { return backups_.get(); }
  SchemaReader* schema() override { return &schema_; }
  ScratchDatabases* scratch() override { return &schema_; }
  KeyRanges* key_ranges() override { return &key_ranges_; }

 private:
  // kDatabaseError with SQLite's message, for failures outside a migration.
  Status Error(const std::string& what) const;
  Status Exec(const char* sql);
  Status BatchLost();

  sqlite3* db_;
  std::string path_;
  ConnectOptions options_;
  int lock_fd_ = -1;
  bool batch_ = false;
  bool batch_lost_ = false;  // SQLite rolled the batch's transaction back by itself
  std::unique_ptr<SqliteBackups> backups_;
  SqliteSchema schema_;
  SqlKeyRanges key_ranges_{*this, SqliteKeyRangeDialect()};
};

// SQLite's way with the history tables (sqlite_dialect.cc).
const HistoryDialect& SqliteHistoryDialect();

}  // namespace strata
