// The bodies of /health and /health/detailed: the health report (strata/startup.h) as JSON, and with
// every migration and the runner lock's holder.
#pragma once

#include <string>

#include "serve/snapshot.h"

namespace strata::serve {

// Health::ToJson: status, current_version, total, applied, pending, failed, last_migration, problems.
std::string HealthJson(const Snapshot& snapshot);
// HealthJson's object plus "migrations" (version, name, status, applied_at, applied_by, duration_ms,
// error, requires, dirty, modified, missing), "lock" ({"held", "holder"}) and "in_progress_by".
std::string DetailedHealthJson(const Snapshot& snapshot);

}  // namespace strata::serve
