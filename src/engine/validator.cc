#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/dependencies.h"
#include "engine/history_record.h"
#include "engine/plan.h"

namespace strata {
namespace {

// A pending migration older than the newest applied one may still go without --allow-out-of-order:
// when it says what it needs and all of that is in place, its place in the order does not matter.
bool RequirementsApplied(const DependencyGraph& graph, const Migration& m) {
  if (m.requirements.empty()) return false;
  for (const Version& v : m.requirements) {
    const CatalogEntry* required = graph.Find(v);
    if (!required || !required->applied()) return false;
  }
  return true;
}

// Requirements nobody can meet: no file has the version, and the history holds it not applied.
void RequirementProblems(const Catalog& catalog, const DependencyGraph& graph, std::vector<Problem>& problems) {
  for (const CatalogEntry& e : catalog.entries) {
    if (!e.migration) continue;
    for (const Version& v : e.migration->requirements) {
      const CatalogEntry* required = graph.Find(v);
      if (required && (required->migration || required->applied())) continue;
      problems.push_back(
          {ProblemKind::kUnknownRequirement, e.version.text(), e.migration->name,
           fmt::format("({}) requires {}, {}; correct the version in its '-- strata:requires' line, or restore the "
                       "missing migration's file",
                       e.migration->paths[0], v.text(),
                       required ? fmt::format("which has no file and is {} in the history",
                                              MigrationStatusName(required->record->status))
                                : "which no migration has (no file, nothing in the history)")});
    }
  }
  for (const std::vector<Version>& cycle : graph.Cycles()) {
    std::vector<std::string> path;
    for (const Version& v : cycle) path.push_back(v.text());
    path.push_back(cycle.front().text());
    const CatalogEntry* first = graph.Find(cycle.front());
    problems.push_back({ProblemKind::kCycle, first->version.text(), first->migration->name,
                        fmt::format("({}) is on a cycle of requirements, {} (each requires the next), so none of "
                                    "them can go first; remove one of these '-- strata:requires' entries",
                                    first->migration->paths[0], fmt::join(path, " -> "))});
  }
}

// A squashed baseline stands alone for the migrations up to its version.
void BaselineProblems(const Catalog& catalog, std::vector<Problem>& problems) {
  for (const CatalogEntry& b : catalog.entries) {
    if (!b.migration || !b.migration->baseline) continue;
    for (const CatalogEntry& e : catalog.entries) {
      if (!(e.version < b.version)) break;
      if (e.migration) {
        problems.push_back({ProblemKind::kBaseline, b.version.text(), b.migration->name,
                            fmt::format("replaces every migration up to {}, but {} {} is still in the directory; "
                                        "move it out (where `strata squash --archive` put the others)",
                                        b.version.text(), e.version.text(), e.migration->name)});
        break;
      }
    }
    if (catalog.partly_squashed && *catalog.partly_squashed == b.version) {
      problems.push_back({ProblemKind::kBaseline, b.version.text(), b.migration->name,
                          fmt::format("replaces the migrations up to {}, and this database applied some of them but "
                                      "not {}: apply the rest from the archive first (strata --dir ARCHIVE up --to {})",
                                      b.version.text(), b.version.text(), b.version.text())});
    }
  }
}

}  // namespace

bool CatalogEntry::modified() const {
  if (!migration || !record || record->checksum.empty() || squashed) return false;
  // A checksum from another algorithm cannot be compared; never raise a false alarm over it.
  if (record->checksum.rfind("sha256:", 0) != 0) return false;
  return record->checksum != migration->checksum;
}

std::vector<Problem> Validate(const Catalog& catalog) {
  std::vector<Problem> problems;
  const DependencyGraph graph(catalog);
  for (const CatalogEntry& e : catalog.entries) {
    const std::string& v = e.version.text();
    const std::string name = e.migration ? e.migration->name : (e.record ? e.record->name : "");
    if (e.resumable() || e.revert_resumable()) {
      // Stopped between two committed batches: `up` (or, for a revert, `down`) goes on from its
      // checkpoint; nothing to repair.
    } else if (e.record && e.record->status == MigrationStatus::kRunning) {
      problems.push_back({ProblemKind::kInterrupted, v, name,
                          "was interrupted while running outside a transaction; check what of it reached the "
                          "database, finish or undo it by hand, then run `strata repair`"});
    } else if (e.blocked()) {
      problems.push_back({ProblemKind::kFailed, v, name,
                          fmt::format("failed outside a transaction and may be half-applied ({}); check the "
                                      "database, fix it by hand, then run `strata repair`",
                                      e.record->error)});
    }
    const bool unknowable_code = e.record && e.record->category == kCodeCategory && !catalog.has_code;
    const bool forgotten = e.record && e.record->category == kForgottenCategory;
    if (e.applied() && !e.migration && !unknowable_code && !forgotten && !e.squashed) {
      problems.push_back({ProblemKind::kMissing, v, name,
                          fmt::format("is applied but its file is missing; restore the file, or, if it was deleted "
                                      "on purpose, run `strata repair --forget {}`",
                                      v)});
    } else if (e.applied() && e.modified()) {
      problems.push_back({ProblemKind::kModified, v, name,
                          fmt::format("was modified after it was applied ({}: checksum {} now, {} when applied); "
                                      "restore the file, or run `strata repair` to accept the change",
                                      e.migration->paths[0], e.migration->checksum.substr(7, 12),
                                      e.record->checksum.substr(7, 12))});
    }
    if (e.pending() && catalog.newest_applied && e.version < *catalog.newest_applied &&
        !RequirementsApplied(graph, *e.migration)) {
      problems.push_back({ProblemKind::kOutOfOrder, v, name,
                          fmt::format("is pending but older than the newest applied version {}; apply it with "
                                      "--allow-out-of-order or `strata run {}` (a new file can instead get a newer "
                                      "version)",
                                      catalog.newest_applied->text(), v)});
    }
  }
  RequirementProblems(catalog, graph, problems);
  BaselineProblems(catalog, problems);
  return problems;
}

}  // namespace strata
