// Flyway's flyway_schema_history: a row per run, in installed_rank order. A versioned migration is
// applied when its latest row is a successful apply; an undo (UNDO_SQL) or a repair's DELETE row takes
// it back. A failed row (success = false) is a half-done migration: refused. A BASELINE row says the
// database already had everything up to its version. Repeatable migrations (no version) are refused, as
// their files are (source/file_name.h).
#include <fmt/format.h>

#include <algorithm>

#include "import/foreign_history.h"

namespace strata {
namespace {

class FlywayReader : public ForeignHistoryReader {
 public:
  Result<ForeignHistory> Read(SqlQueries& sql, const std::string& dialect, const std::string& table,
                              const std::string& quoted) const override {
    auto rows = QueryHistoryTable(
        sql,
        fmt::format("SELECT installed_rank, version, type, script, {}, installed_by, CASE WHEN success THEN 1 ELSE 0 "
                    "END FROM {} ORDER BY installed_rank",
                    AsText("installed_on", dialect), quoted),
        table, ImportTool::kFlyway);
    if (!rows.ok()) return rows.status();
    ForeignHistory history;
    for (const SqlRow& row : *rows) {
      const std::string rank = ColumnText(row, 0), version = ColumnText(row, 1), type = ColumnText(row, 2);
      const std::string script = ColumnText(row, 3);
      const std::string where = fmt::format("{} installed_rank {}", table, rank);
      auto erase = [&] {
        std::erase_if(history.applied, [&](const ForeignApplied& a) { return a.version == version; });
      };
      if (type == "SCHEMA") {
        history.notes.push_back(fmt::format("{}: Flyway created the schema; nothing to import", where));
        continue;
      }
      if (ColumnText(row, 6) != "1") {
        history.refusals.push_back(fmt::format(
            "{}: {} {} failed (success = false): Flyway left it half-done. Finish or undo its changes by hand, run "
            "`flyway repair`, then import again",
            where, version.empty() ? "repeatable" : "version " + version, script));
        continue;
      }
      if (version.empty()) {
        history.refusals.push_back(fmt::format(
            "{}: repeatable migration {} was applied: strata does not support repeatables. Give it a version (a file "
            "<version>_{}) and record it with `strata baseline` or leave it out, then import again",
            where, script, script.substr(script.find("__") == std::string::npos ? 0 : script.find("__") + 2)));
        continue;
      }
      auto time = NormalizedTime(ColumnText(row, 4));
      if (type == "BASELINE") {
        history.applied_through = version;
        history.applied_through_at = time.value_or("");
        history.applied_through_where = where + " (Flyway's baseline)";
        continue;
      }
      erase();
      if (type.starts_with("UNDO") || type == "DELETE") continue;  // no longer applied
      history.applied.push_back({version, "", time.value_or(""), ColumnText(row, 5), where});
    }
    return history;
  }
};

}  // namespace

const ForeignHistoryReader& FlywayHistoryReader() {
  static const FlywayReader reader;
  return reader;
}

}  // namespace strata
