// A change to the database, from files to report: take the lock, read the history, plan, fill the
// placeholders, then run (engine/executor.h). Reading, planning and filling come before anything is
// created, so a refused run leaves the database as it was.
#pragma once

#include "engine/plan.h"
#include "strata/driver.h"
#include "strata/engine.h"

namespace strata {

struct RunRequest {
  const char* command = "";  // "up", "down", ...: names the run to runners waiting for the lock
  bool dry_run = false;
  Planner planner;
  // The caller handed the set over: an up part without placeholders is moved, not copied, into its
  // script and on to its history record.
  bool owned = false;
};

// REQUIRES: `set` outlives the call; with `request.owned`, nothing else reads `set`'s texts after it.
Result<RunReport> PlanAndRun(Connection& c, RunnerLock& runner_lock, const EngineOptions& options,
                             const MigrationSet& set, const RunRequest& request);

}  // namespace strata
