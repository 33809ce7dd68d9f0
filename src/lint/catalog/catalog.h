// The rule catalog, one file per hazard; Rules() joins them (catalog.cc).
#pragma once

#include <vector>

#include "strata/lint.h"

namespace strata::lint {

std::vector<RuleInfo> DataLossRules();
std::vector<RuleInfo> LockRules();
std::vector<RuleInfo> BreakingRules();  // and lock timeouts
std::vector<RuleInfo> RunTimeRules();   // statements that fail or misbehave in (or out of) a transaction
std::vector<RuleInfo> MongodbRules();
std::vector<RuleInfo> ContentRules();   // secrets, personal data, reversibility, style

// Shorthands for the catalog's examples.
inline constexpr Dialect kPg = Dialect::kPostgres;
inline constexpr Dialect kMy = Dialect::kMysql;
inline constexpr Dialect kLite = Dialect::kSqlite;
inline constexpr Dialect kDuck = Dialect::kDuckdb;
inline constexpr Dialect kMongo = Dialect::kMongodb;

}  // namespace strata::lint
