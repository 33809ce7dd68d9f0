// What `strata import` records: another tool's history (ForeignHistory) set against the migration files
// and strata's own history. Pure: no I/O, so every disagreement is tested without a database.
//
// Refused (each named, with its row or file and what to do), so that nothing is recorded:
//  - a migration the tool applied that no file has (the file was deleted, or it was a Java/Go migration);
//  - what the tool's table itself marks unsettled (ForeignHistory::refusals: dirty, failed);
//  - a migration strata's history holds as failed, interrupted or reverted while the tool says applied;
//  - a file in a third tool's format among those to record (the directory is not the tool's).
// Already applied in strata's history: reported, not recorded again, so importing twice is harmless.
#pragma once

#include <string>
#include <vector>

#include "import/foreign_history.h"
#include "strata/history.h"
#include "strata/migration.h"

namespace strata {

struct ImportEntry {
  const Migration* migration = nullptr;
  std::string applied_at;  // ISO 8601 UTC; "" when the tool keeps no time
  std::string applied_by;  // "" when the tool keeps no name
  std::string where;       // the tool's row, for the report
};

struct ImportPlan {
  std::vector<ImportEntry> to_record;         // in the order the tool applied them
  std::vector<ImportEntry> already;           // strata's history has them applied
  std::vector<const Migration*> not_applied;  // files the tool has not applied: pending for strata
  std::vector<std::string> refusals;          // any one refuses the whole import
  std::vector<std::string> notes;
};

// REQUIRES: `set` outlives the plan (entries point into it).
ImportPlan PlanImport(ImportTool tool, const MigrationSet& set, const ForeignHistory& foreign,
                      const std::vector<HistoryRecord>& strata_history);

}  // namespace strata
