#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/dependencies.h"
#include "engine/history_record.h"
#include "engine/plan.h"

namespace strata {
namespace {

std::string DescribeAll(const std::vector<const CatalogEntry*>& entries) {
  std::vector<std::string> names;
  for (const CatalogEntry* e : entries) names.push_back(Describe(*e));
  return fmt::format("{}", fmt::join(names, ", "));
}

// `reverting`: a down or revert, which resumes a batched revert that stopped between batches.
Status RefuseIfBlocked(const Catalog& catalog, bool reverting = false) {
  for (const CatalogEntry& e : catalog.entries) {
    if (!e.blocked() || (reverting && e.revert_resumable())) continue;
    if (e.revert_resumable()) {
      return Status(StatusCode::kDirty,
                    fmt::format("migration {} was being reverted in batches and stopped ({}); nothing was changed. "
                                "`strata down` or `strata revert {}` finishes the revert from there",
                                Describe(e), e.record->error, e.version.text()))
          .set_location({e.migration->paths[0], 0});
    }
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
  return Step{e.version, e.migration->name, false, e.migration, e.record, &e.migration->up, std::nullopt, {}, false, {}};
}

// How to give a migration of this format a down part, in its own words.
std::string HowToAddDown(const Migration& m) {
  switch (m.format) {
    case MigrationFormat::kDbmate:
      return "Add a '-- migrate:down' section if the change can be undone";
    case MigrationFormat::kGolangMigrate:
      return fmt::format("Add the file {}_{}.down.sql beside {} if the change can be undone", m.version.text(), m.name,
                         m.paths[0]);
    case MigrationFormat::kMongoJson:
      return "Add a \"down\" array of commands if the change can be undone";
    case MigrationFormat::kFlyway:
      return fmt::format("Add the undo file U{}__{}.sql beside {} if the change can be undone", m.version.text(),
                         m.name, m.paths[0]);
    case MigrationFormat::kGoose:
      return "Add a '-- +goose Down' section if the change can be undone";
    case MigrationFormat::kSqlMigrate:
      return "Add a '-- +migrate Down' section if the change can be undone";
    case MigrationFormat::kCode:
      return "Register a down step with the code migration if the change can be undone";
    case MigrationFormat::kStrata:
      break;
  }
  return "Add a '-- strata:down' section if the change can be undone";
}

// The down part of an applied migration: the file's if the file is there, else the text stored when it
// was applied. Irreversible when neither has one. A file changed since it was applied is reverted only
// as `options` say (see DownOptions).
Result<Step> RevertStep(const CatalogEntry& e, const DownOptions& options) {
  Step step{e.version, e.migration ? e.migration->name : e.record->name, true, e.migration, e.record, nullptr,
            std::nullopt, {}, false, {}};
  const bool stored = !e.migration || (options.use_stored_down && e.migration->format != MigrationFormat::kCode);
  if (stored && e.revert_resumable()) {
    // The stored text runs as one statement: the ranges already reverted would be reverted again.
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("migration {} was being reverted in batches from its file and stopped; finishing it "
                              "runs the same down part from the checkpoint. Drop --use-stored-down; nothing was "
                              "reverted",
                              Describe(e)))
        .set_location({e.migration->paths[0], 0});
  }
  if (!stored) {
    if (!e.migration->down) {
      Status s(StatusCode::kIrreversible,
               fmt::format("migration {} has no down part, so it cannot be reverted; nothing was reverted. {}",
                           Describe(e), HowToAddDown(*e.migration)));
      s.set_location({e.migration->paths[0], 0});
      return s;
    }
    if (e.modified() && !options.force) {
      const bool down_differs = !e.record->down_text || *e.record->down_text != e.migration->down->text;
      Status s(StatusCode::kValidationFailed,
               fmt::format("migration {} was modified after it was applied ({}), so it is not reverted without a "
                           "choice; nothing was reverted. --force runs the file's down part; --use-stored-down runs "
                           "the one stored when it was applied; `strata show {} --diff` shows the difference",
                           Describe(e),
                           down_differs ? "its down part differs from the one stored when it was applied"
                                        : "its down part is unchanged, its up part is not",
                           e.version.text()));
      s.set_location({e.migration->paths[0], 0});
      return s;
    }
    step.file_section = &*e.migration->down;
    return step;
  }
  if (e.record->category == kCodeCategory) {
    return Status(StatusCode::kIrreversible,
                  fmt::format("migration {} is a C++ code migration; its down step lives in the application that "
                              "registered it, not in the history. Revert it from that application; nothing was "
                              "reverted",
                              Describe(e)));
  }
  if (!e.record->down_text) {
    return Status(StatusCode::kIrreversible,
                  fmt::format("migration {} has no down part stored in the history{}, so it cannot be reverted; "
                              "nothing was reverted",
                              Describe(e), e.migration ? "" : " (and its file is missing)"));
  }
  step.stored_section.emplace();
  step.stored_section->text = *e.record->down_text;
  step.stored_section->transaction = e.record->down_transaction;
  step.stored_section->path = fmt::format("(history of {})", e.version.text());
  return step;
}

// The last applied first: the order they were applied in, not their versions, decides.
bool RevertedBefore(const CatalogEntry* a, const CatalogEntry* b) {
  if (a->record->apply_order != b->record->apply_order) return a->record->apply_order > b->record->apply_order;
  return b->version < a->version;
}

// Reverts `chosen` (applied entries). An applied migration that requires one of them is reverted first
// with `cascade` (and its own dependents before it), else the revert is refused naming it: reverting a
// requirement under a migration that needs it would leave the database in a state no file describes.
Result<Plan> PlanReverts(const Catalog& catalog, std::vector<const CatalogEntry*> chosen, const DownOptions& options) {
  const DependencyGraph graph(catalog);
  Plan plan;
  std::set<const CatalogEntry*> in;
  if (!graph.empty()) in.insert(chosen.begin(), chosen.end());
  std::string refusal;
  for (size_t i = 0; i < chosen.size() && !graph.empty(); ++i) {  // grows with --cascade
    std::vector<const CatalogEntry*> outside;
    for (const CatalogEntry* d : graph.DependentsOf(*chosen[i])) {
      if (d->applied() && !in.count(d)) outside.push_back(d);
    }
    if (outside.empty()) continue;
    if (!options.cascade) {
      refusal += fmt::format("\n  {} is required by {}", Describe(*chosen[i]), DescribeAll(outside));
      continue;
    }
    for (const CatalogEntry* d : outside) {
      in.insert(d);
      chosen.push_back(d);
      plan.warnings.push_back(fmt::format("reverting {} as well, before {}: it requires it (--cascade)", Describe(*d),
                                          Describe(*chosen[i])));
    }
  }
  if (!refusal.empty()) {
    return Status(StatusCode::kRefused,
                  "nothing was reverted: applied migrations require what would be reverted:" + refusal +
                      "\nrevert them first, or pass --cascade to revert them with it (the dependents first)");
  }
  for (const CatalogEntry* e : graph.DependentsFirst(chosen, RevertedBefore)) {
    auto step = RevertStep(*e, options);
    if (!step.ok()) return step.status();
    plan.steps.push_back(std::move(*step));
  }
  return plan;
}

// A migration free to run in this `up`: pending, or (UpOptions::rerun_modified) applied from a file
// changed since.
bool Runnable(const CatalogEntry& e, const UpOptions& options) {
  return e.pending() || (options.rerun_modified && e.applied() && e.modified());
}

// What `up` applies: the runnable migrations (up to --to), and what they require that is not applied
// yet, however new.
std::vector<const CatalogEntry*> UpCandidates(const Catalog& catalog, const DependencyGraph& graph,
                                              const UpOptions& options) {
  std::vector<const CatalogEntry*> chosen;
  for (const CatalogEntry& e : catalog.entries) {
    if (options.to && *options.to < e.version) break;
    if (Runnable(e, options)) chosen.push_back(&e);
  }
  if (graph.empty()) return chosen;  // in version order already
  std::set<const CatalogEntry*> in(chosen.begin(), chosen.end());
  for (size_t i = 0; i < chosen.size(); ++i) {
    for (const CatalogEntry* r : graph.RequirementsOf(*chosen[i])) {
      if (r->pending() && in.insert(r).second) chosen.push_back(r);
    }
  }
  return graph.RequirementsFirst(chosen);
}

// `entries` in version order, one per version: of two with the same version, the later one stands.
void SortUnique(std::vector<CatalogEntry>& entries) {
  auto by_version = [](const CatalogEntry& a, const CatalogEntry& b) { return a.version < b.version; };
  if (!std::is_sorted(entries.begin(), entries.end(), by_version)) {
    std::stable_sort(entries.begin(), entries.end(), by_version);
  }
  size_t kept = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (kept > 0 && entries[kept - 1].version == entries[i].version) {
      entries[kept - 1] = entries[i];
    } else {
      entries[kept++] = entries[i];
    }
  }
  entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(kept), entries.end());
}

}  // namespace

