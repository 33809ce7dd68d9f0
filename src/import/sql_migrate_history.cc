// sql-migrate's gorp_migrations(id, applied_at): a row per applied file, named by its file name (not a
// version), deleted when it is rolled back.
#include <fmt/format.h>

#include "import/foreign_history.h"

namespace strata {
namespace {

class SqlMigrateReader : public ForeignHistoryReader {
 public:
  Result<ForeignHistory> Read(SqlQueries& sql, const std::string& dialect, const std::string& table,
                              const std::string& quoted) const override {
    auto rows = QueryHistoryTable(
        sql, fmt::format("SELECT id, {} FROM {} ORDER BY applied_at, id", AsText("applied_at", dialect), quoted), table,
        ImportTool::kSqlMigrate);
    if (!rows.ok()) return rows.status();
    ForeignHistory history;
    for (const SqlRow& row : *rows) {
      const std::string id = ColumnText(row, 0);
      history.applied.push_back(
          {"", id, NormalizedTime(ColumnText(row, 1)).value_or(""), "", fmt::format("{} id {}", table, id)});
    }
    return history;
  }
};

}  // namespace

const ForeignHistoryReader& SqlMigrateHistoryReader() {
  static const SqlMigrateReader reader;
  return reader;
}

}  // namespace strata
