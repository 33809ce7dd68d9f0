#include "import/import_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace strata {
namespace {

MigrationFormat ImportToolFormat(ImportTool tool) {
  switch (tool) {
    case ImportTool::kFlyway: return MigrationFormat::kFlyway;
    case ImportTool::kGoose: return MigrationFormat::kGoose;
    case ImportTool::kGolangMigrate: return MigrationFormat::kGolangMigrate;
    case ImportTool::kDbmate: return MigrationFormat::kDbmate;
    case ImportTool::kSqlMigrate: break;
  }
  return MigrationFormat::kSqlMigrate;
}

std::string ImportFileName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

ImportPlan PlanImport(ImportTool tool, const MigrationSet& set, const ForeignHistory& foreign,
                      const std::vector<HistoryRecord>& strata_history) {
  ImportPlan plan;
  plan.refusals = foreign.refusals;
  plan.notes = foreign.notes;
  const char* name = ImportToolName(tool);
  const std::string directory = set.directory.empty() ? "the migrations directory" : set.directory;

  std::vector<ImportEntry> applied;
  if (foreign.applied_through) {
    auto through = Version::Parse(*foreign.applied_through);
    if (!through || !set.Find(*through)) {
      plan.refusals.push_back(fmt::format("{}: {} is at version {}, but no file in {} has that version; restore its "
                                          "file before importing",
                                          foreign.applied_through_where, name, *foreign.applied_through, directory));
    } else {
      for (const Migration& m : set.migrations) {
        if (*through < m.version) break;
        applied.push_back({&m, foreign.applied_through_at, "", foreign.applied_through_where});
      }
    }
  }
  for (const ForeignApplied& a : foreign.applied) {
    const Migration* m = nullptr;
    if (!a.file.empty()) {
      for (const Migration& candidate : set.migrations) {
        if (ImportFileName(candidate.paths[0]) == a.file) m = &candidate;
      }
    } else if (auto version = Version::Parse(a.version)) {
      m = set.Find(*version);
    }
    if (!m) {
      plan.refusals.push_back(fmt::format(
          "{}: {} applied {} {}, but no file in {} has it; restore the file (from version control) before importing{}",
          a.where, name, a.file.empty() ? "version" : "file", a.file.empty() ? a.version : a.file, directory,
          tool == ImportTool::kFlyway || tool == ImportTool::kGoose
              ? " (a Java or Go migration has no SQL file for strata to read: write its SQL as a file)"
              : ""));
      continue;
    }
    applied.push_back({m, a.applied_at, a.applied_by, a.where});
  }

  std::map<std::string, const HistoryRecord*> records;  // by version number
  for (const HistoryRecord& r : strata_history) {
    if (auto v = Version::Parse(r.version)) records[v->number()] = &r;
  }
  std::set<const Migration*> seen;
  for (ImportEntry& entry : applied) {
    const Migration& m = *entry.migration;
    if (!seen.insert(&m).second) continue;
    if (m.format != ImportToolFormat(tool) && m.format != MigrationFormat::kStrata) {
      plan.refusals.push_back(fmt::format("{} is in {}'s format, not {}'s: is this {}'s directory? Point --dir at the "
                                          "directory {} applied",
                                          m.paths[0], MigrationFormatName(m.format), name, name, name));
      continue;
    }
    auto record = records.find(m.version.number());
    if (record == records.end()) {
      plan.to_record.push_back(std::move(entry));
    } else if (record->second->status == MigrationStatus::kApplied) {
      plan.already.push_back(std::move(entry));
    } else {
      plan.refusals.push_back(fmt::format(
          "{}: {} says {} {} is applied, but strata's history has it {}; settle it first (`strata repair`, after "
          "checking the database), then import again",
          entry.where, name, m.version.text(), m.name, MigrationStatusName(record->second->status)));
    }
  }
  const Version* newest = nullptr;
  for (const ImportEntry& e : plan.to_record) {
    if (!newest || *newest < e.migration->version) newest = &e.migration->version;
  }
  for (const Migration& m : set.migrations) {
    if (seen.count(&m)) continue;
    auto record = records.find(m.version.number());
    if (record != records.end()) continue;
    plan.not_applied.push_back(&m);
    if (newest && m.version < *newest) {
      plan.notes.push_back(fmt::format("{} {} is older than imported ones but {} never applied it: `strata up` "
                                       "applies it only with --allow-out-of-order",
                                       m.version.text(), m.name, name));
    }
  }
  return plan;
}

}  // namespace strata
