// The body of /metrics: a snapshot in Prometheus's text exposition format 0.0.4. Every family has its
// # HELP and # TYPE lines before its samples; names start with strata_; label values are escaped.
//
//   strata_up                                 1: the database was read (a failed read answers 503)
//   strata_healthy                            1 when the health status is healthy, else 0
//   strata_health_status{status}              1 for the current status (healthy, pending, failed, ...)
//   strata_migrations_known                   migrations in files or history
//   strata_migrations_applied / _pending / _failed
//   strata_current_version                    the newest applied version as a number (when it is one)
//   strata_current_version_info{version}      1, with the version as written
//   strata_last_apply_timestamp_seconds       when the migration applied last was applied (Unix time)
//   strata_migration_duration_seconds{version,name}  how long each applied migration's last run took
//   strata_lock_held                          1 while a runner holds the lock
#pragma once

#include <string>

#include "serve/snapshot.h"

namespace strata::serve {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string PrometheusMetrics(const Snapshot& snapshot);

// A label value as the format writes it between quotes: \ " and newline escaped.
std::string PrometheusLabelValue(const std::string& value);

}  // namespace strata::serve
