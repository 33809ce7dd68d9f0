#include "drivers/postgres/postgres_connection.h"

#include <fmt/format.h>


#include "core/clock.h"
#include "drivers/postgres/postgres_driver.h"
#include "drivers/postgres/postgres_schema.h"
#include "drivers/sql/script_statements.h"
#include "drivers/lock_poll.h"
#include "sql/splitter.h"

namespace strata {
namespace {

// Statements per pipeline sync: few round trips, yet never so much unread output that a blocking
// libpq connection could stall on a full socket buffer.
constexpr size_t kPipelineBatch = 200;

// "?" placeholders become PostgreSQL's "$1", "$2", ...: only outside strings, quoted names and
// comments, and only when there are parameters (so a parameterless query keeps jsonb's ? operators).
std::string Numbered(const std::string& sql, size_t params) {
  if (params == 0) return sql;
  std::string out;
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t end = sql.find(c, i + 1);
      while (end != std::string::npos && end + 1 < sql.size() && sql[end + 1] == c) end = sql.find(c, end + 2);
      end = end == std::string::npos ? sql.size() - 1 : end;
      out.append(sql, i, end - i + 1);
      i = end;
    } else if (sql.compare(i, 2, "--") == 0 || sql.compare(i, 2, "/*") == 0) {
      size_t end = c == '-' ? sql.find('\n', i) : sql.find("*/", i + 2);
      end = end == std::string::npos ? sql.size() - 1 : end + (c == '-' ? 0 : 1);
      out.append(sql, i, end - i + 1);
      i = end;
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The first cell of a one-row answer.
std::string FirstCell(const std::vector<SqlRow>& rows) {
  return rows.empty() || rows[0].empty() ? "" : rows[0][0].value_or("");
}

constexpr const char* kHolderQuery = R"(
SELECT a.pid::text, COALESCE(a.application_name, ''), COALESCE(host(a.client_addr), 'local socket'),
       to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), (a.pid = pg_backend_pid())::text
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.classid = ((hashtextextended(?, 0) >> 32) & 4294967295)::oid
  AND l.objid = (hashtextextended(?, 0) & 4294967295)::oid)";

}  // namespace

PostgresConnection::PostgresConnection(PGconn* conn, std::string schema, ConnectOptions options, std::string url)
    : SqlConnection(PostgresHistoryDialect(), schema, options.history_table),
      conn_(conn),
      schema_(std::move(schema)),
      options_(std::move(options)),
      url_(url),
      facts_(PostgresCatalogQueries(*this)),
      copier_(PostgresTableCopier(*this)),
      backups_(*this, *this, *copier_, PostgresHistoryDialect(), HistoryNames('"', schema_, options_.history_table)),
      schema_reader_(PostgresSchemaReader(
          *this, [this] { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }, schema_, options_.history_table)),
      scratch_(PostgresScratchDatabases(*this, std::move(url))) {}

