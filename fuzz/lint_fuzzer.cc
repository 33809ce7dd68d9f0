// The risk analysis on any text: the first byte picks the dialect, the rest is a migration file. Every
// finding names a rule of the catalog that applies to that dialect and points into the file.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/text.h"
#include "strata/lint.h"
#include "strata/source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using strata::lint::Dialect;
  const Dialect dialects[] = {Dialect::kPostgres, Dialect::kMysql, Dialect::kSqlite, Dialect::kDuckdb, Dialect::kMongodb};
  Dialect dialect = dialects[data[0] % 5];
  std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  bool json = dialect == Dialect::kMongodb;
  auto migration = strata::ParseMigrationFile(json ? "1_fuzz.json" : "1_fuzz.sql", content);
  if (!migration.ok()) return 0;
  strata::lint::LintOptions options;
  options.dialect = dialect;
  const int lines = strata::LineOfOffset(content, content.size());
  for (const strata::lint::Finding& f : strata::lint::LintMigration(*migration, options)) {
    const strata::lint::RuleInfo* rule = strata::lint::FindRule(f.rule);
    bool applies = rule && rule->AppliesTo(dialect);
    if (!applies || f.line < 1 || f.line > lines || f.column < 1) {
      std::fprintf(stderr, "finding %s at %d:%d (file has %d lines) for %s\n", f.rule.c_str(), f.line, f.column, lines,
                   strata::lint::DialectName(dialect));
      std::abort();
    }
  }
  return 0;
}
