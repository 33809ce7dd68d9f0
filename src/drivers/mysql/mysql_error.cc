// MariaDB Connector/C's errors, translated in one place.
#include <errmsg.h>
#include <fmt/format.h>

#include <regex>

#include "core/text.h"
#include "drivers/mysql/mysql_connection.h"

namespace strata {
namespace {

constexpr unsigned int kLockWaitTimeout = 1205;  // ER_LOCK_WAIT_TIMEOUT (also metadata locks)

}  // namespace

Status MysqlError(MYSQL* mysql, const Script& script, size_t statement_offset, size_t statement_length) {
  unsigned int code = mysql_errno(mysql);
  std::string message = mysql_error(mysql);
  std::string_view statement = std::string_view(script.text).substr(statement_offset, statement_length);
  int line = script.first_line + LineOfOffset(script.text, statement_offset) - 1;
  // Syntax errors say "... at line N", counting within the statement.
  static const std::regex kAtLine(R"(at line (\d+)$)");
  std::smatch m;
  if (std::regex_search(message, m, kAtLine)) line += std::stoi(m[1].str()) - 1;
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
