// A session with one DuckDB database file.
//
// DDL is transactional: a migration and its history row commit together, as on PostgreSQL. Statements
// are split with the PostgreSQL splitter (DuckDB's SQL is PostgreSQL's, quoting included).
//
// The runner lock is the file itself: DuckDB lets one process at a time open a file, so between
// processes holding the connection is holding the lock. Connect waits for a file another process has
// open (up to the busy timeout, like a lock) and then says so plainly. Within one process, connections
// to a file share one database instance (DuckDB's instance cache: two instances of one file would
// corrupt it), and the runner lock is a per-file entry in this process's table of holders.
// The history's event log is append-only by convention: DuckDB has no triggers.
#pragma once

#include <duckdb.h>

#include <memory>
#include <string>

#include "drivers/sql/sql_connection.h"
#include "drivers/sql/sql_key_ranges.h"
#include "drivers/duckdb/duckdb_schema.h"
#include "drivers/sql/table_backups.h"
#include "strata/driver.h"

namespace strata {

// Duckdb's way with batched migrations' key ranges and load readings (duckdb_dialect.cc).
const KeyRangeDialect& DuckdbKeyRangeDialect();

class DuckdbConnection final : public SqlConnection {
 public:
  // REQUIRES: `database` and `connection` are open; the connection takes ownership of both.
  DuckdbConnection(duckdb_database database, duckdb_connection connection, std::string path,
                   const ConnectOptions& options);
  ~DuckdbConnection() override;

  // RunnerLock
  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override;
  Status ReleaseLock() override;
  Result<std::string> LockHolder() override;
  Status BreakLock() override;

  // Session
  Capabilities capabilities() const override { return {"duckdb", true, ""}; }
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Execute(const Script& script) override;
  Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params) override;
  BackupStore* backups() override { return &backups_; }
  SchemaReader* schema() override { return &schema_; }
  ScratchDatabases* scratch() override { return &schema_; }
  KeyRanges* key_ranges() override { return &key_ranges_; }

 private:
  Status Exec(const char* sql);

  duckdb_database database_;
  duckdb_connection connection_;
  std::string path_;
  bool in_transaction_ = false;
  bool locked_ = false;
  std::unique_ptr<TableCopier> copier_;
  TableBackups backups_;
  DuckdbSchema schema_;
  SqlKeyRanges key_ranges_{*this, DuckdbKeyRangeDialect()};
};

// Duckdb's way with table backups (duckdb_backups.cc).
std::unique_ptr<TableCopier> DuckdbTableCopier(SqlQueries& queries);

// DuckDB's way with the history tables (duckdb_dialect.cc).
const HistoryDialect& DuckdbHistoryDialect();

}  // namespace strata
