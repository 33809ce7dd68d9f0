#include "drivers/mysql/mysql_connection.h"

#include <errmsg.h>

#include <fmt/format.h>

#include <memory>

#include "drivers/mysql/mysql_driver.h"
#include "drivers/sql/script_statements.h"
#include "drivers/lock_poll.h"
#include "sql/splitter.h"
#include "sql/transaction_control.h"
#include "strata/source.h"

namespace strata {
namespace {

constexpr unsigned int kNeedsReprepare = 1615;  // ER_NEED_REPREPARE: the table changed since preparing

std::string Cell(const std::vector<SqlRow>& rows, size_t column = 0) {
  return rows.empty() || rows[0].size() <= column ? "" : rows[0][column].value_or("");
}

// Reads and frees the current result; false if the statement failed after its result began (e.g.
// when max_statement_time interrupts it).
bool ReadResult(MYSQL* mysql) {
  if (MYSQL_RES* result = mysql_store_result(mysql)) {
    mysql_free_result(result);
    return true;
  }
  return mysql_field_count(mysql) == 0;
}

// Reads every result of a statement (a CALL may return several); false if one of them is an error.
bool DrainResults(MYSQL* mysql, bool current_read = false) {
  if (!current_read && !ReadResult(mysql)) return false;
  while (mysql_more_results(mysql)) {
    if (mysql_next_result(mysql) > 0 || !ReadResult(mysql)) return false;
  }
  return true;
}

}  // namespace

MysqlConnection::MysqlConnection(MYSQL* mysql, std::string url, std::string database, ConnectOptions options)
    : SqlConnection(MysqlHistoryDialect(), "", options.history_table),
      mysql_(mysql),
      database_(std::move(database)),
      options_(std::move(options)),
      url_(url),
      facts_(MysqlCatalogQueries(*this)),
      copier_(MysqlTableCopier(*this)),
      backups_(*this, *this, *copier_, MysqlHistoryDialect(), HistoryNames('`', "", options_.history_table)),
      schema_(*this, *copier_, options_.history_table),
      scratch_(*this, *copier_, std::move(url)) {
  history_.set_after_ensure([this] { return DescribeHolder(); });
}

MysqlConnection::~MysqlConnection() {
  prepared_.clear();  // statements first: they belong to the connection
  mysql_close(mysql_);
}

Status MysqlConnection::Configure() {
  auto seconds = std::max<int64_t>(1, (options_.ddl_lock_timeout.count() + 999) / 1000);
  // Numbers from the options, formatted in: SET takes no text parameters for these variables.
  STRATA_RETURN_IF_ERROR(
      Command(fmt::format("SET SESSION lock_wait_timeout = {0}, SESSION innodb_lock_wait_timeout = {0}", seconds),
              "cannot set the lock timeouts"));
  std::string server = mysql_get_server_info(mysql_);
  if (options_.statement_timeout.count() > 0 && server.find("MariaDB") != std::string::npos) {
    STRATA_RETURN_IF_ERROR(Command(fmt::format("SET SESSION max_statement_time = {:.3f}",
                                               options_.statement_timeout.count() / 1000.0),
                                   "cannot set max_statement_time"));
  }
  return Status::Ok();
}

Result<std::vector<SqlRow>> MysqlConnection::Query(const std::string& sql, const std::vector<SqlValue>& params) {
  if (params.empty()) return QueryText(sql);  // some DDL (CREATE TRIGGER) cannot be prepared
  auto stmt = Prepared(sql);
  if (!stmt.ok()) return stmt.status();
  auto rows = RunPrepared(*stmt, params);
  if (rows.ok()) return rows;
  // A failed statement is prepared afresh (its table may have been dropped and made again).
  const bool changed = mysql_stmt_errno(*stmt) == kNeedsReprepare;
  prepared_.erase(sql);
  if (!changed) return rows;
  stmt = Prepared(sql);
  if (!stmt.ok()) return stmt.status();
  return RunPrepared(*stmt, params);
}

Result<MYSQL_STMT*> MysqlConnection::Prepared(const std::string& sql) {
  if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second.get();
  if (prepared_.size() >= 64) prepared_.clear();  // code migrations' own queries: bounded
  std::unique_ptr<MYSQL_STMT, StatementCloser> stmt(mysql_stmt_init(mysql_));
  if (!stmt || mysql_stmt_prepare(stmt.get(), sql.data(), sql.size()) != 0) {
    std::string message = stmt ? mysql_stmt_error(stmt.get()) : mysql_error(mysql_);
    return Status(StatusCode::kDatabaseError, message).set_database_message(message);
  }
  return prepared_.emplace(sql, std::move(stmt)).first->second.get();
}

Result<std::vector<SqlRow>> MysqlConnection::RunPrepared(MYSQL_STMT* stmt, const std::vector<SqlValue>& params) {
  auto fail = [&](MYSQL_STMT* failed) {
    std::string message = mysql_stmt_error(failed);
    return Status(StatusCode::kDatabaseError, message).set_database_message(message);
  };
  std::vector<MYSQL_BIND> binds(params.size());
  std::vector<unsigned long> lengths(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    binds[i] = MYSQL_BIND{};
    if (params[i]) {
      binds[i].buffer_type = MYSQL_TYPE_STRING;
      binds[i].buffer = const_cast<char*>(params[i]->data());
      lengths[i] = params[i]->size();
      binds[i].buffer_length = lengths[i];
      binds[i].length = &lengths[i];
    } else {
      binds[i].buffer_type = MYSQL_TYPE_NULL;
    }
  }
  if (!binds.empty() && mysql_stmt_bind_param(stmt, binds.data()) != 0) return fail(stmt);
  if (mysql_stmt_execute(stmt) != 0) return fail(stmt);

  std::vector<SqlRow> rows;
  MYSQL_RES* meta = mysql_stmt_result_metadata(stmt);
  if (!meta) return rows;  // not a query
  unsigned int columns = mysql_num_fields(meta);
  my_bool update_max = 1;
  mysql_stmt_attr_set(stmt, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
  if (mysql_stmt_store_result(stmt) != 0) {
    mysql_free_result(meta);
    return fail(stmt);
  }
  MYSQL_FIELD* fields = mysql_fetch_fields(meta);
  std::vector<MYSQL_BIND> out(columns);
  std::vector<std::string> buffers(columns);
  std::vector<unsigned long> out_lengths(columns);
  std::vector<my_bool> nulls(columns);
  for (unsigned int c = 0; c < columns; ++c) {
    buffers[c].resize(fields[c].max_length + 1);
    out[c] = MYSQL_BIND{};
    out[c].buffer_type = MYSQL_TYPE_STRING;
    out[c].buffer = buffers[c].data();
    out[c].buffer_length = buffers[c].size();
    out[c].length = &out_lengths[c];
    out[c].is_null = &nulls[c];
  }
  mysql_free_result(meta);
  if (mysql_stmt_bind_result(stmt, out.data()) != 0) return fail(stmt);
  int rc;
  while ((rc = mysql_stmt_fetch(stmt)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
    SqlRow row(columns);
    for (unsigned int c = 0; c < columns; ++c) {
      if (!nulls[c]) row[c] = std::string(buffers[c].data(), out_lengths[c]);
    }
    rows.push_back(std::move(row));
  }
  if (rc == 1) return fail(stmt);
  mysql_stmt_free_result(stmt);
  return rows;
}

Result<std::vector<SqlRow>> MysqlConnection::QueryText(const std::string& sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    std::string message = mysql_error(mysql_);
    return Status(StatusCode::kDatabaseError, message).set_database_message(message);
  }
  std::vector<SqlRow> rows;
  if (MYSQL_RES* result = mysql_store_result(mysql_)) {
    unsigned int columns = mysql_num_fields(result);
    while (MYSQL_ROW row = mysql_fetch_row(result)) {
      unsigned long* lengths = mysql_fetch_lengths(result);
      SqlRow out(columns);
      for (unsigned int c = 0; c < columns; ++c) {
        if (row[c]) out[c] = std::string(row[c], lengths[c]);
      }
      rows.push_back(std::move(out));
    }
    mysql_free_result(result);
  }
  if (!DrainResults(mysql_, /*current_read=*/true)) {
    std::string message = mysql_error(mysql_);
    return Status(StatusCode::kDatabaseError, message).set_database_message(message);
  }
  return rows;
}

Status MysqlConnection::Command(const std::string& sql, const char* what) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    std::string message = mysql_error(mysql_);
    return Status(StatusCode::kDatabaseError, fmt::format("{}: {}", what, message)).set_database_message(message);
  }
  if (!DrainResults(mysql_)) {
    std::string message = mysql_error(mysql_);
    return Status(StatusCode::kDatabaseError, fmt::format("{}: {}", what, message)).set_database_message(message);
  }
  return Status::Ok();
}

