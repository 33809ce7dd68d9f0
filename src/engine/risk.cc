#include "engine/risk.h"

#include <algorithm>
#include <cstdlib>

namespace strata {
namespace {

// "10.11.6-MariaDB-log" -> 101106, "8.0.34" -> 80034.
int MysqlVersionNumber(const std::string& text) {
  int major = 0, minor = 0, patch = 0;
  if (std::sscanf(text.c_str(), "%d.%d.%d", &major, &minor, &patch) < 2) return 0;
  return major * 10000 + minor * 100 + patch;
}

// Server version and rows per table, read from the catalog (estimates: no table is scanned). Only the
// databases whose rules weigh table size (PostgreSQL, MySQL/MariaDB) are asked.
void ReadFacts(Connection& c, lint::LintOptions& options) {
  SqlQueries* sql = c.sql();
  if (!sql) return;
  std::string version_query, tables_query;
  if (options.dialect == lint::Dialect::kPostgres) {
    version_query = "SELECT current_setting('server_version_num')";
    // A table never analysed has reltuples -1: its size on disk stands in (about 100 bytes a row).
    tables_query =
        "SELECT lower(n.nspname), lower(c.relname), CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint "
        "ELSE pg_relation_size(c.oid) / 100 END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')";
  } else if (options.dialect == lint::Dialect::kMysql) {
    version_query = "SELECT VERSION()";
    tables_query =
        "SELECT LOWER(TABLE_SCHEMA), LOWER(TABLE_NAME), TABLE_ROWS FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE()";
  } else {
    return;
  }
  auto version = sql->Query(version_query, {});
  auto tables = sql->Query(tables_query, {});
  if (!version.ok() || !tables.ok()) return;  // facts only refine: without them every table is large
  if (!version->empty() && !version->front().empty() && version->front()[0]) {
    const std::string& v = *version->front()[0];
    options.server_version = options.dialect == lint::Dialect::kPostgres ? std::atoi(v.c_str()) : MysqlVersionNumber(v);
  }
  std::map<std::string, int64_t> rows;
  for (const SqlRow& row : *tables) {
    if (row.size() < 3 || !row[0] || !row[1]) continue;
    int64_t n = row[2] ? std::atoll(row[2]->c_str()) : 0;
    rows[*row[0] + "." + *row[1]] = n;
    auto [it, inserted] = rows.emplace(*row[1], n);
    if (!inserted) it->second = std::max(it->second, n);  // the same name in two schemas: the larger
  }
  options.table_rows = std::move(rows);
}

}  // namespace

lint::LintOptions LintOptionsFor(Connection& c, const EngineOptions& options, bool facts) {
  lint::LintOptions lint = options.lint;
  lint.dialect = lint::ParseDialect(c.capabilities().dialect).value_or(lint::Dialect::kSqlite);
  lint.ddl_lock_timeout_ms = options.ddl_lock_timeout.count();
  if (facts) ReadFacts(c, lint);
  return lint;
}

std::vector<lint::Finding> AssessRisk(Connection& c, const Plan& plan, const EngineOptions& options) {
  std::vector<lint::Finding> out;
  if (plan.steps.empty() || !lint::ParseDialect(c.capabilities().dialect)) return out;
  lint::LintOptions lint = LintOptionsFor(c, options, false);
  bool facts_read = false;
  for (const Step& step : plan.steps) {
    Migration placeholder;  // a revert whose file is gone: only its stored down part is known
    placeholder.version = step.version;
    placeholder.name = step.name;
    const Migration& m = step.migration ? *step.migration : placeholder;
    std::vector<lint::Finding> found = lint::LintPart(m, step.section(), step.revert, lint);
    bool weighs_size = std::any_of(found.begin(), found.end(), [](const lint::Finding& f) {
      const lint::RuleInfo* rule = lint::FindRule(f.rule);
      return rule && rule->hazard == lint::Hazard::kLock;
    });
    if (weighs_size && !facts_read) {
      facts_read = true;
      ReadFacts(c, lint);
      if (lint.table_rows || lint.server_version) found = lint::LintPart(m, step.section(), step.revert, lint);
    }
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return out;
}

}  // namespace strata
