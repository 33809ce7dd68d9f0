#include "engine/risk.h"

#include <algorithm>

namespace strata {
namespace {

// Server version and rows per table, from the driver's catalog (estimates: no table is scanned).
void ReadFacts(Connection& c, lint::LintOptions& options) {
  CatalogFacts* facts = c.facts();
  if (!facts) return;
  // Facts only refine: without them every table counts as large.
  if (auto version = facts->ServerVersion(); version.ok()) options.server_version = *version;
  if (auto rows = facts->TableRows(); rows.ok()) options.table_rows = std::move(*rows);
}

}  // namespace

lint::LintOptions LintOptionsFor(Connection& c, const EngineOptions& options, bool facts) {
  lint::LintOptions lint = options.lint;
  lint.dialect = lint::ParseDialect(c.capabilities().dialect).value_or(lint::Dialect::kSqlite);
  lint.ddl_lock_timeout_ms = options.ddl_lock_timeout.count();
  if (facts) ReadFacts(c, lint);
  return lint;
}

std::vector<lint::Finding> AssessRisk(Connection& c, Plan& plan, const EngineOptions& options) {
  std::vector<lint::Finding> out;
  if (plan.steps.empty() || !lint::ParseDialect(c.capabilities().dialect)) return out;
  lint::LintOptions lint = LintOptionsFor(c, options, false);
  for (const lint::RuleInfo& rule : lint::Rules()) {
    if (rule.hazard == lint::Hazard::kDataLoss) lint.rules[rule.id].enabled = true;
  }
  auto turned_off = [&](const lint::Finding& f) {
    auto it = options.lint.rules.find(f.rule);
    return it != options.lint.rules.end() && !it->second.enabled;
  };
  const bool backups = options.backups && c.backups();
  bool facts_read = false;
  for (Step& step : plan.steps) {
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
    if (backups && (!step.migration || step.migration->format != MigrationFormat::kCode)) {
      for (lint::TableAtRisk& t : lint::TablesAtRisk(found, step.section(), lint.dialect, m.backup)) {
        step.at_risk.push_back({std::move(t.table), std::move(t.columns)});
      }
    }
    std::erase_if(found, turned_off);
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return out;
}

}  // namespace strata
