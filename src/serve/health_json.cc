#include "serve/health_json.h"

#include <nlohmann/json.hpp>

namespace strata::serve {
namespace {

nlohmann::json TextOrNull(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

}  // namespace

std::string HealthJson(const Snapshot& snapshot) { return snapshot.health.ToJson(); }

std::string DetailedHealthJson(const Snapshot& snapshot) {
  // The health report is written in one place (Health::ToJson); the details extend its object.
  nlohmann::json out = nlohmann::json::parse(snapshot.health.ToJson());
  nlohmann::json migrations = nlohmann::json::array();
  for (const MigrationState& m : snapshot.report.migrations) {
    migrations.push_back({{"version", m.version},
                          {"name", m.name},
                          {"status", m.status},
                          {"applied_at", TextOrNull(m.applied_at)},
                          {"applied_by", TextOrNull(m.applied_by)},
                          {"duration_ms", m.duration_ms},
                          {"error", TextOrNull(m.error)},
                          {"requires", m.requirements},
                          {"dirty", m.dirty},
                          {"modified", m.modified},
                          {"missing", m.missing}});
  }
  out["migrations"] = std::move(migrations);
  out["lock"] = {{"held", !snapshot.lock_holder.empty()}, {"holder", TextOrNull(snapshot.lock_holder)}};
  out["in_progress_by"] = TextOrNull(snapshot.report.in_progress_by);
  return out.dump();
}

}  // namespace strata::serve
