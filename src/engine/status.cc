// The reading commands: status, validate, show. None takes the runner lock for longer than a glance.
#include <fmt/format.h>

#include "engine/batch_checkpoint.h"
#include "engine/history_access.h"
#include "engine/history_record.h"
#include "engine/plan.h"
#include "strata/engine.h"

namespace strata {
namespace {

// What Validate finds in files and history, and what the database says is left broken.
Result<std::vector<Problem>> ProblemsOf(Connection& c, const Catalog& catalog, const std::string& in_progress_by) {
  std::vector<Problem> problems = Validate(catalog);
  if (!in_progress_by.empty()) {
    std::erase_if(problems, [](const Problem& p) { return p.kind == ProblemKind::kInterrupted; });
  }
  auto broken = c.Inspect();
  if (!broken.ok()) return broken.status();
  for (const std::string& object : *broken) problems.push_back({ProblemKind::kBrokenObject, "", "", object});
  return problems;
}

}  // namespace

Result<StatusReport> Engine::GetStatus(const MigrationSet& set) {
  StatusReport report;
  auto history = ReadSettledHistory(*connection_, runner_lock(), options_, &report.in_progress_by);
  if (!history.ok() && history.status().code() == StatusCode::kLockTimeout) {
    // A writer keeps everyone out until it commits (SQLite outside WAL mode): say who, list the files,
    // and let the caller answer now instead of after the migration.
    auto holder = runner_lock().LockHolder();
    report.in_progress_by = holder.ok() && !holder->empty() ? *holder : "another connection";
    report.unreadable = BusyReading(runner_lock(), history.status()).message();
    report.migrations.reserve(set.migrations.size());
    for (const Migration& m : set.migrations) {
      MigrationState state;
      state.version = m.version.text();
      state.name = m.name;
      state.status = "unknown";
      state.checksum = m.checksum;
      state.path = m.paths[0];
      for (const Version& v : m.requirements) state.requirements.push_back(v.text());
      state.category = m.category;
      state.description = m.description;
      report.migrations.push_back(std::move(state));
    }
    report.total = static_cast<int>(set.migrations.size());
    return report;
  }
  if (!history.ok()) return history.status();
  Catalog catalog = Join(set, *history);
  if (catalog.newest_applied) report.current_version = catalog.newest_applied->text();
  report.migrations.reserve(catalog.entries.size());
  for (const CatalogEntry& e : catalog.entries) {
    MigrationState s;
    s.version = e.version.text();
    s.name = e.migration ? e.migration->name : e.record->name;
    s.status = e.record ? MigrationStatusName(e.record->status) : "pending";
    if (e.record && e.record->status == MigrationStatus::kReverted) s.status = "reverted";
    s.checksum = e.migration ? e.migration->checksum : e.record->checksum;
    s.path = e.migration ? e.migration->paths[0] : "";
    if (e.migration) {
      for (const Version& v : e.migration->requirements) s.requirements.push_back(v.text());
      s.category = e.migration->category;
      s.description = e.migration->description;
    }
    if (e.record) {
      s.applied_at = e.record->applied_at;
      s.applied_by = e.record->applied_by;
      s.duration_ms = e.record->duration_ms;
      s.error = e.record->error;
      s.dirty = e.record->dirty;
      if (e.record->status == MigrationStatus::kRunning) {
        // A batched migration's progress: its checkpoint, committed with its last batch.
        auto text = connection_->history().Meta(BatchMetaKey(e.record->version));
        auto checkpoint = text.ok() ? ParseCheckpoint(*text) : Result<std::optional<BatchCheckpoint>>(text.status());
        if (checkpoint.ok() && *checkpoint) {
          s.batch_rows_done = (*checkpoint)->rows_done;
          s.batch_rows_total = (*checkpoint)->rows_total;
        }
      }
    }
    s.modified = e.applied() && e.modified();
    s.forgotten = e.record && e.record->category == kForgottenCategory;
    s.squashed = e.squashed;
    s.missing = e.record && !e.migration && !s.forgotten && !s.squashed;
    report.migrations.push_back(std::move(s));
    ++report.total;
    if (!e.record) {
      ++report.pending;
    } else {
      switch (e.record->status) {
        case MigrationStatus::kApplied:
          ++report.applied;
          break;
        case MigrationStatus::kFailed:
          ++report.failed;
          break;
        case MigrationStatus::kReverted:
          ++report.reverted;
          break;
        case MigrationStatus::kRunning:
          ++report.running;
          break;
      }
    }
  }
  auto problems = ProblemsOf(*connection_, catalog, report.in_progress_by);
  if (!problems.ok()) return problems.status();
  report.problems = std::move(*problems);
  return report;
}

Result<std::vector<Problem>> Engine::Validate(const MigrationSet& set) {
  std::string in_progress_by;
  auto history = ReadSettledHistory(*connection_, runner_lock(), options_, &in_progress_by);
  if (!history.ok()) return BusyReading(runner_lock(), history.status());
  return ProblemsOf(*connection_, Join(set, *history), in_progress_by);
}

Result<StoredMigration> Engine::Show(const MigrationSet& set, const Version& version) {
  auto history = ReadTrustedHistory(*connection_, /*with_texts=*/true, options_);
  if (!history.ok()) return BusyReading(runner_lock(), history.status());
  Catalog catalog = Join(set, *history);
  STRATA_RETURN_IF_ERROR(CheckKnownVersion(catalog, version, "version"));
  for (const CatalogEntry& e : catalog.entries) {
    if (!(e.version == version)) continue;
    StoredMigration shown;
    shown.version = e.version.text();
    shown.name = e.migration ? e.migration->name : e.record->name;
    shown.status = e.record ? MigrationStatusName(e.record->status) : "pending";
    if (e.record) shown.record = *e.record;
    shown.migration = e.migration;
    return shown;
  }
  return Status(StatusCode::kInvalidArgument, "no such version");  // CheckKnownVersion ruled this out
}

}  // namespace strata