// A version named on the command line must be a file's or the history's: anything else is a typo
// that would otherwise silently mean "everything" or "nothing".
Status CheckKnownVersion(const Catalog& catalog, const Version& version, const char* what) {
  const CatalogEntry* below = nullptr;
  const CatalogEntry* above = nullptr;
  for (const CatalogEntry& e : catalog.entries) {
    if (e.version == version) return Status::Ok();
    if (e.version < version) {
      below = &e;
    } else if (!above) {
      above = &e;
    }
  }
  std::string nearest;
  for (const CatalogEntry* e : {below, above}) {
    if (e) nearest += fmt::format("{}{}", nearest.empty() ? "" : " and ", Describe(*e));
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("{} {}: no migration has that version (no file, nothing in the history); {}. `strata "
                            "list` shows the files",
                            what, version.text(),
                            nearest.empty() ? "there are no migrations at all" : "the nearest: " + nearest));
}

Catalog Join(const MigrationSet& set, const std::vector<HistoryRecord>& history) {
  Catalog catalog;
  // Files and records each in version order, then merged: no tree of 10,000 nodes for a large set.
  std::vector<CatalogEntry> files, records;
  files.reserve(set.migrations.size());
  for (const Migration& m : set.migrations) {
    files.push_back(CatalogEntry{m.version, &m, nullptr});
    catalog.has_code = catalog.has_code || m.format == MigrationFormat::kCode;
  }
  records.reserve(history.size());
  for (const HistoryRecord& r : history) {
    auto v = Version::Parse(r.version);
    if (!v) continue;  // not written by strata; ignore rather than guess
    records.push_back(CatalogEntry{*v, nullptr, &r});
    catalog.max_apply_order = std::max(catalog.max_apply_order, r.apply_order);
  }
  SortUnique(files);
  SortUnique(records);
  std::vector<CatalogEntry>& entries = catalog.entries;
  entries.reserve(files.size() + records.size());
  for (size_t f = 0, r = 0; f < files.size() || r < records.size();) {
    if (r == records.size() || (f < files.size() && files[f].version < records[r].version)) {
      entries.push_back(files[f++]);
    } else if (f == files.size() || records[r].version < files[f].version) {
      entries.push_back(records[r++]);
    } else {
      entries.push_back(files[f++]);
      entries.back().record = records[r++].record;
    }
  }
  // A baseline at V replaces every migration up to V: where the history holds any of them, their
  // records stand without files and the baseline is not run.
  for (const Migration& m : set.migrations) {
    if (!m.baseline) continue;
    bool any_applied = false;
    for (const CatalogEntry& e : entries) {
      if (m.version < e.version) break;
      any_applied = any_applied || e.applied();
    }
    if (!any_applied) continue;
    const CatalogEntry* own = nullptr;
    for (CatalogEntry& e : entries) {
      if (m.version < e.version) break;
      if (e.record && (!e.migration || e.migration == &m)) e.squashed = true;
      if (e.version == m.version) own = &e;
    }
    if (!own || !own->applied()) catalog.partly_squashed = m.version;
  }
  for (const CatalogEntry& e : entries) {
    if (e.applied()) catalog.newest_applied = e.version;
  }
  return catalog;
}

