// goose's goose_db_version: a row per apply (is_applied = true) and, in older goose, per revert
// (is_applied = false); newer goose deletes the row instead. The latest row of a version (highest id)
// decides. version_id 0 is the row goose writes when it creates the table, not a migration.
#include <fmt/format.h>

#include <algorithm>

#include "import/foreign_history.h"

namespace strata {
namespace {

class GooseReader : public ForeignHistoryReader {
 public:
  Result<ForeignHistory> Read(SqlQueries& sql, const std::string& dialect, const std::string& table,
                              const std::string& quoted) const override {
    auto rows = QueryHistoryTable(
        sql,
        fmt::format("SELECT id, version_id, CASE WHEN is_applied THEN 1 ELSE 0 END, {} FROM {} ORDER BY id",
                    AsText("tstamp", dialect), quoted),
        table, ImportTool::kGoose);
    if (!rows.ok()) return rows.status();
    ForeignHistory history;
    for (const SqlRow& row : *rows) {
      const std::string version = ColumnText(row, 1);
      if (version == "0") continue;
      std::erase_if(history.applied, [&](const ForeignApplied& a) { return a.version == version; });
      if (ColumnText(row, 2) != "1") continue;  // reverted
      history.applied.push_back({version, "", NormalizedTime(ColumnText(row, 3)).value_or(""), "",
                                 fmt::format("{} id {}", table, ColumnText(row, 0))});
    }
    return history;
  }
};

}  // namespace

const ForeignHistoryReader& GooseHistoryReader() {
  static const GooseReader reader;
  return reader;
}

}  // namespace strata
