// A session with one PostgreSQL database.
//
// Round trips: a migration's statements (split as psql would) go out in one libpq pipeline and come
// back in one, so N statements cost one network round trip, not N. Outside a transaction
// (transaction:false, e.g. CREATE INDEX CONCURRENTLY) each statement runs on its own, as it must.
//
// Locking: a session advisory lock, taken by polling pg_try_advisory_lock. Never a blocking
// pg_advisory_lock(): a runner blocked there waits on a lock that another runner's CREATE INDEX
// CONCURRENTLY must wait out too (it waits for every older transaction), which deadlocks.
//
// Timeouts: the session sets lock_timeout when it connects (a DDL statement that cannot get its table
// lock fails, retryable, instead of queueing the application's queries behind it) and statement_timeout.
// Session settings do not survive a pooler in transaction mode: point --url past such a pooler.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "drivers/sql/catalog_queries.h"
#include "drivers/sql/sql_connection.h"
#include "drivers/sql/sql_key_ranges.h"
#include "drivers/sql/table_backups.h"
#include "drivers/sql/table_lease.h"
#include "drivers/sql/script_statements.h"
#include "strata/driver.h"

namespace strata {

// Postgres's way with batched migrations' key ranges and load readings (postgres_dialect.cc).
const KeyRangeDialect& PostgresKeyRangeDialect();

class PostgresConnection final : public SqlConnection {
 public:
  // REQUIRES: `conn` is connected; the connection takes ownership. `url` is the one it was opened with
  // (scratch databases are made beside it).
  PostgresConnection(PGconn* conn, std::string schema, ConnectOptions options, std::string url);
  ~PostgresConnection() override;

  // Session settings: search_path (from the URL), timeouts; called once after connecting.
  Status Configure(const std::string& search_path);

  // RunnerLock
  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override;
  Status ReleaseLock() override;
  Result<std::string> LockHolder() override;
  Status BreakLock() override;

  // Session
  Capabilities capabilities() const override { return {"postgres", true, "", false, NativeLock::kAdvisory}; }
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  // Commits in a batch do not wait for the disk; the batch's end waits once for all of them.
  Status BeginBatch() override;
  Status EndBatch() override;
  Status Execute(const Script& script) override;
  Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params) override;
  Result<std::vector<std::string>> Inspect() override;

  CatalogFacts* facts() override { return &facts_; }
  BackupStore* backups() override { return &backups_; }
  SchemaReader* schema() override { return schema_reader_.get(); }
  ScratchDatabases* scratch() override { return scratch_.get(); }
  KeyRanges* key_ranges() override { return &key_ranges_; }
  Result<std::unique_ptr<Connection>> OpenSession() override;
  Result<std::unique_ptr<RunnerLock>> OpenLease() override;

 private:
  // Runs a statement without parameters; kDatabaseError naming `what` on failure.
  Status Command(const std::string& sql, const char* what);
  Status ExecutePipelined(const Script& script);
  Status ExecuteEach(const Script& script);
  // The advisory lock's key: one runner per database, schema and history table.
  std::string LockKey() const;

  PGconn* conn_;
  std::string schema_;       // where the history lives; "" for the session's current schema
  std::string lock_schema_;  // the schema as resolved, part of the advisory lock's key
  ConnectOptions options_;
  std::string url_;  // for second sessions (the lock probe, the lease)
  bool locked_ = false;
  CatalogQueries facts_;
  std::unique_ptr<TableCopier> copier_;
  TableBackups backups_;
  std::unique_ptr<SchemaReader> schema_reader_;
  std::unique_ptr<ScratchDatabases> scratch_;
  SqlKeyRanges key_ranges_{*this, PostgresKeyRangeDialect()};
};

// PostgreSQL's way with table backups (postgres_backups.cc).
std::unique_ptr<TableCopier> PostgresTableCopier(SqlQueries& queries);

// The catalog queries of PostgreSQL's CatalogFacts (postgres_dialect.cc).
CatalogQueries PostgresCatalogQueries(SqlQueries& queries);

// A migration failure from a libpq error result: file and line from the server's error position,
// the server's message, detail and hint; retryable for lock_not_available (55P03).
Status PostgresError(const PGresult* result, const Script& script, size_t statement_offset, size_t statement_length);
// The connection died while `statement` ran: the server crashed, restarted, or ended the session.
Status PostgresConnectionLost(PGconn* conn, const Script& script, const ScriptStatement& statement);

// PostgreSQL's way with the history tables and the table lease (postgres_dialect.cc).
const HistoryDialect& PostgresHistoryDialect();
const LeaseDialect& PostgresLeaseDialect();

}  // namespace strata