Status PostgresConnection::Configure(const std::string& search_path) {
  if (!search_path.empty()) {
    // Each name quoted as written, so a schema keeps its case as the history's quoted name does.
    STRATA_RETURN_IF_ERROR(
        Query("SELECT set_config('search_path', (SELECT string_agg(quote_ident(btrim(s)), ',') FROM "
              "unnest(string_to_array(?, ',')) AS s), false)",
              {search_path})
            .status());
  }
  // Session-wide, so transaction:false statements (CREATE INDEX CONCURRENTLY) are bounded too.
  STRATA_RETURN_IF_ERROR(
      Query("SELECT set_config('lock_timeout', ?, false), set_config('statement_timeout', ?, false)",
            {std::to_string(options_.ddl_lock_timeout.count()), std::to_string(options_.statement_timeout.count())})
          .status());
  // If strata dies mid-statement, the server notices within a second and rolls back, freeing the lock,
  // instead of finishing a long statement for nobody (PostgreSQL 14 and later; older ones reject the
  // setting, which is then left alone).
  (void)Query("SELECT set_config('client_connection_check_interval', '1000', false)", {});
  // The lock is per schema as resolved, so "?schema=public" and no schema at all are one runner lock.
  auto current = Query("SELECT COALESCE(current_schema(), ?)", {schema_.empty() ? "public" : schema_});
  if (!current.ok()) return current.status();
  lock_schema_ = FirstCell(*current);
  return Status::Ok();
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

Result<std::vector<SqlRow>> PostgresConnection::Query(const std::string& sql, const std::vector<SqlValue>& params) {
  std::vector<const char*> values;
  for (const SqlValue& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* r = PQexecParams(conn_, Numbered(sql, params.size()).c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                             nullptr, nullptr, 0);
  ExecStatusType status = PQresultStatus(r);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    std::string message = PQresultErrorMessage(r);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    // libpq's own messages (a lost connection) run over indented lines: one line reads better.
    for (size_t at; (at = message.find("\n\t")) != std::string::npos;) message.replace(at, 2, 1, ' ');
    PQclear(r);
    return Status(StatusCode::kDatabaseError, message).set_database_message(message);
  }
  std::vector<SqlRow> rows(PQntuples(r));
  for (int i = 0; i < PQntuples(r); ++i) {
    rows[i].resize(PQnfields(r));
    for (int c = 0; c < PQnfields(r); ++c) {
      if (!PQgetisnull(r, i, c)) rows[i][c] = std::string(PQgetvalue(r, i, c), PQgetlength(r, i, c));
    }
  }
  PQclear(r);
  return rows;
}

Status PostgresConnection::Command(const std::string& sql, const char* what) {
  auto done = Query(sql, {});
  if (!done.ok()) {
    return Status(StatusCode::kDatabaseError, fmt::format("{}: {}", what, done.status().message()))
        .set_database_message(done.status().database_message());
  }
  return Status::Ok();
}

std::string PostgresConnection::LockKey() const {
  return fmt::format("strata:{}:{}", lock_schema_, options_.history_table);
}

Status PostgresConnection::AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) {
  if (locked_) return Status::Ok();
  // Waiting runners read who holds the lock from the holder's application_name.
  STRATA_RETURN_IF_ERROR(Query("SELECT set_config('application_name', left(?, 63), false)", {holder}).status());
  return PollForLock(
      timeout,
      [&]() -> Result<bool> {
        auto got = Query("SELECT pg_try_advisory_lock(hashtextextended(?, 0))::text", {LockKey()});
        if (!got.ok()) return got.status();
        locked_ = FirstCell(*got) == "true";
        return locked_;
      },
      [&] {
        auto who = LockHolder();
        return who.ok() ? *who : std::string();
      });
}

Status PostgresConnection::ReleaseLock() {
  if (!locked_) return Status::Ok();
  locked_ = false;
  return Query("SELECT pg_advisory_unlock(hashtextextended(?, 0))", {LockKey()}).status();
}

Result<std::string> PostgresConnection::LockHolder() {
  auto rows = Query(kHolderQuery, {LockKey(), LockKey()});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::string();
  const SqlRow& row = (*rows)[0];
  return fmt::format("{} (server pid {}, from {}, connected since {}{})", row[1].value_or(""), row[0].value_or(""),
                     row[2].value_or(""), row[3].value_or(""), row[4] == SqlValue("true") ? ", this session" : "");
}

Status PostgresConnection::BreakLock() {
  auto rows = Query(kHolderQuery, {LockKey(), LockKey()});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Ok();
  if ((*rows)[0][4] == SqlValue("true")) return ReleaseLock();
  auto ended = Query("SELECT pg_terminate_backend(?::int)::text", {(*rows)[0][0]});
  if (!ended.ok()) return ended.status();
  if (FirstCell(*ended) != "true") {
    return Status(StatusCode::kDatabaseError, "pg_terminate_backend refused; a superuser or the holder's role must end it");
  }
  return Status::Ok();
}

Result<std::unique_ptr<Connection>> PostgresConnection::OpenSession() {
  return PostgresDriver().Connect(url_, options_);
}

Result<std::unique_ptr<RunnerLock>> PostgresConnection::OpenLease() {
  return std::unique_ptr<RunnerLock>(std::make_unique<TableLease>(
      PostgresHistoryDialect(), PostgresLeaseDialect(), HistoryNames('"', schema_, options_.history_table),
      options_.lease_ttl, [this] { return OpenSession(); }));
}

Status PostgresConnection::Begin() { return Command("BEGIN", "cannot begin a transaction"); }

Status PostgresConnection::Commit() {
  Status s = Command("COMMIT", "commit failed");
  if (s.ok()) return s;
  if (PQstatus(conn_) == CONNECTION_BAD) return s.set_connection_lost(true);
  (void)Rollback();
  return s;
}

Status PostgresConnection::Rollback() {
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Status::Ok();
  return Command("ROLLBACK", "rollback failed");
}

Status PostgresConnection::BeginBatch() {
  return Command("SET synchronous_commit TO off", "cannot defer the flush of commits");
}