Result<Plan> PlanUp(const Catalog& catalog, const UpOptions& options) {
  STRATA_RETURN_IF_ERROR(RefuseIfBlocked(catalog));
  if (options.count && *options.count < 0) {
    return Status(StatusCode::kInvalidArgument, "--count must be at least 0");
  }
  if (options.to) STRATA_RETURN_IF_ERROR(CheckKnownVersion(catalog, *options.to, "--to"));
  std::vector<Problem> problems = Validate(catalog);
  std::string refusal, unforceable;
  Plan plan;
  std::set<std::string> out_of_order;  // versions Validate found out of order
  for (const Problem& p : problems) {
    if (p.kind == ProblemKind::kModified && options.rerun_modified) continue;  // planned as steps below
    if (p.kind == ProblemKind::kOutOfOrder) out_of_order.insert(p.version);
    if (p.kind == ProblemKind::kOutOfOrder && options.allow_out_of_order) continue;
    // No order exists to apply them in: --force cannot help.
    if (p.kind == ProblemKind::kUnknownRequirement || p.kind == ProblemKind::kCycle ||
        p.kind == ProblemKind::kBaseline) {
      unforceable += fmt::format("\n  {} {} {}", p.version, p.name, p.message);
      continue;
    }
    if (options.force && p.kind == ProblemKind::kOutOfOrder) continue;  // reported as skipped below
    if (options.force) {
      plan.warnings.push_back(fmt::format("{} {} {} (ignored: --force)", p.version, p.name, p.message));
      continue;
    }
    refusal += fmt::format("\n  {} {} {}", p.version, p.name, p.message);
  }
  if (!unforceable.empty()) {
    return Status(StatusCode::kValidationFailed, "validation failed, nothing was applied:" + unforceable + refusal);
  }
  if (!refusal.empty()) {
    return Status(StatusCode::kValidationFailed,
                  "validation failed, nothing was applied:" + refusal +
                      "\n(--force applies the rest anyway, skipping out-of-order migrations)");
  }
  const DependencyGraph graph(catalog);
  std::map<const CatalogEntry*, std::string> left_out;  // -> why, for what requires it
  for (const CatalogEntry* e : UpCandidates(catalog, graph, options)) {
    std::string why;
    if (out_of_order.count(e->version.text()) && !options.allow_out_of_order && e->pending()) {
      why = "out of order; pass --allow-out-of-order to apply it";
    }
    for (const CatalogEntry* r : graph.RequirementsOf(*e)) {
      if (!why.empty() || !left_out.count(r)) continue;
      why = fmt::format("requires {}, which is not applied: {}", Describe(*r), left_out[r]);
    }
    if (!why.empty()) {
      left_out[e] = why;
      plan.skipped.push_back({e->version.text(), e->migration->name, false, StepOutcome::kSkipped, 0, Status(), why});
      continue;
    }
    if (options.count && static_cast<int>(plan.steps.size()) >= *options.count) break;
    plan.steps.push_back(ApplyStep(*e));
  }
  if (options.keep_going) {
    plan.keep_going = true;
    std::set<const Migration*> planned;
    for (Step& step : plan.steps) {
      step.needs_every_earlier = step.migration->requirements.empty();
      for (const Version& v : step.migration->requirements) {
        const CatalogEntry* r = graph.Find(v);
        if (r && r->migration && planned.count(r->migration)) step.needs.push_back(r->version);
      }
      planned.insert(step.migration);
    }
  }
  return plan;
}