std::string MysqlConnection::LockName() const {
  // GET_LOCK names are at most 64 characters.
  std::string name = fmt::format("strata:{}:{}", database_, options_.history_table);
  return name.size() <= 64 ? name : "strata:" + Checksum(name).substr(7, 40);
}

Status MysqlConnection::AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) {
  if (locked_) return Status::Ok();
  Status got = PollForLock(
      timeout,
      [&]() -> Result<bool> {
        auto answer = Query("SELECT GET_LOCK(?, 0)", {LockName()});
        if (!answer.ok()) return answer.status();
        locked_ = Cell(*answer) == "1";
        return locked_;
      },
      [&] {
        auto who = LockHolder();
        return who.ok() ? *who : std::string();
      });
  if (!got.ok()) return got;
  auto id = Query("SELECT CONNECTION_ID(), UTC_TIMESTAMP()", {});
  if (id.ok()) holder_ = fmt::format("{}|{} since {}", Cell(*id, 0), holder, Cell(*id, 1));
  return DescribeHolder();
}

Status MysqlConnection::DescribeHolder() {
  // Informative only, and only where the history exists: a dry run must not create it.
  if (!locked_ || holder_.empty()) return Status::Ok();
  return history_.SetMeta("lock_holder", holder_);
}

Status MysqlConnection::ReleaseLock() {
  if (!locked_) return Status::Ok();
  locked_ = false;
  return Query("SELECT RELEASE_LOCK(?)", {LockName()}).status();
}

