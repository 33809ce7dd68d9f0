// Object-level differences as `strata test`, `drift` and `diff` print them, and as JSON.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cli/output.h"
#include "schema/compare.h"

namespace strata::cli {

// One paragraph per object: "missing index users_email" with its definition, or "changed table users"
// with a unified diff from `expected_name` to `actual_name`; each line indented by `indent`.
std::string RenderDifferences(const std::vector<SchemaDifference>& differences, const std::string& expected_name,
                              const std::string& actual_name, const std::string& indent);

nlohmann::json DifferencesJson(const std::vector<SchemaDifference>& differences);

}  // namespace strata::cli
