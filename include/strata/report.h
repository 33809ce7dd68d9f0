// What the engine's commands report: the steps of a run, the state of each migration, the problems
// found, and what a repair did. Plain values, to print, serialize or test; they hold no connection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "strata/lint.h"
#include "strata/status.h"

namespace strata {

enum class StepOutcome { kApplied, kReverted, kFailed, kSkipped, kWouldApply, kWouldRevert, kUntested };
const char* StepOutcomeName(StepOutcome outcome);

struct StepResult {
  std::string version;
  std::string name;
  bool revert = false;
  StepOutcome outcome = StepOutcome::kSkipped;
  int64_t duration_ms = 0;
  Status error;       // set when outcome is kFailed
  std::string note;   // e.g. why a step was skipped or untested
};

struct RunReport {
  bool dry_run = false;
  std::vector<StepResult> steps;
  std::vector<std::string> warnings;
  Status status;  // the first failure; ok when every step succeeded
  std::vector<lint::Finding> risks;  // what the risk analysis found in the steps, before they ran

  int Count(StepOutcome outcome) const;
};

// kUnknownRequirement: a migration requires a version no migration has (no file, nothing in the history);
// kCycle: requirements that lead back to where they started (the message names the versions in order);
// kBaseline: a squashed baseline that cannot be settled (files it replaced are still in the directory, or
// the database applied only some of the migrations it replaced).
enum class ProblemKind {
  kModified,
  kMissing,
  kOutOfOrder,
  kFailed,
  kInterrupted,
  kBrokenObject,
  kUnknownRequirement,
  kCycle,
  kBaseline,
};
const char* ProblemKindName(ProblemKind kind);

struct Problem {
  ProblemKind kind;
  std::string version;
  std::string name;
  std::string message;  // what is wrong and what to do
};

// One migration as `status` shows it: its file and its history joined.
struct MigrationState {
  std::string version;
  std::string name;
  std::string status;  // "pending" or a MigrationStatus name
  std::string checksum;
  std::string path;    // empty when the file is missing
  std::string applied_at;
  std::string applied_by;
  int64_t duration_ms = 0;
  std::string error;
  bool modified = false;
  bool missing = false;
  bool forgotten = false;  // its file was deleted on purpose (`repair --forget`)
  bool dirty = false;
  // From the file's header (Migration::requirements, category, description); empty without a file.
  std::vector<std::string> requirements;
  std::string category;
  std::string description;
  // Settled by a squashed baseline: a record the baseline replaced, or the baseline where the database
  // applied what it replaces.
  bool squashed = false;
  // A batched migration stopped or running between batches (`running`): rows of its key's table done,
  // of the count taken when it started (docs/batched-migrations.md). -1 when it is no such migration.
  int64_t batch_rows_done = -1;
  int64_t batch_rows_total = -1;
};

struct StatusReport {
  std::string current_version;  // newest applied; empty when none
  std::vector<MigrationState> migrations;  // in version order
  std::vector<Problem> problems;
  // Who is applying migrations right now, when a `running` record belongs to a live runner (it holds
  // the lock): then that record is in progress, not interrupted. Empty otherwise.
  std::string in_progress_by;
  // Why the history could not be read at once (a migration is writing and the database lets no one
  // read meanwhile); empty when it was read. Then the counts and migrations are the files' alone.
  std::string unreadable;
  // Disjoint: every migration is counted once. `pending` was never tried. Failed (unless dirty) and
  // reverted ones are applied again by the next `up` too, unless they are older than the newest applied
  // (then they are out of order, as in Validate).
  int total = 0, applied = 0, pending = 0, failed = 0, reverted = 0, running = 0;
};

struct RepairReport {
  std::vector<std::string> cleared;      // "V name: what was done"
  std::vector<std::string> realigned;    // checksums updated to the files'
};

}  // namespace strata
