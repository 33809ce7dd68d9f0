#include "lint/catalog/catalog.h"

#include <algorithm>
#include <cctype>

namespace strata::lint {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "?";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (Severity s : {Severity::kInfo, Severity::kWarning, Severity::kError}) {
    if (name == SeverityName(s)) return s;
  }
  return std::nullopt;
}

const char* DialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kPostgres:
      return "postgres";
    case Dialect::kMysql:
      return "mysql";
    case Dialect::kSqlite:
      return "sqlite";
    case Dialect::kDuckdb:
      return "duckdb";
    case Dialect::kMongodb:
      return "mongodb";
  }
  return "?";
}

std::optional<Dialect> ParseDialect(std::string_view name) {
  for (Dialect d : {Dialect::kPostgres, Dialect::kMysql, Dialect::kSqlite, Dialect::kDuckdb, Dialect::kMongodb}) {
    if (name == DialectName(d)) return d;
  }
  if (name == "postgresql") return Dialect::kPostgres;
  if (name == "mariadb") return Dialect::kMysql;
  return std::nullopt;
}

std::optional<Dialect> DialectOfUrl(std::string_view url) {
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (size_t plus = scheme.find('+'); plus != std::string::npos) scheme.erase(plus);  // mongodb+srv
  if (scheme == "postgres" || scheme == "postgresql" || scheme == "pgsql") return Dialect::kPostgres;
  if (scheme == "mysql" || scheme == "mariadb") return Dialect::kMysql;
  if (scheme == "sqlite" || scheme == "sqlite3" || scheme == "file") return Dialect::kSqlite;
  if (scheme == "duckdb") return Dialect::kDuckdb;
  if (scheme == "mongodb") return Dialect::kMongodb;
  return std::nullopt;
}

const char* HazardName(Hazard hazard) {
  switch (hazard) {
    case Hazard::kDataLoss:
      return "data loss";
    case Hazard::kLock:
      return "long lock";
    case Hazard::kLockTimeout:
      return "lock timeout";
    case Hazard::kBreaking:
      return "breaks the running release";
    case Hazard::kTransaction:
      return "fails as run";
    case Hazard::kContent:
      return "content";
    case Hazard::kReversibility:
      return "reversibility";
    case Hazard::kStyle:
      return "style";
  }
  return "?";
}

bool RuleInfo::AppliesTo(Dialect dialect) const {
  return std::any_of(examples.begin(), examples.end(), [&](const RuleExample& e) { return e.dialect == dialect; });
}

const std::vector<RuleInfo>& Rules() {
  static const std::vector<RuleInfo> rules = [] {
    std::vector<RuleInfo> all;
    for (auto part : {DataLossRules, LockRules, BreakingRules, RunTimeRules, MongodbRules, ContentRules}) {
      for (RuleInfo& rule : part()) all.push_back(std::move(rule));
    }
    return all;
  }();
  return rules;
}

const RuleInfo* FindRule(std::string_view id) {
  for (const RuleInfo& rule : Rules()) {
    if (id == rule.id) return &rule;
  }
  return nullptr;
}

}  // namespace strata::lint
