#include "drivers/sql/script_statements.h"

#include "core/text.h"
#include "sql/transaction_control.h"

namespace strata {

Result<std::vector<ScriptStatement>> StatementsOf(const Script& script, sql::Dialect dialect, bool in_transaction) {
  std::vector<sql::StatementSpan> spans = sql::SplitStatements(script.text, dialect);
  std::vector<ScriptStatement> out;
  out.reserve(spans.size());
  LineCounter lines(script.text);
  for (size_t i = 0; i < spans.size(); ++i) {
    const sql::StatementSpan& span = spans[i];
    std::string_view text = std::string_view(script.text).substr(span.offset, span.length);
    int line = script.first_line + lines.Line(span.offset) - 1;
    if (in_transaction) {
      std::string keyword;
      sql::InTransaction action = sql::ClassifyInTransaction(text, i, spans.size(), &keyword);
      if (action == sql::InTransaction::kRefuse) {
        return Status(StatusCode::kMigrationFailed, sql::TransactionControlRefusal(keyword))
            .set_location({script.path, line, static_cast<int>(i)});
      }
      if (action == sql::InTransaction::kSkip) continue;
    }
    if (static_cast<int>(i) < script.first_statement) continue;
    out.push_back({span.offset, span.length, line, static_cast<int>(i)});
  }
  return out;
}

}  // namespace strata
