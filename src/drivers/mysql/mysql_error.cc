// MariaDB Connector/C's errors, translated in one place.
#include <errmsg.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "core/text.h"
#include "drivers/mysql/mysql_connection.h"

namespace strata {
namespace {

constexpr unsigned int kLockWaitTimeout = 1205;  // ER_LOCK_WAIT_TIMEOUT (also metadata locks)

// N of a message ending "at line N" (syntax errors count lines within the statement); 0 without one.
int LineAtEnd(const std::string& message) {
  constexpr std::string_view kAtLine = "at line ";
  size_t at = message.rfind(kAtLine);
  if (at == std::string::npos) return 0;
  std::string_view digits = std::string_view(message).substr(at + kAtLine.size());
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return 0;
  }
  return std::stoi(std::string(digits));
}

}  // namespace

Status MysqlError(MYSQL* mysql, const Script& script, size_t statement_offset, size_t statement_length) {
  unsigned int code = mysql_errno(mysql);
  std::string message = mysql_error(mysql);
  std::string_view statement = std::string_view(script.text).substr(statement_offset, statement_length);
  int line = script.first_line + LineOfOffset(script.text, statement_offset) - 1;
  if (int within = LineAtEnd(message); within > 0) line += within - 1;
  Status s(StatusCode::kMigrationFailed,
           fmt::format("MySQL rejected the statement '{}': {} (error {}, SQLSTATE {})", StatementExcerpt(statement), message,
                       code, mysql_sqlstate(mysql)));
  s.set_database_message(message);
  s.set_location({script.path, line});
  // A lock wait timeout undoes only the statement (innodb_rollback_on_timeout is off by default), so
  // resuming at it is safe. A deadlock rolls back a whole transaction the migration may have opened:
  // resuming there would run half of it again, so it is not retried.
  s.set_retryable(code == kLockWaitTimeout);
  // The server went away (crashed, restarted, or ended the session): nothing more runs on this connection.
  s.set_connection_lost(code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST);
  return s;
}

}  // namespace strata
