// Status and Result<T>: how every strata operation reports failure.
//
// Failure is routine for a migration tool (a busy lock, a modified file, DDL the database rejects), so the
// library returns values instead of throwing. A Status is either ok or carries a code, a message that
// says what happened and what to do next, and, where one exists, the place it happened: the migration
// file and line, and the database's own message. Result<T> is a T or a non-ok Status.
//
// Thread safety: plain values; distinct objects may be used from distinct threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace strata {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // bad usage or configuration: the caller must change what it asked for
  kInvalidMigration,    // a migration file cannot be read or parsed
  kValidationFailed,    // history and files disagree (modified, missing, out of order)
  kMigrationFailed,     // the database rejected a migration's statement
  kIrreversible,        // a revert was asked of a migration without a down part
  kDirty,               // an earlier run was interrupted or failed half-way; needs `repair`
  kLockTimeout,         // another runner held the lock for longer than the lock timeout
  kDatabaseError,       // the database failed outside a migration (connect, history table)
  kInvalidHistory,      // the history holds what strata did not write (edited by hand, another tool's table)
  kIoError,             // the file system failed
  kRefused,             // a guarded operation was refused (production, no confirmation)
  kUnsupported,         // the database holds or asks for what strata cannot do (an object kind it cannot dump)
};

const char* StatusCodeName(StatusCode code);

// Where a failure happened inside a migration.
struct Location {
  std::string file;    // path of the migration file
  int line = 0;        // 1-based; 0 when unknown
  int statement = -1;  // 0-based index of the failing statement in its section; -1 when unknown
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // The file and line a migration failed at, if known.
  const std::optional<Location>& location() const { return location_; }
  Status& set_location(Location location) {
    location_ = std::move(location);
    return *this;
  }

  // The database's own error text, quoted verbatim (empty when the failure is not the database's).
  const std::string& database_message() const { return database_message_; }
  Status& set_database_message(std::string text) {
    database_message_ = std::move(text);
    return *this;
  }

  // True when the same work may succeed if tried again unchanged: a DDL statement timed out waiting
  // for a table lock that someone else held.
  bool retryable() const { return retryable_; }
  Status& set_retryable(bool retryable) {
    retryable_ = retryable;
    return *this;
  }

  // True when the connection to the database was lost during the call: whether what was sent took
  // effect (a COMMIT above all) is known only to the database.
  bool connection_lost() const { return connection_lost_; }
  Status& set_connection_lost(bool lost) {
    connection_lost_ = lost;
    return *this;
  }

  // "file:line: message" when a location is known, else the message.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::optional<Location> location_;
  std::string database_message_;
  bool retryable_ = false;
  bool connection_lost_ = false;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(value_); }
  // REQUIRES: !ok() for status() to carry an error; returns Ok otherwise.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace strata

#define STRATA_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::strata::Status strata_status_ = (expr); \
    if (!strata_status_.ok()) return strata_status_; \
  } while (0)
