// `strata drift`: does the live schema still match what its applied migrations make? The applied
// migrations are replayed on a scratch database and both schemas compared object by object.
#pragma once
#include <string>
#include <vector>

#include "schema/compare.h"
#include "schema/scratch_engine.h"
#include "strata/engine.h"

namespace strata {

struct DriftReport {
  std::string version;  // the newest applied migration; "" when none is
  int replayed = 0;     // migrations replayed on the scratch database
  // What the live database lacks, holds besides, or defines otherwise, against the replay.
  std::vector<SchemaDifference> differences;
};

// Replays on `scratch` (an empty database) the migrations of `set` applied to `live`, in the order
// `up` applies them. kValidationFailed when an applied migration's file is gone (nothing to replay it
// from); a replay failure is the status, naming the migration.
Result<DriftReport> CheckDrift(Engine& live, ScratchEngine& scratch, const MigrationSet& set);

}  // namespace strata
