// A session with one MySQL or MariaDB database.
//
// DDL commits implicitly there, so no migration can be atomic: capabilities say so, and the engine
// records each migration `running` before it starts and `applied` after (see engine.h). Statements are
// split as the mysql client does (DELIMITER lines, BEGIN ... END bodies) and sent one by one.
//
// Locking: GET_LOCK polled with a zero wait, one runner per database and history table. The holder
// writes who it is into <table>_meta so that waiting runners can print it.
// Timeouts: lock_wait_timeout (metadata locks) and innodb_lock_wait_timeout follow the DDL lock timeout;
// on MariaDB max_statement_time follows the statement timeout (MySQL has no equivalent for DDL).
#pragma once

#include <mysql.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "drivers/mysql/mysql_schema.h"
#include "drivers/sql/catalog_queries.h"
#include "drivers/sql/sql_connection.h"
#include "drivers/sql/sql_key_ranges.h"
#include "drivers/sql/table_backups.h"
#include "drivers/sql/table_lease.h"
#include "strata/driver.h"

namespace strata {

// Mysql's way with batched migrations' key ranges and load readings (mysql_dialect.cc).
const KeyRangeDialect& MysqlKeyRangeDialect();

class MysqlConnection final : public SqlConnection {
 public:
  // REQUIRES: `mysql` is connected to `url`; the connection takes ownership.
  MysqlConnection(MYSQL* mysql, std::string url, std::string database, ConnectOptions options);
  ~MysqlConnection() override;

  // RunnerLock
  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override;
  Status ReleaseLock() override;
  Result<std::string> LockHolder() override;
  Status BreakLock() override;

  // Session
  Capabilities capabilities() const override { return {"mysql", false, "", false, NativeLock::kAdvisory}; }
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Execute(const Script& script) override;
  Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params) override;
  BackupStore* backups() override { return &backups_; }

  // Session settings that follow ConnectOptions; called once after connecting.
  Status Configure();

  CatalogFacts* facts() override { return &facts_; }
  SchemaReader* schema() override { return &schema_; }
  ScratchDatabases* scratch() override { return &scratch_; }
  KeyRanges* key_ranges() override { return &key_ranges_; }
  Result<std::unique_ptr<Connection>> OpenSession() override;
  Result<std::unique_ptr<RunnerLock>> OpenLease() override;

 private:
  Result<std::vector<SqlRow>> QueryText(const std::string& sql);
  // The statement prepared once per connection: the history's few statements then cost one round trip.
  Result<MYSQL_STMT*> Prepared(const std::string& sql);
  Result<std::vector<SqlRow>> RunPrepared(MYSQL_STMT* stmt, const std::vector<SqlValue>& params);
  Status Command(const std::string& sql, const char* what);
  // Whether a lock wait timeout undoes the whole transaction, not just the statement (not the default).
  bool RollsBackOnTimeout();
  std::string LockName() const;
  // Writes who holds the lock into <table>_meta, if the lock is held and the table exists.
  Status DescribeHolder();

  MYSQL* mysql_;
  std::string database_;
  ConnectOptions options_;
  std::string url_;  // for second sessions (the lock probe, the lease)
  bool locked_ = false;
  bool in_transaction_ = false;  // between Begin and Commit/Rollback: autocommit is off
  std::string holder_;  // "<connection id>|<description>" while locked
  // Frees a prepared statement on every path out.
  struct StatementCloser {
    void operator()(MYSQL_STMT* stmt) const { mysql_stmt_close(stmt); }
  };
  std::unordered_map<std::string, std::unique_ptr<MYSQL_STMT, StatementCloser>> prepared_;
  CatalogQueries facts_;
  std::unique_ptr<TableCopier> copier_;
  TableBackups backups_;
  MysqlSchemaReader schema_;
  MysqlScratch scratch_;
  SqlKeyRanges key_ranges_{*this, MysqlKeyRangeDialect()};
};

// Mysql's way with table backups (mysql_backups.cc).
std::unique_ptr<TableCopier> MysqlTableCopier(SqlQueries& queries);

// The catalog queries of MySQL's and MariaDB's CatalogFacts (mysql_dialect.cc).
CatalogQueries MysqlCatalogQueries(SqlQueries& queries);

// A migration failure from the connection's last error: file and line (MySQL names the line within the
// statement for syntax errors), the server's message and SQLSTATE; retryable for lock wait timeouts
// and deadlocks.
Status MysqlError(MYSQL* mysql, const Script& script, size_t statement_offset, size_t statement_length);

// MySQL's way with the history tables and the table lease (mysql_dialect.cc).
const HistoryDialect& MysqlHistoryDialect();
const LeaseDialect& MysqlLeaseDialect();

}  // namespace strata
