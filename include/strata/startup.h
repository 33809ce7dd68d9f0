// Auto-migrate at application start-up, and the health report for readiness probes.
//
//   auto migrations = strata::LoadMigrations(app_migrations());     // embedded, or from a directory
//   auto report = strata::MigrateOnStartup("sqlite:app.db", *migrations,
//                                          strata::StartupOptions::FromEnvironment());
//   if (!report.ok() || report->health.status != "healthy") ... refuse to serve ...
//
// Many replicas may call MigrateOnStartup at once: changes happen under the database's runner lock, so
// each migration runs exactly once, and the others wait for it. When nothing is pending the call takes
// no lock and reads the history once.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "strata/engine.h"

namespace strata {

// What a readiness probe wants to know. `status` is "healthy" (everything applied, no problem),
// "pending" (migrations wait to be applied), "failed" (a migration failed, or history and files
// disagree), "dirty" (a migration was interrupted or failed half-way: a person must `repair`), or
// "in_progress" (a migration is being applied and the database lets no one read the history until it
// commits: StatusReport::unreadable).
struct Health {
  std::string status;
  std::string current_version;
  int total = 0, applied = 0, pending = 0;
  int failed = 0;  // migrations whose last attempt failed (StatusReport::failed)
  std::string last_version, last_name, last_applied_at;  // the migration applied last
  std::vector<Problem> problems;
  std::string note;  // why pending migrations were not applied at start-up, if they were not

  bool healthy() const { return status == "healthy"; }
  std::string ToJson() const;  // one JSON object: status, current_version, counts, last_migration, problems, note
};

Health HealthOf(const StatusReport& report);

// The environment variable `name` as a switch: 1/true/yes/on or 0/false/no/off, nothing when unset or
// empty; anything else is kInvalidArgument, so a typo cannot switch a guard off.
Result<std::optional<bool>> EnvFlag(const char* name);

// "90" (seconds), "500ms", "90s", "10m", "1h", "30d"; kInvalidArgument otherwise.
Result<std::chrono::milliseconds> ParseDuration(const std::string& text);

struct StartupOptions {
  bool auto_migrate = false;        // AUTO_MIGRATE: apply pending migrations. Default: off (report only)
  bool require_confirmation = false;  // MIGRATION_REQUIRE_CONFIRMATION: never apply at start-up; report
  std::string environment;          // STRATA_ENVIRONMENT or STRATA_ENV (which must agree); in production FromEnvironment requires confirmation
  // STRATA_CONFIRM_RISK: in production, apply migrations whose risk analysis has error-level findings
  // (dropped tables, deleted rows, ...). Default: off, and the health report's note says what stopped.
  bool confirm_risk = false;
  std::chrono::milliseconds max_migration_time{0};  // MAX_MIGRATION_TIME: per statement; 0 for none
  EngineOptions engine;             // table, actor, lock timeout, progress callback, ...

  // BACKUP_ENABLED=false turns off the backups before risky steps (engine.backups).
  // Defaults overridden by the environment variables named above (AUTO_MIGRATE and
  // MIGRATION_REQUIRE_CONFIRMATION take 1/true/yes/on; MAX_MIGRATION_TIME seconds or 90s/10m/1h).
  static Result<StartupOptions> FromEnvironment();
};

struct StartupReport {
  RunReport run;   // what was applied (empty when nothing was pending or applying was off)
  Health health;   // after the run
  std::string note;  // why pending migrations were not applied, if they were not
};

// Checks, and (with auto_migrate) applies, the pending migrations of `set` to `url`.
Result<StartupReport> MigrateOnStartup(const std::string& url, const MigrationSet& set,
                                       const StartupOptions& options);

}  // namespace strata
