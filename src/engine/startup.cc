#include "strata/startup.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace strata {
Result<std::optional<bool>> EnvFlag(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::optional<bool>();
  std::string s = v;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "1" || s == "true" || s == "yes" || s == "on") return std::optional<bool>(true);
  if (s == "0" || s == "false" || s == "no" || s == "off") return std::optional<bool>(false);
  return Status(StatusCode::kInvalidArgument,
                fmt::format("{}='{}' is neither on (1, true, yes, on) nor off (0, false, no, off)", name, v));
}

Result<StartupOptions> StartupOptions::FromEnvironment() {
  StartupOptions options;
  // STRATA_ENVIRONMENT and its short spelling STRATA_ENV, as the command line reads them.
  const char* long_name = std::getenv("STRATA_ENVIRONMENT");
  const char* short_name = std::getenv("STRATA_ENV");
  if (long_name && *long_name && short_name && *short_name && std::string_view(long_name) != short_name) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("STRATA_ENVIRONMENT is '{}' but STRATA_ENV is '{}'; set one of them", long_name,
                              short_name));
  }
  if (long_name && *long_name) {
    options.environment = long_name;
  } else if (short_name) {
    options.environment = short_name;
  }
  auto auto_migrate = EnvFlag("AUTO_MIGRATE");
  if (!auto_migrate.ok()) return auto_migrate.status();
  options.auto_migrate = auto_migrate->value_or(false);
  // In production a person confirms migrations unless told otherwise.
  auto confirm = EnvFlag("MIGRATION_REQUIRE_CONFIRMATION");
  if (!confirm.ok()) return confirm.status();
  options.require_confirmation = confirm->value_or(options.environment == "production");
  auto confirm_risk = EnvFlag("STRATA_CONFIRM_RISK");
  if (!confirm_risk.ok()) return confirm_risk.status();
  options.confirm_risk = confirm_risk->value_or(false);
  auto backups = EnvFlag("BACKUP_ENABLED");
  if (!backups.ok()) return backups.status();
  options.engine.backups = backups->value_or(true);
  if (const char* max = std::getenv("MAX_MIGRATION_TIME"); max && *max) {
    auto limit = ParseDuration(max);
    if (!limit.ok()) {
      return Status(StatusCode::kInvalidArgument, "MAX_MIGRATION_TIME: " + limit.status().message());
    }
    options.max_migration_time = *limit;
  }
  return options;
}

Health HealthOf(const StatusReport& report) {
  Health h;
  h.current_version = report.current_version;
  h.total = report.total;
  h.applied = report.applied;
  h.failed = report.failed;
  h.problems = report.problems;
  for (const MigrationState& m : report.migrations) {
    if (m.status == "pending" || m.status == "reverted" || (m.status == "running" && !report.in_progress_by.empty())) {
      ++h.pending;
    }
    if (m.status == "applied" && m.applied_at >= h.last_applied_at) {
      h.last_version = m.version, h.last_name = m.name, h.last_applied_at = m.applied_at;
    }
  }
  // Worst first: a half-applied migration needs a person; a failure or any validation problem (modified,
  // missing, out of order, broken object) stops `up`; pending ones are work to do.
  // A `running` record of a live runner is work in progress: pending, not dirty.
  bool dirty = report.running > 0 && report.in_progress_by.empty(), failed = report.failed > 0;
  for (const Problem& p : report.problems) {
    if (p.kind == ProblemKind::kInterrupted || p.kind == ProblemKind::kFailed) {
      dirty = true;
    } else {
      failed = true;
    }
  }
  h.status = dirty ? "dirty" : failed ? "failed" : h.pending > 0 ? "pending" : "healthy";
  // The history could not be read while a migration writes: it is at work, neither healthy nor broken.
  if (!report.unreadable.empty()) h.status = "in_progress";
  return h;
}

std::string Health::ToJson() const {
  nlohmann::json problems_json = nlohmann::json::array();
  for (const Problem& p : problems) {
    problems_json.push_back(
        {{"kind", ProblemKindName(p.kind)}, {"version", p.version}, {"name", p.name}, {"message", p.message}});
  }
  nlohmann::json last = nullptr;
  if (!last_version.empty()) last = {{"version", last_version}, {"name", last_name}, {"applied_at", last_applied_at}};
  return nlohmann::json{{"status", status},
                        {"current_version", current_version.empty() ? nullptr : nlohmann::json(current_version)},
                        {"total", total},
                        {"applied", applied},
                        {"pending", pending},
                        {"failed", failed},
                        {"last_migration", last},
                        {"problems", problems_json},
                        {"note", note.empty() ? nlohmann::json(nullptr) : nlohmann::json(note)}}
      .dump();
}

Result<StartupReport> MigrateOnStartup(const std::string& url, const MigrationSet& set,
                                       const StartupOptions& options) {
  EngineOptions engine_options = options.engine;
  if (options.max_migration_time.count() > 0) engine_options.statement_timeout = options.max_migration_time;
  // The production guard of `strata up`, without a terminal to ask on: error-level findings stop the run.
  std::string refused;
  if (options.environment == "production" && !options.confirm_risk) {
    auto caller = engine_options.on_risk;
    engine_options.on_risk = [caller, &refused](const std::vector<lint::Finding>& findings) -> Status {
      if (caller) STRATA_RETURN_IF_ERROR(caller(findings));
      std::vector<lint::Finding> need = lint::NeedingConfirmation(findings);
      if (need.empty()) return Status::Ok();
      refused = fmt::format("{} error-level risk finding(s) need confirmation in production (first: {}); review, then "
                            "run `strata up` or set STRATA_CONFIRM_RISK=true", need.size(), lint::FindingLine(need.front()));
      return Status(StatusCode::kRefused, refused);
    };
  }
  auto engine = Engine::Open(url, std::move(engine_options));
  if (!engine.ok()) return engine.status();
  auto before = (*engine)->GetStatus(set);
  if (!before.ok()) return before.status();
  StartupReport report;
  report.health = HealthOf(*before);
  // A migration that failed inside a transaction left nothing behind: `up` tries it again. Anything
  // else unhealthy (dirty, modified, missing, ...) needs a person first.
  const bool retry_failed = report.health.status == "failed" && before->problems.empty();
  if (report.health.status != "pending" && !retry_failed) return report;
  if (!options.auto_migrate) {
    report.note = fmt::format("{} pending migration(s) not applied: AUTO_MIGRATE is off", report.health.pending);
    report.health.note = report.note;
    return report;
  }
  if (options.require_confirmation) {
    report.note = fmt::format("{} pending migration(s) not applied: they need confirmation "
                              "(MIGRATION_REQUIRE_CONFIRMATION{}); review and run `strata up`",
                              report.health.pending, options.environment == "production" ? ", production" : "");
    report.health.note = report.note;
    return report;
  }
  // Up waits for a runner already at work, then finds what is left (or, if it died, the interruption).
  auto run = (*engine)->Up(set, {});
  if (!run.ok() && !refused.empty()) {
    report.note = refused;
    report.health.note = refused;
    return report;
  }
  if (!run.ok()) return run.status();
  report.run = std::move(*run);
  auto after = (*engine)->GetStatus(set);
  if (!after.ok()) return after.status();
  report.health = HealthOf(*after);
  return report;
}

}  // namespace strata
