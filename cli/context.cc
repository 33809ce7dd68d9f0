#include <fmt/format.h>

#include <cstdlib>
#include <memory>

#include "cli/context.h"

#include "cli/batch_progress.h"
#include "cli/risk.h"
#include "strata/startup.h"

namespace strata::cli {
namespace {

// A setting as its user wrote it: "--lock", "STRATA_LOCK", or "lock (strata.toml [environments.ci])".
std::string WrittenAs(const Config& cfg, const std::string& key) {
  auto it = cfg.sources.find(key);
  if (it == cfg.sources.end()) return key;
  if (it->second.rfind("--", 0) == 0) return it->second;
  if (it->second.rfind("env ", 0) == 0) return it->second.substr(4);
  return fmt::format("{} ({})", key, it->second);
}

// The lock method and a table lease's life, as the configuration resolved them.
Status LockSettings(const Config& cfg, EngineOptions& engine) {
  if (cfg.lock == "advisory") {
    engine.lock = LockMethod::kAdvisory;
  } else if (cfg.lock == "table") {
    engine.lock = LockMethod::kTable;
  } else if (cfg.lock.empty() || cfg.lock == "auto") {
    engine.lock = LockMethod::kAuto;
  } else {
    return Status(StatusCode::kInvalidArgument, fmt::format("{} '{}' is not a lock method; use auto, advisory or table",
                                                            WrittenAs(cfg, "lock"), cfg.lock));
  }
  if (cfg.lease_ttl.empty()) return Status::Ok();
  auto parsed = ParseDuration(cfg.lease_ttl);
  if (!parsed.ok() || parsed->count() < 300) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} '{}' is not a lease life of at least 300ms; write e.g. 30s, 2s or 500ms",
                              WrittenAs(cfg, "lease_ttl"), cfg.lease_ttl));
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
  if (cfg->lock_timeout_seconds < 0) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} must be at least 0 seconds", WrittenAs(*cfg, "lock_timeout")));
  }
  engine.lock_timeout = std::chrono::milliseconds(static_cast<int64_t>(cfg->lock_timeout_seconds * 1000));
  if (cfg->ddl_lock_timeout_seconds <= 0) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} must be more than 0 seconds", WrittenAs(*cfg, "ddl_lock_timeout")));
  }
  engine.ddl_lock_timeout = std::chrono::milliseconds(static_cast<int64_t>(cfg->ddl_lock_timeout_seconds * 1000));
  if (!cfg->max_migration_time.empty()) {
    auto limit = ParseDuration(cfg->max_migration_time);
    if (!limit.ok()) return limit.status();
    engine.statement_timeout = *limit;
  }
  engine.lock_url = cfg->lock_url;
  STRATA_RETURN_IF_ERROR(LockSettings(*cfg, engine));
  engine.create_missing = access == Access::kChange;
  // A reader waits no longer than a person would for `status`: then it says what it could not read.
  if (access == Access::kRead) engine.busy_timeout = std::min(engine.lock_timeout, std::chrono::milliseconds(250));
  engine.backups = cfg->backups;
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