Status PostgresConnection::EndBatch() {
  STRATA_RETURN_IF_ERROR(Command("RESET synchronous_commit", "cannot restore the session's synchronous_commit"));
  // A synchronous commit flushes the log up to itself, and with it every deferred commit before it.
  // It must write something to be flushed: the time of the run's end.
  STRATA_RETURN_IF_ERROR(Begin());
  Status s = Command("SET LOCAL synchronous_commit TO on", "cannot flush the run's commits");
  if (s.ok()) s = history_.SetMeta("last_run_at", NowUtc());
  if (!s.ok()) {
    (void)Rollback();
    return s;
  }
  return Commit();
}

Status PostgresConnection::Execute(const Script& script) {
  return PQtransactionStatus(conn_) == PQTRANS_INTRANS ? ExecutePipelined(script) : ExecuteEach(script);
}

Status PostgresConnection::ExecuteEach(const Script& script) {
  auto statements = StatementsOf(script, sql::Dialect::kPostgres, /*in_transaction=*/false);
  if (!statements.ok()) return statements.status();
  for (const ScriptStatement& statement : *statements) {
    if (script.before_statement) STRATA_RETURN_IF_ERROR(script.before_statement(statement.index, statement.line));
    std::string text = script.text.substr(statement.offset, statement.length);
    PGresult* r = PQexec(conn_, text.c_str());
    ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
      if (PQstatus(conn_) == CONNECTION_BAD) {
        PQclear(r);
        return PostgresConnectionLost(conn_, script, statement);
      }
      Status s = PostgresError(r, script, statement.offset, statement.length);
      PQclear(r);
      Location where = *s.location();
      where.statement = statement.index;
      // A concurrent index build that timed out may have left an INVALID index: never resume it blindly.
      return s.set_location(where).set_retryable(false);
    }
    PQclear(r);
  }
  return Status::Ok();
}

Status PostgresConnection::ExecutePipelined(const Script& script) {
  auto statements = StatementsOf(script, sql::Dialect::kPostgres, /*in_transaction=*/true);
  if (!statements.ok()) return statements.status();
  for (size_t batch = 0; batch < statements->size(); batch += kPipelineBatch) {
    size_t end = std::min(statements->size(), batch + kPipelineBatch);
    if (PQenterPipelineMode(conn_) != 1) return Status(StatusCode::kDatabaseError, PQerrorMessage(conn_));
    for (size_t i = batch; i < end; ++i) {
      const ScriptStatement& statement = (*statements)[i];
      std::string text = script.text.substr(statement.offset, statement.length);
      if (PQsendQueryParams(conn_, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        // The connection is gone: nothing more can be read or run on it.
        return PostgresConnectionLost(conn_, script, statement);
      }
    }
    PQpipelineSync(conn_);
    Status first_error;
    // Each statement's results end with a null; after the last statement comes the sync's result.
    for (size_t i = batch; i < end; ++i) {
      const ScriptStatement& statement = (*statements)[i];
      while (PGresult* r = PQgetResult(conn_)) {
        if (PQresultStatus(r) == PGRES_FATAL_ERROR && first_error.ok()) {
          first_error = PostgresError(r, script, statement.offset, statement.length);
          Location where = *first_error.location();
          where.statement = statement.index;
          first_error.set_location(where);
        }
        PQclear(r);
      }
      if (PQstatus(conn_) == CONNECTION_BAD) return PostgresConnectionLost(conn_, script, statement);
    }
    for (;;) {
      PGresult* r = PQgetResult(conn_);
      if (!r) {
        if (PQstatus(conn_) == CONNECTION_BAD) return PostgresConnectionLost(conn_, script, (*statements)[end - 1]);
        continue;
      }
      bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
      PQclear(r);
      if (sync) break;
    }
    PQexitPipelineMode(conn_);
    if (!first_error.ok()) return first_error;
  }
  return Status::Ok();
}

Result<std::vector<std::string>> PostgresConnection::Inspect() {
  auto rows = Query(R"(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(t.relname)
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT i.indisvalid AND n.nspname = ANY (current_schemas(false))
ORDER BY 1)",
                    {});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> broken;
  for (const SqlRow& row : *rows) {
    broken.push_back(fmt::format("index {} on {} is INVALID: a CREATE INDEX CONCURRENTLY failed or was interrupted "
                                 "(or is still running). Drop it (DROP INDEX CONCURRENTLY {}), run `strata repair`, "
                                 "and run the migration again",
                                 row[0].value_or(""), row[1].value_or(""), row[0].value_or("")));
  }
  return broken;
}

}  // namespace strata