Result<std::string> MysqlConnection::LockHolder() {
  auto used = Query("SELECT IS_USED_LOCK(?)", {LockName()});
  if (!used.ok()) return used.status();
  std::string id = Cell(*used);
  if (id.empty()) return std::string();
  auto process = Query("SELECT host, time FROM information_schema.processlist WHERE id = ?", {id});
  std::string where = process.ok() && !process->empty()
                          ? fmt::format("connection {} from {}, for {} s", id, Cell(*process, 0), Cell(*process, 1))
                          : fmt::format("connection {}", id);
  auto described = history_.Meta("lock_holder");
  if (described.ok()) {
    size_t bar = described->find('|');
    if (bar != std::string::npos && described->substr(0, bar) == id) {
      return fmt::format("{} ({})", described->substr(bar + 1), where);
    }
  }
  return where;
}

Status MysqlConnection::BreakLock() {
  auto used = Query("SELECT IS_USED_LOCK(?), CONNECTION_ID()", {LockName()});
  if (!used.ok()) return used.status();
  std::string id = Cell(*used);
  if (id.empty()) return Status::Ok();
  if (id == Cell(*used, 1)) return ReleaseLock();
  if (id.find_first_not_of("0123456789") != std::string::npos) {
    return Status(StatusCode::kDatabaseError, "unexpected connection id " + id);
  }
  // KILL takes no parameters; the id is a number the server gave.
  return Command("KILL CONNECTION " + id, "cannot end the lock holder's connection");
}

Result<std::unique_ptr<Connection>> MysqlConnection::OpenSession() { return MysqlDriver().Connect(url_, options_); }

Result<std::unique_ptr<RunnerLock>> MysqlConnection::OpenLease() {
  return std::unique_ptr<RunnerLock>(std::make_unique<TableLease>(
      MysqlHistoryDialect(), MysqlLeaseDialect(), HistoryNames('`', "", options_.history_table), options_.lease_ttl,
      [this] { return OpenSession(); }));
}

// Not START TRANSACTION, which a DDL statement ends for good, leaving what follows to commit one write at
// a time. With autocommit off, each DDL statement commits what came before it, and a new transaction
// goes on after it until Commit: writes between DDL statements share one flush.
Status MysqlConnection::Begin() {
  STRATA_RETURN_IF_ERROR(Command("SET autocommit = 0", "cannot begin a transaction"));
  in_transaction_ = true;
  return Status::Ok();
}

Status MysqlConnection::Commit() {
  in_transaction_ = false;
  Status s = Command("COMMIT", "commit failed");
  if (const unsigned int code = mysql_errno(mysql_); !s.ok() && (code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST)) {
    return s.set_connection_lost(true);
  }
  Status restored = Command("SET autocommit = 1", "cannot end the transaction");
  return s.ok() ? restored : s;
}

Status MysqlConnection::Rollback() {
  in_transaction_ = false;
  Status s = Command("ROLLBACK", "rollback failed");
  Status restored = Command("SET autocommit = 1", "cannot end the transaction");
  return s.ok() ? restored : s;
}

bool MysqlConnection::RollsBackOnTimeout() {
  auto rows = QueryText("SELECT @@innodb_rollback_on_timeout");
  return !rows.ok() || rows->empty() || (*rows)[0][0] != SqlValue("0");
}

Status MysqlConnection::Execute(const Script& script) {
  auto statements = StatementsOf(script, sql::Dialect::kMysql, in_transaction_);
  if (!statements.ok()) return statements.status();
  for (const ScriptStatement& statement : *statements) {
    // In a transaction, what the hook writes (the statement reached) must be durable before the
    // statement runs. A DDL statement commits it anyway; after one, nothing is pending, so commit now.
    // Later statements of a run of row changes need no record: theirs would be undone with them by an
    // interruption, or replaced by the next statement's before any commit, so the durable record names
    // the run's first statement, where running again starts.
    const bool pending = (mysql_->server_status & SERVER_STATUS_IN_TRANS) != 0;
    const bool inside_a_run = in_transaction_ && pending &&
                              sql::ChangesRowsOnly(std::string_view(script.text).substr(statement.offset, statement.length));
    if (script.before_statement && !inside_a_run) {
      STRATA_RETURN_IF_ERROR(script.before_statement(statement.index, statement.line));
      if (in_transaction_ && !pending) STRATA_RETURN_IF_ERROR(Command("COMMIT", "cannot record progress"));
    }
    if (mysql_real_query(mysql_, script.text.data() + statement.offset, statement.length) != 0 ||
        !DrainResults(mysql_)) {
      Status s = MysqlError(mysql_, script, statement.offset, statement.length);
      // A lock wait timeout that undid the whole transaction (not the default) cannot be resumed at.
      if (s.retryable() && in_transaction_ && RollsBackOnTimeout()) s.set_retryable(false);
      Location where = *s.location();
      where.statement = statement.index;
      return s.set_location(where);
    }
  }
  return Status::Ok();
}

}  // namespace strata
