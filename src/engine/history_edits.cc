// The commands that change history records only, never the schema: repair and baseline.
#include <fmt/format.h>

#include "core/clock.h"
#include "engine/history_access.h"
#include "engine/history_record.h"
#include "engine/plan.h"
#include "engine/scopes.h"
#include "strata/engine.h"

namespace strata {
namespace {

// Changes history records only (repair, baseline): under the lock, in one transaction where the
// database allows, committed only if `change` succeeds. `check` runs first, before the history tables
// are created, so that a refused command leaves the database as it was.
template <typename T, typename Check, typename Change>
Result<T> ChangeHistory(Connection& c, RunnerLock& runner_lock, const EngineOptions& options, const char* command,
                        const MigrationSet& set, Check&& check, Change&& change) {
  LockScope lock(runner_lock);
  STRATA_RETURN_IF_ERROR(lock.Acquire(options, command));
  // Read under the lock: no other run changes the history until it is released.
  auto history = ReadTrustedHistory(c, /*with_texts=*/true, options);
  if (!history.ok()) return history.status();
  Catalog catalog = Join(set, *history);
  STRATA_RETURN_IF_ERROR(check(catalog));
  STRATA_RETURN_IF_ERROR(EnsureHistory(c));
  TransactionScope tx(c);
  const bool atomic = c.capabilities().transactional_ddl;
  if (atomic) STRATA_RETURN_IF_ERROR(tx.Begin());
  Result<T> result = change(c, catalog);
  if (result.ok() && atomic) STRATA_RETURN_IF_ERROR(tx.Commit());
  return result;
}

}  // namespace

Result<RepairReport> Engine::Repair(const MigrationSet& set, const RepairOptions& options) {
  return ChangeHistory<RepairReport>(
      *connection_, runner_lock(), options_, "repair", set,
      [&](const Catalog& catalog) -> Status {
        for (const Version& version : options.forget) {
          STRATA_RETURN_IF_ERROR(CheckKnownVersion(catalog, version, "--forget"));
        }
        return Status::Ok();
      },
      [&](Connection& c, Catalog& catalog) -> Result<RepairReport> {
        const std::string actor = options_.actor.empty() ? DefaultActor() : options_.actor;
        RepairReport report;
        auto event_for = [&](const HistoryRecord& r, std::string what) {
          return HistoryEvent{0, r.version, r.name, EventAction::kRepair, NowUtc(), actor, 0, r.checksum, std::move(what)};
        };
        if (!options.forget.empty()) {
          // Only what was named: each must be an applied migration whose file is gone.
          for (const Version& version : options.forget) {
            const CatalogEntry* e = nullptr;
            for (const CatalogEntry& entry : catalog.entries) {
              if (entry.version == version) e = &entry;
            }
            if (e->migration || !e->applied()) {
              return Status(StatusCode::kInvalidArgument,
                            fmt::format("--forget {}: only an applied migration whose file was deleted can be "
                                        "forgotten, and {}; nothing was changed",
                                        version.text(),
                                        e->migration ? "its file " + e->migration->paths[0] + " is there"
                                                     : std::string("it is ") + MigrationStatusName(e->record->status)));
            }
            if (e->record->category == kForgottenCategory) continue;
            HistoryRecord forgotten = *e->record;
            forgotten.category = kForgottenCategory;
            STRATA_RETURN_IF_ERROR(c.history().Save(forgotten));
            std::string what = "forgotten: its file was deleted on purpose; its changes stay in the database and it "
                               "will not run again";
            STRATA_RETURN_IF_ERROR(c.history().Append(event_for(forgotten, what)));
            report.cleared.push_back(fmt::format("{} {}: {}", forgotten.version, forgotten.name, what));
          }
          return report;
        }
        for (const CatalogEntry& e : catalog.entries) {
          if (!e.record) continue;
          const HistoryRecord& r = *e.record;
          bool unsettled = r.status == MigrationStatus::kRunning || r.status == MigrationStatus::kFailed;
          if (unsettled && options.mark_applied) {
            if (!e.migration) {
              return Status(
                  StatusCode::kInvalidArgument,
                  fmt::format("cannot mark {} {} applied: its file is missing; restore it first", r.version, r.name));
            }
            HistoryRecord applied = AppliedRecord(*e.migration, actor, ++catalog.max_apply_order, r.version);
            STRATA_RETURN_IF_ERROR(c.history().Save(applied));
            HistoryEvent event = event_for(applied, fmt::format("marked applied (was {})", MigrationStatusName(r.status)));
            report.cleared.push_back(fmt::format("{} {}: {}", r.version, r.name, event.error));
            STRATA_RETURN_IF_ERROR(c.history().Append(event));
          } else if (unsettled) {
            STRATA_RETURN_IF_ERROR(c.history().Delete(r.version));
            HistoryEvent event = event_for(r, fmt::format("forgotten (was {}); pending again", MigrationStatusName(r.status)));
            report.cleared.push_back(fmt::format("{} {}: {}", r.version, r.name, event.error));
            STRATA_RETURN_IF_ERROR(c.history().Append(event));
          } else if (e.applied() && e.modified()) {
            HistoryRecord realigned = RealignedRecord(r, *e.migration);
            STRATA_RETURN_IF_ERROR(c.history().Save(realigned));
            STRATA_RETURN_IF_ERROR(c.history().Append(event_for(realigned, fmt::format("checksum realigned from {}", r.checksum))));
            report.realigned.push_back(fmt::format("{} {}: {} -> {}", r.version, r.name, r.checksum.substr(0, 19),
                                                   realigned.checksum.substr(0, 19)));
          }
        }
        return report;
      });
}

Result<RunReport> Engine::Baseline(const MigrationSet& set, const Version& version) {
  return ChangeHistory<RunReport>(
      *connection_, runner_lock(), options_, "baseline", set,
      [&](const Catalog& catalog) { return CheckKnownVersion(catalog, version, "baseline"); },
      [&](Connection& c, Catalog& catalog) -> Result<RunReport> {
        const std::string actor = options_.actor.empty() ? DefaultActor() : options_.actor;
        RunReport report;
        for (const CatalogEntry& e : catalog.entries) {
          if (version < e.version) break;
          if (!e.migration || e.applied()) continue;
          if (e.blocked()) {
            return Status(StatusCode::kDirty, fmt::format("migration {} {} is unsettled; run `strata repair` first",
                                                          e.version.text(), e.migration->name));
          }
          HistoryRecord r =
              AppliedRecord(*e.migration, actor, ++catalog.max_apply_order, e.record ? e.record->version : "");
          STRATA_RETURN_IF_ERROR(c.history().Save(r));
          STRATA_RETURN_IF_ERROR(
              c.history().Append({0, r.version, r.name, EventAction::kBaseline, r.applied_at, actor, 0, r.checksum, ""}));
          StepResult step;
          step.version = e.version.text();
          step.name = r.name;
          step.outcome = StepOutcome::kApplied;
          step.note = "baseline: recorded as applied, not run";
          report.steps.push_back(std::move(step));
        }
        return report;
      });
}

}  // namespace strata
