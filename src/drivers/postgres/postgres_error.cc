// libpq's errors, translated in one place.
#include <fmt/format.h>

#include "core/text.h"
#include "sql/transaction_control.h"
#include "drivers/postgres/postgres_connection.h"

namespace strata {
namespace {

std::string Field(const PGresult* r, int code) {
  const char* v = PQresultErrorField(r, code);
  return v ? v : "";
}

// Byte offset of the `chars`-th character (0-based) of UTF-8 `text`: the server counts characters.
size_t ByteOfChar(std::string_view text, size_t chars) {
  size_t i = 0;
  while (i < text.size() && chars > 0) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    --chars;
  }
  return i;
}

}  // namespace

Status PostgresError(const PGresult* result, const Script& script, size_t statement_offset,
                     size_t statement_length) {
  std::string primary = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (primary.empty()) primary = PQresultErrorMessage(result);
  std::string sqlstate = Field(result, PG_DIAG_SQLSTATE);
  std::string_view statement = std::string_view(script.text).substr(statement_offset, statement_length);
  std::string message = fmt::format("PostgreSQL rejected the statement '{}': {}", StatementExcerpt(statement), primary);
  if (!sqlstate.empty()) message += fmt::format(" (SQLSTATE {})", sqlstate);
  if (std::string detail = Field(result, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) message += "\n  detail: " + detail;
  if (std::string hint = Field(result, PG_DIAG_MESSAGE_HINT); !hint.empty()) message += "\n  hint: " + hint;
  if (std::string where = Field(result, PG_DIAG_CONTEXT); !where.empty()) message += "\n  context: " + where;
  // 25001 active_sql_transaction: CREATE INDEX CONCURRENTLY, VACUUM, CREATE DATABASE ... in a transaction.
  if (sqlstate == "25001") message += "\n  " + sql::OutsideTransactionHint();

  size_t offset = statement_offset;
  if (std::string position = Field(result, PG_DIAG_STATEMENT_POSITION); !position.empty()) {
    offset += ByteOfChar(statement, static_cast<size_t>(std::max(0, std::atoi(position.c_str()) - 1)));
  }
  Status s(StatusCode::kMigrationFailed, message);
  s.set_database_message(primary);
  s.set_location({script.path, script.first_line + LineOfOffset(script.text, offset) - 1});
  // 55P03 lock_not_available: lock_timeout expired. 40P01 deadlock_detected: retrying helps too.
  s.set_retryable(sqlstate == "55P03" || sqlstate == "40P01");
  return s;
}

Status PostgresConnectionLost(PGconn* conn, const Script& script, const ScriptStatement& statement) {
  std::string cause = PQerrorMessage(conn);
  while (!cause.empty() && (cause.back() == '\n' || cause.back() == ' ' || cause.back() == '.')) cause.pop_back();
  for (size_t at; (at = cause.find("\n\t")) != std::string::npos;) cause.replace(at, 2, 1, ' ');
  for (size_t at; (at = cause.find('\n')) != std::string::npos;) cause.replace(at, 1, "; ");
  std::string_view text = std::string_view(script.text).substr(statement.offset, statement.length);
  return Status(StatusCode::kMigrationFailed,
                fmt::format("lost the connection to the database while running '{}' ({}); the server rolls back "
                            "a transaction left open. Once the database is back, `strata status` shows what was "
                            "applied",
                            StatementExcerpt(text), cause))
      .set_location({script.path, statement.line, statement.index})
      .set_connection_lost(true);
}

}  // namespace strata
