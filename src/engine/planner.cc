#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/plan.h"

namespace strata {
namespace {

std::string Describe(const CatalogEntry& e) {
  return fmt::format("{} {}", e.version.text(), e.migration ? e.migration->name : e.record->name);
}

Status RefuseIfBlocked(const Catalog& catalog) {
  for (const CatalogEntry& e : catalog.entries) {
    if (!e.blocked()) continue;
    Status s(StatusCode::kDirty,
             fmt::format("migration {} {}; nothing was changed. Check the database (the error was: {}), "
                         "then run `strata repair` (add --applied if you completed it by hand)",
                         Describe(e),
                         e.record->status == MigrationStatus::kRunning ? "was interrupted while running"
                                                                        : "failed and may be half-applied",
                         e.record->error.empty() ? "none recorded" : e.record->error));
    if (e.migration) s.set_location({e.migration->paths[0], 0});
    return s;
  }
  return Status::Ok();
}

Step ApplyStep(const CatalogEntry& e) {
  return Step{e.version, e.migration->name, false, e.migration->up, e.migration, e.record};
}

// The down part of an applied migration: the file's if the file is there, else the text stored when it
// was applied. Irreversible when neither has one.
Result<Step> RevertStep(const CatalogEntry& e) {
  Step step{e.version, e.migration ? e.migration->name : e.record->name, true, {}, e.migration, e.record};
  if (e.migration) {
    if (!e.migration->down) {
      Status s(StatusCode::kIrreversible,
               fmt::format("migration {} has no down part, so it cannot be reverted; nothing was reverted. "
                           "Add a '-- strata:down' section if the change can be undone",
                           Describe(e)));
      s.set_location({e.migration->paths[0], 0});
      return s;
    }
    step.section = *e.migration->down;
    return step;
  }
  if (!e.record->down_text) {
    return Status(StatusCode::kIrreversible,
                  fmt::format("migration {} has no down part (its file is missing and none was recorded when it "
                              "was applied), so it cannot be reverted; nothing was reverted",
                              Describe(e)));
  }
  step.section.text = *e.record->down_text;
  step.section.transaction = e.record->down_transaction;
  step.section.path = fmt::format("(history of {})", e.version.text());
  return step;
}

Result<Plan> PlanReverts(const std::vector<const CatalogEntry*>& entries) {
  Plan plan;
  for (const CatalogEntry* e : entries) {
    auto step = RevertStep(*e);
    if (!step.ok()) return step.status();
    plan.steps.push_back(std::move(*step));
  }
  return plan;
}

}  // namespace

Catalog Join(const MigrationSet& set, const std::vector<HistoryRecord>& history) {
  std::map<Version, CatalogEntry> by_version;
  Catalog catalog;
  for (const Migration& m : set.migrations) {
    by_version[m.version] = CatalogEntry{m.version, &m, nullptr};
    catalog.has_code = catalog.has_code || m.format == MigrationFormat::kCode;
  }
  for (const HistoryRecord& r : history) {
    auto v = Version::Parse(r.version);
    if (!v) continue;  // not written by strata; ignore rather than guess
    auto& entry = by_version[*v];
    entry.version = entry.migration ? entry.version : *v;
    entry.record = &r;
    catalog.max_apply_order = std::max(catalog.max_apply_order, r.apply_order);
  }
  for (auto& [version, entry] : by_version) {
    if (entry.applied()) catalog.newest_applied = version;
    catalog.entries.push_back(entry);
  }
  return catalog;
}

Result<Plan> PlanUp(const Catalog& catalog, const UpOptions& options) {
  STRATA_RETURN_IF_ERROR(RefuseIfBlocked(catalog));
  if (options.count && *options.count < 0) {
    return Status(StatusCode::kInvalidArgument, "--count must be at least 0");
  }
  std::vector<Problem> problems = Validate(catalog);
  std::string refusal;
  Plan plan;
  for (const Problem& p : problems) {
    if (p.kind == ProblemKind::kOutOfOrder && options.allow_out_of_order) continue;
    if (options.force && p.kind == ProblemKind::kOutOfOrder) continue;  // reported as skipped below
    if (options.force) {
      plan.warnings.push_back(fmt::format("{} {} {} (ignored: --force)", p.version, p.name, p.message));
      continue;
    }
    refusal += fmt::format("\n  {} {} {}", p.version, p.name, p.message);
  }
  if (!refusal.empty()) {
    return Status(StatusCode::kValidationFailed,
                  "validation failed, nothing was applied:" + refusal +
                      "\n(--force applies the rest anyway, skipping out-of-order migrations)");
  }
  for (const CatalogEntry& e : catalog.entries) {
    if (!e.pending()) continue;
    if (options.to && *options.to < e.version) break;
    if (catalog.newest_applied && e.version < *catalog.newest_applied && !options.allow_out_of_order) {
      plan.skipped.push_back({e.version.text(), e.migration->name, false, StepOutcome::kSkipped, 0, Status(),
                              "out of order; pass --allow-out-of-order to apply it"});
      continue;
    }
    if (options.count && static_cast<int>(plan.steps.size()) >= *options.count) break;
    plan.steps.push_back(ApplyStep(e));
  }
  return plan;
}

Result<Plan> PlanDown(const Catalog& catalog, const DownOptions& options) {
  STRATA_RETURN_IF_ERROR(RefuseIfBlocked(catalog));
  std::vector<const CatalogEntry*> applied;
  for (const CatalogEntry& e : catalog.entries) {
    if (e.applied()) applied.push_back(&e);
  }
  // The last applied first: the order they were applied in, not their versions, decides.
  std::sort(applied.begin(), applied.end(), [](const CatalogEntry* a, const CatalogEntry* b) {
    if (a->record->apply_order != b->record->apply_order) return a->record->apply_order > b->record->apply_order;
    return b->version < a->version;
  });
  std::vector<const CatalogEntry*> chosen;
  if (options.all) {
    chosen = applied;
  } else if (options.to) {
    for (const CatalogEntry* e : applied) {
      if (*options.to < e->version) chosen.push_back(e);
    }
  } else {
    int count = options.count.value_or(1);
    if (count < 0) return Status(StatusCode::kInvalidArgument, "--count must be at least 0");
    for (int i = 0; i < count && i < static_cast<int>(applied.size()); ++i) chosen.push_back(applied[i]);
  }
  return PlanReverts(chosen);
}

Result<Plan> PlanRun(const Catalog& catalog, const Version& version) {
  STRATA_RETURN_IF_ERROR(RefuseIfBlocked(catalog));
  for (const CatalogEntry& e : catalog.entries) {
    if (!(e.version == version)) continue;
    if (!e.migration) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("no migration file has version {}; `strata list` shows the files", version.text()));
    }
    if (e.applied()) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("migration {} is already applied; `strata revert {}` first to run it again",
                                Describe(e), version.text()));
    }
    Plan plan;
    plan.steps.push_back(ApplyStep(e));
    return plan;
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("no migration file has version {}; `strata list` shows the files", version.text()));
}

Result<Plan> PlanRevert(const Catalog& catalog, const Version& version) {
  STRATA_RETURN_IF_ERROR(RefuseIfBlocked(catalog));
  for (const CatalogEntry& e : catalog.entries) {
    if (e.version == version && e.applied()) return PlanReverts({&e});
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("migration {} is not applied, so there is nothing to revert; `strata status` shows "
                            "what is applied",
                            version.text()));
}

}  // namespace strata
