// dbmate's schema_migrations(version): a row per applied migration, deleted when it is rolled back.
// It keeps no times.
#include <fmt/format.h>

#include "import/foreign_history.h"

namespace strata {
namespace {

class DbmateReader : public ForeignHistoryReader {
 public:
  Result<ForeignHistory> Read(SqlQueries& sql, const std::string&, const std::string& table,
                              const std::string& quoted) const override {
    auto rows = QueryHistoryTable(sql, fmt::format("SELECT version FROM {} ORDER BY version", quoted), table,
                                  ImportTool::kDbmate);
    if (!rows.ok()) return rows.status();
    ForeignHistory history;
    // golang-migrate's table has the same name and a `dirty` column: a mistaken --from would import its
    // one current version as if only that migration were applied.
    auto dirty = sql.Query(fmt::format("SELECT COUNT(*) FROM {} WHERE dirty IS NOT NULL", quoted), {});
    if (dirty.ok()) {
      history.refusals.push_back(fmt::format(
          "{} has a 'dirty' column: it is golang-migrate's table, not dbmate's; import with --from golang-migrate",
          table));
      return history;
    }
    for (const SqlRow& row : *rows) {
      const std::string version = ColumnText(row, 0);
      history.applied.push_back({version, "", "", "", fmt::format("{} version {}", table, version)});
    }
    return history;
  }
};

}  // namespace

const ForeignHistoryReader& DbmateHistoryReader() {
  static const DbmateReader reader;
  return reader;
}

}  // namespace strata
