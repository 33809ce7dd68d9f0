// strata serve: health, metrics and a status page over HTTP, read-only (include/strata/serve.h).
#include <fmt/format.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "strata/driver.h"
#include "strata/serve.h"

namespace strata::cli {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8719";
  std::string token;
  int history_limit = 50;
};

int RunServe(Context& context, const ServeFlags& flags) {
  auto cfg = context.config();
  if (!cfg.ok()) return context.Fail(cfg.status());
  auto engine = context.EngineOptionsFor(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  if (flags.history_limit < 1) {
    return context.Fail(Status(StatusCode::kInvalidArgument, "--history-limit must be at least 1"));
  }
  ServeOptions options;
  options.url = cfg->url;
  options.engine = std::move(*engine);
  options.listen = flags.listen;
  options.token = flags.token;
  if (options.token.empty()) {
    if (const char* env = std::getenv("STRATA_SERVE_TOKEN")) options.token = env;
  }
  const bool token_required = !options.token.empty();
  options.history_limit = flags.history_limit;
  // The directory is read for each request, so files added meanwhile show as pending.
  options.migrations = [dir = cfg->dir] { return LoadMigrations(dir); };

  // SIGINT and SIGTERM are waited for here; the server's threads, started after, inherit the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto server = StatusServer::Start(std::move(options));
  if (!server.ok()) return context.Fail(server.status());
  std::string host = (*server)->host().find(':') != std::string::npos ? "[" + (*server)->host() + "]" : (*server)->host();
  if (context.out.json) {
    context.out.Print(nlohmann::json{{"listening", fmt::format("http://{}:{}/", host, (*server)->port())},
                                     {"database", RedactUrl(cfg->url)},
                                     {"token_required", token_required}}
                          .dump());
  } else {
    context.out.Print(fmt::format("strata serve: http://{}:{}/ ({}{}); Ctrl-C stops", host, (*server)->port(),
                                  RedactUrl(cfg->url), token_required ? ", token required" : ""));
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  (*server)->Stop();
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, Context& context, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Read-only HTTP server: GET /health (JSON; 200 healthy, else 503), /health/detailed, /metrics (Prometheus) and / "
      "(status page); runs until SIGINT or SIGTERM (docs/serve.md)");
  cmd->add_option("--listen", flags->listen, "Address to listen on, HOST:PORT; port 0 picks a free one")
      ->capture_default_str();
  cmd->add_option("--token", flags->token,
                  "Require 'Authorization: Bearer TOKEN' on every request (env STRATA_SERVE_TOKEN; default none)");
  cmd->add_option("--history-limit", flags->history_limit, "History events shown in the status page's audit trail")
      ->capture_default_str();
  cmd->callback([&context, flags, exit_code] { *exit_code = RunServe(context, *flags); });
}

}  // namespace strata::cli