Result<Plan> PlanDown(const Catalog& catalog, const DownOptions& options) {
  STRATA_RETURN_IF_ERROR(RefuseIfBlocked(catalog, /*reverting=*/true));
  // 0 is before every version: `--to 0` reverts all.
  if (options.to && options.to->number() != "0") STRATA_RETURN_IF_ERROR(CheckKnownVersion(catalog, *options.to, "--to"));
  std::vector<const CatalogEntry*> applied;
  for (const CatalogEntry& e : catalog.entries) {
    if (e.applied()) applied.push_back(&e);
  }
  std::sort(applied.begin(), applied.end(), RevertedBefore);
  // A revert stopped between batches is finished first, whatever else is chosen.
  for (const CatalogEntry& e : catalog.entries) {
    if (e.revert_resumable()) applied.insert(applied.begin(), &e);
  }
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
  return PlanReverts(catalog, std::move(chosen), options);
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
    // What it requires must be there first; `up --to` would apply it with them.
    std::vector<std::string> missing;
    const DependencyGraph graph(catalog);
    for (const Version& v : e.migration->requirements) {
      const CatalogEntry* r = graph.Find(v);
      if (!r) missing.push_back(fmt::format("{} (no migration has this version)", v.text()));
      if (r && !r->applied()) missing.push_back(Describe(*r));
    }
    if (!missing.empty()) {
      Status s(StatusCode::kRefused,
               fmt::format("migration {} requires {}, which {} not applied; nothing was applied. Apply {} first, or "
                           "run `strata up --to {}`, which applies {} and then {}",
                           Describe(e), fmt::join(missing, ", "), missing.size() == 1 ? "is" : "are",
                           missing.size() == 1 ? "it" : "them", version.text(), missing.size() == 1 ? "it" : "them",
                           version.text()));
      return s.set_location({e.migration->paths[0], 0});
    }
    Plan plan;
    plan.steps.push_back(ApplyStep(e));
    return plan;
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("no migration file has version {}; `strata list` shows the files", version.text()));
}

Result<Plan> PlanRevert(const Catalog& catalog, const Version& version, const DownOptions& options) {
  STRATA_RETURN_IF_ERROR(RefuseIfBlocked(catalog, /*reverting=*/true));
  for (const CatalogEntry& e : catalog.entries) {
    if (e.version == version && (e.applied() || e.revert_resumable())) return PlanReverts(catalog, {&e}, options);
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("migration {} is not applied, so there is nothing to revert; `strata status` shows "
                            "what is applied",
                            version.text()));
}

Planner UpPlanner(const UpOptions& options) {
  return {false, [options](const Catalog& catalog) { return PlanUp(catalog, options); }};
}

Planner DownPlanner(const DownOptions& options) {
  return {true, [options](const Catalog& catalog) { return PlanDown(catalog, options); }};
}

Planner RunPlanner(const Version& version) {
  return {false, [version](const Catalog& catalog) { return PlanRun(catalog, version); }};
}

Planner RevertPlanner(const Version& version, const DownOptions& options) {
  return {true, [version, options](const Catalog& catalog) { return PlanRevert(catalog, version, options); }};
}

}  // namespace strata
