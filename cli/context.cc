#include <fmt/format.h>

#include <cstdlib>
#include <memory>

#include "cli/context.h"

#include "cli/batch_progress.h"
#include "cli/risk.h"
#include "strata/startup.h"

namespace strata::cli {
namespace {

// --lock and --lease-ttl, else STRATA_LOCK and STRATA_LEASE_TTL.
Status LockSettings(const GlobalOptions& options, EngineOptions& engine) {
  std::string method = options.lock;
  if (method.empty()) {
    if (const char* env = std::getenv("STRATA_LOCK")) method = env;
  }
  if (method == "advisory") {
    engine.lock = LockMethod::kAdvisory;
  } else if (method == "table") {
    engine.lock = LockMethod::kTable;
  } else if (method.empty() || method == "auto") {
    engine.lock = LockMethod::kAuto;
  } else {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} '{}' is not a lock method; use auto, advisory or table",
                              options.lock.empty() ? "STRATA_LOCK" : "--lock", method));
  }
  std::string ttl = options.lease_ttl;
  if (ttl.empty()) {
    if (const char* env = std::getenv("STRATA_LEASE_TTL")) ttl = env;
  }
  if (ttl.empty()) return Status::Ok();
  auto parsed = ParseDuration(ttl);
  if (!parsed.ok() || parsed->count() < 300) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} '{}' is not a lease life of at least 300ms; write e.g. 30s, 2s or 500ms",
                              options.lease_ttl.empty() ? "STRATA_LEASE_TTL" : "--lease-ttl", ttl));
  }
  engine.lease_ttl = *parsed;
  return Status::Ok();
}

}  // namespace

Result<MigrationSet> Context::Migrations(bool warn, bool facts_only) {
  auto cfg = config(false);
  if (!cfg.ok()) return cfg.status();
  DirectoryOptions reading;
  reading.recursive = cfg->recursive;
  reading.facts_only = facts_only;
  auto set = LoadMigrations(cfg->dir, reading);
  if (set.ok() && warn) {
    for (const std::string& warning : set->warnings) out.Notice("warning: " + warning);
  }
  return set;
}

Result<std::unique_ptr<Engine>> Context::OpenEngine(Access access) {
  auto cfg = config(true);
  if (!cfg.ok()) return cfg.status();
  auto engine = EngineOptionsFor(access);
  if (!engine.ok()) return engine.status();
  return Engine::Open(cfg->url, std::move(*engine));
}

Result<EngineOptions> Context::EngineOptionsFor(Access access) {
  auto cfg = config(false);
  if (!cfg.ok()) return cfg.status();
  EngineOptions engine;
  engine.history_table = cfg->table;
  engine.actor = options.by;
  engine.variables = cfg->variables;
  if (options.lock_timeout_seconds < 0) {
    return Status(StatusCode::kInvalidArgument, "--lock-timeout must be at least 0 seconds");
  }
  engine.lock_timeout = std::chrono::milliseconds(static_cast<int64_t>(options.lock_timeout_seconds * 1000));
  if (options.ddl_lock_timeout_seconds <= 0) {
    return Status(StatusCode::kInvalidArgument, "--ddl-lock-timeout must be more than 0 seconds");
  }
  engine.ddl_lock_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.ddl_lock_timeout_seconds * 1000));
  std::string max_time = options.max_migration_time;
  if (max_time.empty()) {
    if (const char* env = std::getenv("MAX_MIGRATION_TIME")) max_time = env;
  }
  if (!max_time.empty()) {
    auto limit = ParseDuration(max_time);
    if (!limit.ok()) return limit.status();
    engine.statement_timeout = *limit;
  }
  engine.lock_url = options.lock_url;
  STRATA_RETURN_IF_ERROR(LockSettings(options, engine));
  engine.create_missing = access == Access::kChange;
  // A reader waits no longer than a person would for `status`: then it says what it could not read.
  if (access == Access::kRead) engine.busy_timeout = std::min(engine.lock_timeout, std::chrono::milliseconds(250));
  auto backups_enabled = EnvFlag("BACKUP_ENABLED");
  if (!backups_enabled.ok()) return backups_enabled.status();
  engine.backups = !options.no_backup && backups_enabled->value_or(true);
  engine.lint = LintSettings(*cfg);
  // A dry run shows its findings with the plan; a change warns first and is guarded in production.
  if (access == Access::kChange) engine.on_risk = RiskGuard(out, cfg->environment, risk_confirmed);
  const Output* out = &this->out;
  auto batches = std::make_shared<BatchProgressView>(*out);
  engine.on_progress = [out, batches](const Progress& p) {
    using Kind = Progress::Kind;
    batches->Show(p);
    if (p.kind == Kind::kLockWaiting) {
      out->Notice("waiting for the lock: " + p.detail);
    } else if (p.kind == Kind::kRetrying) {
      out->Notice(fmt::format("retrying {} {}: {}", p.version, p.name, p.detail));
    } else if (p.kind == Kind::kStarted && out->stderr_is_terminal() && !out->json) {
      out->Notice(fmt::format("{} {} {} ...", p.revert ? "reverting" : "applying", p.version, p.name));
    }
  };
  return engine;
}

int Context::Fail(const Status& status) {
  out.PrintError(status);
  // Exit 2: what was asked cannot be done as asked, and a person must change something first.
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kRefused:
    case StatusCode::kInvalidHistory:
      return kExitUsage;
    default:
      return kExitFailed;
  }
}

}  // namespace strata::cli
