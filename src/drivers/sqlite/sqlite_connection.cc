#include "drivers/sqlite/sqlite_connection.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <thread>

#include "core/clock.h"
#include "core/text.h"
#include "sql/transaction_control.h"

namespace strata {
namespace {

// Offset of the first character of a statement that is not whitespace or comment.
size_t SkipBlank(std::string_view text, size_t i) {
  while (i < text.size()) {
    if (isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      size_t eol = text.find('\n', i);
      i = eol == std::string_view::npos ? text.size() : eol + 1;
    } else if (text.compare(i, 2, "/*") == 0) {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

SqliteConnection::SqliteConnection(sqlite3* db, std::string path, ConnectOptions options)
    : SqlConnection(SqliteHistoryDialect(), "", options.history_table),
      db_(db),
      path_(std::move(path)),
      options_(std::move(options)),
      schema_(*this, options_.history_table) {
  // A database in memory has no file to keep a copy beside.
  if (path_ != ":memory:" && !path_.empty()) backups_ = std::make_unique<SqliteBackups>(db_, path_, history_);
}

SqliteConnection::~SqliteConnection() {
  backups_.reset();
  sqlite3_close_v2(db_);
  (void)ReleaseLock();
}

Status SqliteConnection::Error(const std::string& what) const {
  // Busy: another connection writes and SQLite lets no one else in until it commits.
  const bool busy = (sqlite3_errcode(db_) & 0xff) == SQLITE_BUSY;
  return Status(busy ? StatusCode::kLockTimeout : StatusCode::kDatabaseError,
                fmt::format("{}: {} (SQLite database '{}')", what, sqlite3_errmsg(db_), path_))
      .set_database_message(sqlite3_errmsg(db_));
}

Status SqliteConnection::Exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return Error(sql);
  return Status::Ok();
}

Status SqliteConnection::AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) {
  if (lock_fd_ >= 0 || path_ == ":memory:" || path_.empty()) return Status::Ok();
  const std::string lock_path = path_ + ".strata-lock";
  int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status(StatusCode::kIoError,
                  fmt::format("cannot open the lock file '{}': {}; strata needs write access beside the database",
                              lock_path, strerror(errno)));
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int err = errno;
      close(fd);
      return Status(StatusCode::kIoError, fmt::format("cannot lock '{}': {}", lock_path, strerror(err)));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      char buffer[512] = {};
      ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
      std::string who = n > 0 ? std::string(buffer, n) : "another process";
      while (!who.empty() && who.back() == '\n') who.pop_back();
      close(fd);
      return Status(StatusCode::kLockTimeout,
                    fmt::format("another strata run holds the lock on '{}' ({}); waited {} ms. Wait for it to "
                                "finish, or raise --lock-timeout",
                                path_, who, timeout.count()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string description = fmt::format("{} since {}\n", holder, NowUtc());
  if (ftruncate(fd, 0) == 0) (void)!pwrite(fd, description.data(), description.size(), 0);
  lock_fd_ = fd;
  return Status::Ok();
}

Status SqliteConnection::ReleaseLock() {
  if (lock_fd_ < 0) return Status::Ok();
  // The holder's description is only informative; the lock itself goes with the descriptor.
  (void)!ftruncate(lock_fd_, 0);
  close(lock_fd_);  // releases the flock
  lock_fd_ = -1;
  return Status::Ok();
}

Result<std::string> SqliteConnection::LockHolder() {
  if (path_ == ":memory:" || path_.empty()) return std::string();
  const std::string lock_path = path_ + ".strata-lock";
  int fd = open(lock_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string();  // never locked
  std::string holder;
  if (lock_fd_ >= 0 || flock(fd, LOCK_SH | LOCK_NB) != 0) {
    char buffer[512] = {};
    ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
    holder = n > 0 ? std::string(buffer, n) : "a process on this machine";
    while (!holder.empty() && holder.back() == '\n') holder.pop_back();
  }
  close(fd);  // also drops the probe's shared lock
  return holder;
}

Status SqliteConnection::BreakLock() {
  auto holder = LockHolder();
  if (!holder.ok()) return holder.status();
  if (holder->empty()) return Status::Ok();
  return Status(StatusCode::kRefused,
                fmt::format("the SQLite lock is held by a live process ({}); the kernel frees it when that process "
                            "ends, so stop that process instead",
                            *holder));
}

Status SqliteConnection::Begin() {
  if (batch_) return Exec("SAVEPOINT strata_step");
  // IMMEDIATE takes the write lock now, so two writers never deadlock upgrading from readers.
  return Exec("BEGIN IMMEDIATE");
}

Status SqliteConnection::Commit() {
  if (batch_) {
    if (sqlite3_get_autocommit(db_)) return BatchLost();
    return Exec("RELEASE strata_step");
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status s = Error("commit failed");
    (void)Rollback();
    return s;
  }
  return Status::Ok();
}

Status SqliteConnection::Rollback() {
  if (sqlite3_get_autocommit(db_)) {
    if (batch_) batch_lost_ = true;
    return Status::Ok();  // SQLite already rolled back
  }
  if (batch_) return Exec("ROLLBACK TO strata_step; RELEASE strata_step");
  return Exec("ROLLBACK");
}

Status SqliteConnection::BeginBatch() {
  STRATA_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  batch_ = true;
  batch_lost_ = false;
  return Status::Ok();
}

Status SqliteConnection::EndBatch() {
  batch_ = false;
  if (batch_lost_ || sqlite3_get_autocommit(db_)) return BatchLost();
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status s = Error("the run's final commit failed, so none of its migrations were kept");
    (void)Exec("ROLLBACK");
    return s;
  }
  return Status::Ok();
}

Status SqliteConnection::BatchLost() {
  batch_lost_ = true;
  return Status(StatusCode::kDatabaseError,
                "SQLite rolled back the run's transaction after an error (disk full, I/O or out of memory), so the "
                "migrations this run applied were undone with it; fix the cause and run `strata up` again");
}

Status SqliteConnection::Execute(const Script& script) {
  const std::string& text = script.text;
  const char* begin = text.c_str();
  const char* end = begin + text.size();
  const char* tail = begin;
  LineCounter lines(text);
  auto line_of = [&](size_t offset) { return script.first_line + lines.Line(offset) - 1; };
  int index = 0;
  while (tail < end) {
    const char* start = tail;
    size_t statement_offset = SkipBlank(text, start - begin);
    if (statement_offset >= text.size()) break;
    const int line = line_of(statement_offset);
    const bool in_transaction = !sqlite3_get_autocommit(db_);
    if (script.before_statement && !in_transaction) STRATA_RETURN_IF_ERROR(script.before_statement(index, line));
    sqlite3_stmt* stmt = nullptr;
    // The length counts the string's terminating NUL: told a length without it, SQLite copies the
    // rest of the script at every statement, which makes a long script quadratic.
    int rc = sqlite3_prepare_v2(db_, start, static_cast<int>(end - start + 1), &stmt, &tail);
    auto fail = [&](const std::string& message, size_t offset) {
      sqlite3_finalize(stmt);
      size_t statement_end = tail > start ? static_cast<size_t>(tail - begin) : text.size();
      std::string_view statement = std::string_view(text).substr(statement_offset, statement_end - statement_offset);
      Status s(StatusCode::kMigrationFailed,
               fmt::format("SQLite rejected the statement '{}': {}", StatementExcerpt(statement), message));
      if (message.find("within a transaction") != std::string::npos) {
        s = Status(StatusCode::kMigrationFailed, s.message() + "\n  " + sql::OutsideTransactionHint());
      }
      s.set_database_message(message);
      s.set_location({script.path, offset == statement_offset ? line : line_of(offset), index});
      return s;
    };
    if (rc == SQLITE_OK && !stmt) {
      // SQLite stopped short of the end without a statement: only a NUL does that (source/file_text.h
      // refuses NULs in files, this catches text from elsewhere). Never let the rest go unseen.
      if (tail == start) return fail("the text holds a NUL byte here, and SQLite ignores everything after it", statement_offset);
      continue;
    }
    if (rc == SQLITE_OK && in_transaction && index >= script.first_statement) {
      std::string keyword;
      // Only transaction control asks whether it is the last statement, so the check stays linear.
      const bool control = sql::TransactionControl(sqlite3_sql(stmt)).has_value();
      const size_t count = control && IsBlankSql(std::string_view(tail, end - tail)) ? index + 1 : index + 2;
      switch (sql::ClassifyInTransaction(sqlite3_sql(stmt), index, count, &keyword)) {
        case sql::InTransaction::kRefuse:
          sqlite3_finalize(stmt);
          return Status(StatusCode::kMigrationFailed, sql::TransactionControlRefusal(keyword))
              .set_location({script.path, line, index});
        case sql::InTransaction::kSkip:
          sqlite3_finalize(stmt);
          ++index;
          continue;
        case sql::InTransaction::kRun:
          break;
      }
    }
    if (rc == SQLITE_OK && index < script.first_statement) {
      sqlite3_finalize(stmt);
      ++index;
      continue;
    }
    if (rc == SQLITE_OK) {
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
      int error_offset = sqlite3_error_offset(db_);
      return fail(sqlite3_errmsg(db_), error_offset >= 0 ? (start - begin) + error_offset : statement_offset);
    }
    sqlite3_finalize(stmt);
    ++index;
  }
  return Status::Ok();
}

}  // namespace strata
