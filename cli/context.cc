#include <fmt/format.h>

#include "cli/context.h"

namespace strata::cli {

Result<MigrationSet> Context::Migrations() {
  auto cfg = config(false);
  if (!cfg.ok()) return cfg.status();
  return LoadMigrations(cfg->dir);
}

Result<std::unique_ptr<Engine>> Context::OpenEngine() {
  auto cfg = config(true);
  if (!cfg.ok()) return cfg.status();
  EngineOptions engine;
  engine.history_table = cfg->table;
  engine.actor = options.by;
  engine.variables = cfg->variables;
  if (options.lock_timeout_seconds < 0) {
    return Status(StatusCode::kInvalidArgument, "--lock-timeout must be at least 0 seconds");
  }
  engine.lock_timeout = std::chrono::milliseconds(static_cast<int64_t>(options.lock_timeout_seconds * 1000));
  const Output* out = &this->out;
  engine.on_progress = [out](const Progress& p) {
    using Kind = Progress::Kind;
    if (p.kind == Kind::kLockWaiting) {
      out->Notice("waiting for the lock: " + p.detail);
    } else if (p.kind == Kind::kStarted && out->stderr_is_terminal() && !out->json) {
      out->Notice(fmt::format("{} {} {} ...", p.revert ? "reverting" : "applying", p.version, p.name));
    }
  };
  return Engine::Open(cfg->url, std::move(engine));
}

int Context::Fail(const Status& status) {
  out.PrintError(status);
  return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kRefused ? kExitUsage
                                                                                                 : kExitFailed;
}

}  // namespace strata::cli
