// strata import: another tool's history recorded in strata's, under the runner lock, all or nothing.
#include <fmt/format.h>

#include <algorithm>

#include "core/clock.h"
#include "engine/history_access.h"
#include "engine/history_record.h"
#include "engine/scopes.h"
#include "import/foreign_history.h"
#include "import/import_plan.h"
#include "strata/engine.h"

namespace strata {
namespace {

ImportedMigration ImportedFromEntry(const ImportEntry& e) {
  return {e.migration->version.text(), e.migration->name, e.applied_at, e.where};
}

std::string ImportRefusalMessage(const char* tool, const std::string& table, const std::vector<std::string>& refusals) {
  std::string message = fmt::format("import from {} refused: {}'s history ({}) and the migration files disagree:",
                                    tool, tool, table);
  for (const std::string& r : refusals) message += "\n  - " + r;
  return message + "\nnothing was recorded";
}

}  // namespace

Result<ImportReport> Engine::Import(const MigrationSet& set, const ImportOptions& options) {
  auto tool = ParseImportTool(options.tool);
  if (!tool) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("unknown tool '{}' to import from; strata imports from {}", options.tool, ImportToolNames()));
  }
  SqlQueries* sql = connection_->sql();
  if (!sql) {
    return Status(StatusCode::kUnsupported,
                  fmt::format("{} cannot be imported here: this database has no SQL, so no {} history",
                              ImportToolName(*tool), ImportToolName(*tool)));
  }
  const std::string dialect = connection_->capabilities().dialect;
  ImportReport report;
  report.tool = ImportToolName(*tool);
  report.table = options.table.empty() ? DefaultHistoryTable(*tool) : options.table;
  report.dry_run = options.dry_run;
  auto quoted = QuotedTable(report.table, dialect);
  if (!quoted.ok()) return quoted.status();

  LockScope lock(runner_lock());
  STRATA_RETURN_IF_ERROR(lock.Acquire(options_, "import"));
  // Both histories are read under the lock: no strata run changes its own meanwhile.
  auto history = ReadTrustedHistory(*connection_, /*with_texts=*/false, options_);
  if (!history.ok()) return history.status();
  auto foreign = ReaderFor(*tool).Read(*sql, dialect, report.table, *quoted);
  if (!foreign.ok()) return foreign.status();
  ImportPlan plan = PlanImport(*tool, set, *foreign, *history);
  if (!plan.refusals.empty()) {
    return Status(StatusCode::kValidationFailed, ImportRefusalMessage(report.tool.c_str(), report.table, plan.refusals));
  }
  for (const ImportEntry& e : plan.to_record) report.recorded.push_back(ImportedFromEntry(e));
  for (const ImportEntry& e : plan.already) report.already.push_back(ImportedFromEntry(e));
  for (const Migration* m : plan.not_applied) report.not_applied.push_back(m->version.text() + " " + m->name);
  report.notes = std::move(plan.notes);
  if (options.dry_run || plan.to_record.empty()) return report;

  STRATA_RETURN_IF_ERROR(EnsureHistory(*connection_));
  TransactionScope tx(*connection_);
  const bool atomic = connection_->capabilities().transactional_ddl;
  if (atomic) STRATA_RETURN_IF_ERROR(tx.Begin());
  const std::string actor = options_.actor.empty() ? DefaultActor() : options_.actor;
  int64_t apply_order = 0;
  for (const HistoryRecord& r : *history) apply_order = std::max(apply_order, r.apply_order);
  const std::string now = NowUtc();
  for (const ImportEntry& e : plan.to_record) {
    HistoryRecord r = AppliedRecord(*e.migration, actor, ++apply_order, "");
    if (!e.applied_at.empty()) r.applied_at = e.applied_at;
    r.applied_by = e.applied_by.empty() ? report.tool : fmt::format("{} ({})", e.applied_by, report.tool);
    std::string note = fmt::format("imported from {} ({}), applied {}", report.tool, e.where,
                                   e.applied_at.empty() ? "at a time " + report.tool + " does not keep" : e.applied_at);
    STRATA_RETURN_IF_ERROR(connection_->history().Save(r));
    STRATA_RETURN_IF_ERROR(connection_->history().Append(
        {0, r.version, r.name, EventAction::kImport, now, actor, 0, r.checksum, std::move(note)}));
  }
  if (atomic) STRATA_RETURN_IF_ERROR(tx.Commit());
  return report;
}

}  // namespace strata
