#include "drivers/duckdb/duckdb_connection.h"

#include <fmt/format.h>

#include <map>
#include <mutex>
#include <thread>

#include "core/clock.h"

#include "core/text.h"
#include "drivers/sql/script_statements.h"
#include "sql/splitter.h"

namespace strata {
namespace {

// Owns a duckdb_result for the scope of one call.
struct ResultGuard {
  duckdb_result result{};
  ~ResultGuard() { duckdb_destroy_result(&result); }
};

// This process's runner locks: file -> holder. Other processes are kept out by the file itself.
std::mutex holders_mutex;
std::map<std::string, std::string>& Holders() {
  static std::map<std::string, std::string> holders;
  return holders;
}

}  // namespace

DuckdbConnection::DuckdbConnection(duckdb_database database, duckdb_connection connection, std::string path,
                                   const ConnectOptions& options)
    : SqlConnection(DuckdbHistoryDialect(), "", options.history_table),
      database_(database),
      connection_(connection),
      path_(std::move(path)),
      copier_(DuckdbTableCopier(*this)),
      backups_(*this, *this, *copier_, DuckdbHistoryDialect(), HistoryNames('"', "", options.history_table)),
      schema_(*this, *copier_, options.history_table) {}

DuckdbConnection::~DuckdbConnection() {
  (void)ReleaseLock();
  duckdb_disconnect(&connection_);
  duckdb_close(&database_);
}

Status DuckdbConnection::AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) {
  if (locked_ || path_ == ":memory:") return Status::Ok();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard<std::mutex> guard(holders_mutex);
      auto [it, inserted] = Holders().emplace(path_, fmt::format("{} since {}", holder, NowUtc()));
      if (inserted) {
        locked_ = true;
        return Status::Ok();
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        return Status(StatusCode::kLockTimeout,
                      fmt::format("another strata run in this process holds the lock on '{}' ({}); waited {} ms. "
                                  "Wait for it to finish, or raise --lock-timeout",
                                  path_, it->second, timeout.count()));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Status DuckdbConnection::ReleaseLock() {
  if (!locked_) return Status::Ok();
  std::lock_guard<std::mutex> guard(holders_mutex);
  Holders().erase(path_);
  locked_ = false;
  return Status::Ok();
}

Result<std::string> DuckdbConnection::LockHolder() {
  std::lock_guard<std::mutex> guard(holders_mutex);
  auto it = Holders().find(path_);
  return it == Holders().end() ? std::string() : it->second;
}

Status DuckdbConnection::BreakLock() {
  return Status(StatusCode::kRefused,
                fmt::format("a DuckDB file is locked by the process that has it open; stop that process to free '{}'",
                            path_));
}

Status DuckdbConnection::Exec(const char* sql) {
  ResultGuard r;
  if (duckdb_query(connection_, sql, &r.result) == DuckDBError) {
    const char* message = duckdb_result_error(&r.result);
    return Status(StatusCode::kDatabaseError, fmt::format("{}: {}", sql, message ? message : "unknown error"))
        .set_database_message(message ? message : "");
  }
  return Status::Ok();
}

Status DuckdbConnection::Begin() {
  STRATA_RETURN_IF_ERROR(Exec("BEGIN TRANSACTION"));
  in_transaction_ = true;
  return Status::Ok();
}

Status DuckdbConnection::Commit() {
  in_transaction_ = false;
  Status s = Exec("COMMIT");
  if (!s.ok()) (void)Exec("ROLLBACK");  // DuckDB leaves a failed commit's transaction open
  return s;
}

Status DuckdbConnection::Rollback() {
  if (!in_transaction_) return Status::Ok();
  in_transaction_ = false;
  return Exec("ROLLBACK");
}

Status DuckdbConnection::Execute(const Script& script) {
  auto statements = StatementsOf(script, sql::Dialect::kPostgres, in_transaction_);
  if (!statements.ok()) return statements.status();
  for (const ScriptStatement& statement : *statements) {
    if (script.before_statement && !in_transaction_) {
      STRATA_RETURN_IF_ERROR(script.before_statement(statement.index, statement.line));
    }
    std::string text = script.text.substr(statement.offset, statement.length);
    ResultGuard r;
    if (duckdb_query(connection_, text.c_str(), &r.result) == DuckDBError) {
      const char* error = duckdb_result_error(&r.result);
      std::string message = error ? error : "unknown error";
      Status s(StatusCode::kMigrationFailed,
               fmt::format("DuckDB rejected the statement '{}': {}", StatementExcerpt(text), message));
      s.set_database_message(message);
      s.set_location({script.path, statement.line, statement.index});
      return s;
    }
  }
  return Status::Ok();
}

Result<std::vector<SqlRow>> DuckdbConnection::Query(const std::string& sql, const std::vector<SqlValue>& params) {
  duckdb_prepared_statement statement = nullptr;
  auto fail = [&](const char* message) {
    Status s(StatusCode::kDatabaseError, fmt::format("query failed: {}", message ? message : "unknown error"));
    s.set_database_message(message ? message : "");
    return s;
  };
  if (duckdb_prepare(connection_, sql.c_str(), &statement) == DuckDBError) {
    Status s = fail(duckdb_prepare_error(statement));
    duckdb_destroy_prepare(&statement);
    return s;
  }
  for (size_t i = 0; i < params.size(); ++i) {
    idx_t index = i + 1;
    duckdb_state bound = params[i] ? duckdb_bind_varchar_length(statement, index, params[i]->data(), params[i]->size())
                                   : duckdb_bind_null(statement, index);
    if (bound == DuckDBError) {
      Status s = fail(duckdb_prepare_error(statement));
      duckdb_destroy_prepare(&statement);
      return s;
    }
  }
  ResultGuard r;
  duckdb_state state = duckdb_execute_prepared(statement, &r.result);
  duckdb_destroy_prepare(&statement);
  if (state == DuckDBError) return fail(duckdb_result_error(&r.result));
  std::vector<SqlRow> rows(duckdb_row_count(&r.result));
  const idx_t columns = duckdb_column_count(&r.result);
  for (idx_t row = 0; row < rows.size(); ++row) {
    rows[row].resize(columns);
    for (idx_t column = 0; column < columns; ++column) {
      if (duckdb_value_is_null(&r.result, column, row)) continue;
      char* text = duckdb_value_varchar(&r.result, column, row);
      rows[row][column] = std::string(text ? text : "");
      duckdb_free(text);
    }
  }
  return rows;
}

}  // namespace strata
