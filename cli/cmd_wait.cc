// strata wait [--wait-timeout SECONDS]: waits until the database accepts a connection and answers a
// query, for deploy scripts that start the database and the migration together. Exit 0 once it does;
// kExitUnreachable when the time is up, with what was tried, the (redacted) URL and the last error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/context.h"
#include "strata/driver.h"

namespace strata::cli {
namespace {

using WaitClock = std::chrono::steady_clock;

struct WaitArguments {
  double timeout_seconds = 30;  // Default: 30 s
};

// One try: connect, then a query that every database answers (SELECT 1, or reading the history).
Status TryDatabase(const Driver& driver, const Config& cfg, std::chrono::milliseconds patience) {
  ConnectOptions options;
  options.history_table = cfg.table;
  options.create_missing = false;  // waiting never makes a database file
  options.busy_timeout = patience;
  auto connection = driver.Connect(cfg.url, options);
  if (!connection.ok()) return connection.status();
  if (SqlQueries* sql = (*connection)->sql()) {
    auto rows = sql->Query("SELECT 1", {});
    return rows.ok() ? Status::Ok() : rows.status();
  }
  auto history = (*connection)->history().Read(false);
  return history.ok() ? Status::Ok() : history.status();
}

int RunWait(Context& context, const WaitArguments& args) {
  if (!(args.timeout_seconds >= 0)) {
    return context.Fail(Status(StatusCode::kInvalidArgument, "--wait-timeout must be 0 seconds or more, e.g. 30"));
  }
  auto cfg = context.config(true);
  if (!cfg.ok()) return context.Fail(cfg.status());
  auto driver = FindDriver(cfg->url);
  if (!driver.ok()) return context.Fail(driver.status());

  const auto started = WaitClock::now();
  const auto deadline = started + std::chrono::milliseconds(static_cast<int64_t>(args.timeout_seconds * 1000));
  auto pause = std::chrono::milliseconds(100);  // doubles up to a second between tries
  int attempts = 0;
  Status last;
  for (;;) {
    ++attempts;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - WaitClock::now());
    last = TryDatabase(**driver, *cfg, std::clamp(left, std::chrono::milliseconds(100), std::chrono::milliseconds(5000)));
    // A URL the driver cannot use will not get better by waiting.
    if (last.ok() || last.code() == StatusCode::kInvalidArgument) break;
    auto now = WaitClock::now();
    if (now >= deadline) break;
    std::this_thread::sleep_for(std::min(pause, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)));
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
  if (!last.ok() && last.code() == StatusCode::kInvalidArgument) return context.Fail(last);
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(WaitClock::now() - started).count();
  const std::string database = RedactUrl(cfg->url);
  if (last.ok()) {
    if (context.out.json) {
      context.out.PrintJson({{"ok", true}, {"database", database}, {"attempts", attempts}, {"waited_ms", waited}});
    } else {
      context.out.Print(fmt::format("{} accepts connections ({} attempt{}, {})", database, attempts,
                                    attempts == 1 ? "" : "s", FormatDuration(waited)));
    }
    return kExitOk;
  }
  context.out.PrintError(Status(
      StatusCode::kDatabaseError,
      fmt::format("{} did not accept connections within --wait-timeout {}s ({} attempt{} to connect and run a query); "
                  "the last error: {}\ncheck that the database is running and reachable from here, or wait longer "
                  "with --wait-timeout SECONDS",
                  database, args.timeout_seconds, attempts, attempts == 1 ? "" : "s", last.message())));
  return kExitUnreachable;
}

}  // namespace

void AddWaitCommand(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<WaitArguments>();
  CLI::App* cmd = app.add_subcommand(
      "wait",
      "Wait until the database accepts connections and answers a query (for deploy scripts); exit 0 then, exit 3 "
      "when --wait-timeout passes first");
  cmd->add_option("--wait-timeout", args->timeout_seconds,
                  "Seconds to keep trying before giving up with exit code 3 (0: try once)")
      ->capture_default_str();
  cmd->callback([&context, args, exit_code] { *exit_code = RunWait(context, *args); });
}

}  // namespace strata::cli
