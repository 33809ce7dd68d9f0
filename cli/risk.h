// The risk analysis as the command line shows it (lint, dry runs, status, warnings before a change)
// and the production guard of the commands that change the database.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "cli/context.h"
#include "strata/lint.h"

namespace strata::cli {

// The rules' settings of the configuration (strata.toml [lint.rules]).
lint::LintOptions LintSettings(const Config& config);

nlohmann::json FindingJson(const lint::Finding& finding);
// Each finding: where, severity, rule and message; with `details`, what happens and the safer way.
std::string RenderFindings(const std::vector<lint::Finding>& findings, const Output& out, bool details);

// What a change does with its steps' findings before it runs: warnings on stderr; in production
// (`environment`), error-level findings need confirmation: asked on a terminal (unless
// MIGRATION_REQUIRE_CONFIRMATION=false turns the prompt off), refused without one unless `confirmed`.
std::function<Status(const std::vector<lint::Finding>&)> RiskGuard(const Output& out, const std::string& environment,
                                                                   bool confirmed);

}  // namespace strata::cli
