// `strata test`: proof that each migration's down undoes its up. On a scratch database, for each
// migration in the order `up` applies them: read the schema, apply the migration, revert it, read the
// schema again and compare, then apply it once more (a down that leaves data or objects behind shows
// there too).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "schema/compare.h"
#include "strata/engine.h"

namespace strata {

struct ReversibilityCheck {
  enum class Outcome {
    kRestored,     // the down gave back the schema exactly, and the up applied again
    kNotRestored,  // the schema after the down differs from before the up: `differences`
    kNoDown,       // irreversible: nothing to test
    kUpFailed,     // `error`; the test stops here (later migrations build on this one)
    kDownFailed,   // `error`
    kReapplyFailed,  // the down restored the schema, but the up failed after it: it left data behind
  };
  std::string version;
  std::string name;
  Outcome outcome = Outcome::kRestored;
  std::vector<SchemaDifference> differences;
  // Why it failed; with kNotRestored, the failure of applying the up again (what the down left behind
  // is in the way), if it failed.
  Status error;

  bool passed() const { return outcome == Outcome::kRestored || outcome == Outcome::kNoDown; }
};

// "restored", "not_restored", "no_down", "up_failed", "down_failed", "reapply_failed".
const char* ReversibilityOutcomeName(ReversibilityCheck::Outcome outcome);

// Runs the test for every migration of `set` on a scratch database beside `origin`'s (opened with
// `options`), those before `from` applied without a check. When a down fails, or the up fails after
// it, the scratch database is in doubt: the test goes on from a new one, brought to the same version.
// Errors (kUnsupported, a lost connection) are the status; migration failures are outcomes.
Result<std::vector<ReversibilityCheck>> TestReversibility(Connection& origin, const EngineOptions& options,
                                                          const MigrationSet& set,
                                                          const std::optional<Version>& from);

}  // namespace strata
