// The risk analysis of a plan: each step's part read by strata/lint.h as the connected database reads
// it, with what the database knows (server version, table sizes) where a finding depends on it.
#pragma once

#include <vector>

#include "engine/plan.h"
#include "strata/driver.h"
#include "strata/engine.h"

namespace strata {

// `base` with this connection's dialect and strata's lock timeout; with `facts`, also the server's
// version and table sizes where the dialect's rules weigh them.
lint::LintOptions LintOptionsFor(Connection& c, const EngineOptions& options, bool facts);

// The findings of every step, and on each step what a backup before it copies (Step::at_risk). A
// data-loss rule turned off in the settings is not reported, yet still names what a backup keeps.
std::vector<lint::Finding> AssessRisk(Connection& c, Plan& plan, const EngineOptions& options);

}  // namespace strata
