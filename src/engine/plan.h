// The pure part of the engine: files and history in, a plan or problems out. No I/O.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "strata/engine.h"
#include "strata/history.h"
#include "strata/migration.h"

namespace strata {

// One version as both sides know it: its file (if any) and its history record (if any).
struct CatalogEntry {
  Version version;
  const Migration* migration = nullptr;
  const HistoryRecord* record = nullptr;

  bool applied() const { return record && record->status == MigrationStatus::kApplied; }
  // Interrupted, or failed leaving partial changes: needs a person and `repair`. Except a batched
  // migration stopped between batches of its up part (a checkpoint, unchanged file): `up` resumes it.
  bool blocked() const {
    return !resumable() && record &&
           (record->status == MigrationStatus::kRunning || (record->status == MigrationStatus::kFailed && record->dirty));
  }
  bool resumable() const;
  // A batched migration stopped between batches of its down part (a checkpoint, unchanged file): still
  // blocked for everything else, but `down` and `revert` resume its revert.
  bool revert_resumable() const;
  bool pending() const { return migration && !applied() && !blocked(); }
  // Stands for a squashed baseline's migrations on a database that applied them: a record without a
  // file that the baseline replaced, or the baseline itself where its version's record is applied.
  // Neither missing nor modified.
  bool squashed = false;
  bool modified() const;
};

struct Catalog {
  std::vector<CatalogEntry> entries;  // in version order
  std::optional<Version> newest_applied;
  // Whether the caller registered code migrations. One that did not (the CLI) cannot know them, so
  // their records are not reported missing.
  bool has_code = false;
  int64_t max_apply_order = 0;
  // A baseline whose version this database never applied, although it applied migrations the baseline
  // replaced: neither running it nor skipping it is right (Validate reports it).
  std::optional<Version> partly_squashed;
};

// REQUIRES: `set` and `history` outlive the catalog.
Catalog Join(const MigrationSet& set, const std::vector<HistoryRecord>& history);

struct Step {
  Version version;
  std::string name;
  bool revert = false;
  const Migration* migration = nullptr;  // absent when reverting a migration whose file is gone
  const HistoryRecord* record = nullptr;
  // The up part, or the down part of the file: pointed at, never copied (a section may be large).
  const Section* file_section = nullptr;
  std::optional<Section> stored_section;  // a down part as stored in the history
  // With Plan::keep_going: the earlier steps of the plan this one requires (declared, direct), and
  // whether it declares no requirements and so needs every step before it.
  std::vector<Version> needs;
  bool needs_every_earlier = false;
  // What a backup before the step copies (SQL databases): marked by the risk analysis (AssessRisk).
  std::vector<BackupTarget> at_risk;

  // What runs. REQUIRES: one of file_section and stored_section is set.
  const Section& section() const { return stored_section ? *stored_section : *file_section; }
};

struct Plan {
  std::vector<Step> steps;
  std::vector<StepResult> skipped;  // reported, not run
  std::vector<std::string> warnings;
  // After a failed step, run the later steps that need no failed (or skipped) one (UpOptions::keep_going).
  bool keep_going = false;
};

std::vector<Problem> Validate(const Catalog& catalog);

Result<Plan> PlanUp(const Catalog& catalog, const UpOptions& options);
Result<Plan> PlanDown(const Catalog& catalog, const DownOptions& options);
Result<Plan> PlanRun(const Catalog& catalog, const Version& version);
Result<Plan> PlanRevert(const Catalog& catalog, const Version& version, const DownOptions& options);
// A command's planning, and whether it reads the texts the history stored: a revert compares the file's
// down part with the stored one and may run the stored one; other plans leave them unread (on a large
// history they are most of its size).
struct Planner {
  bool needs_stored_texts = false;
  std::function<Result<Plan>(const Catalog&)> plan;
};
Planner UpPlanner(const UpOptions& options);
Planner DownPlanner(const DownOptions& options);
Planner RunPlanner(const Version& version);
Planner RevertPlanner(const Version& version, const DownOptions& options);

// kInvalidArgument naming the nearest versions unless `version` is a file's or in the history; `what`
// names the argument in the message ("--to").
Status CheckKnownVersion(const Catalog& catalog, const Version& version, const char* what);

}  // namespace strata
