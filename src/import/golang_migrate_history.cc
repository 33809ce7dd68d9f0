// golang-migrate's schema_migrations(version, dirty): one row, the version the database is at; every
// migration up to it is applied. A dirty version failed half-way: refused until `migrate force`.
// No row (or golang-migrate's -1) means nothing is applied. It keeps no times.
#include <fmt/format.h>

#include "import/foreign_history.h"

namespace strata {
namespace {

class GolangMigrateReader : public ForeignHistoryReader {
 public:
  Result<ForeignHistory> Read(SqlQueries& sql, const std::string&, const std::string& table,
                              const std::string& quoted) const override {
    auto rows = QueryHistoryTable(
        sql, fmt::format("SELECT version, CASE WHEN dirty THEN 1 ELSE 0 END FROM {}", quoted), table,
        ImportTool::kGolangMigrate);
    if (!rows.ok()) return rows.status();
    ForeignHistory history;
    if (rows->size() > 1) {
      history.refusals.push_back(fmt::format(
          "{} holds {} rows; golang-migrate keeps exactly one (the current version). Is it dbmate's table? Then "
          "import with --from dbmate",
          table, rows->size()));
      return history;
    }
    if (rows->empty()) return history;
    const std::string version = ColumnText((*rows)[0], 0);
    if (ColumnText((*rows)[0], 1) == "1") {
      history.refusals.push_back(fmt::format(
          "{}: version {} is dirty: golang-migrate failed in it half-way. Finish or undo its changes by hand, run "
          "`migrate force {}` (finished) or `migrate force <the version before>` (undone), then import again",
          table, version, version));
      return history;
    }
    if (version.starts_with("-")) return history;  // golang-migrate's "no version"
    history.applied_through = version;
    history.applied_through_where = fmt::format("{} version {}", table, version);
    return history;
  }
};

}  // namespace

const ForeignHistoryReader& GolangMigrateHistoryReader() {
  static const GolangMigrateReader reader;
  return reader;
}

}  // namespace strata
