// What planner tests build their cases from: a history record for a migration, and a plan's versions.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "strata/history.h"
#include "strata/migration.h"

namespace strata::testing {

// The record of `m` applied in place `order`, texts included.
HistoryRecord Applied(const Migration& m, int64_t order);

// The versions of `plan`'s steps, in order.
std::vector<std::string> Versions(const Plan& plan);

}  // namespace strata::testing
