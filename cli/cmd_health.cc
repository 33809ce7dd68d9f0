// strata health: the health report as JSON, for readiness probes; exit 0 only when healthy.
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "strata/startup.h"

namespace strata::cli {
namespace {

int RunHealth(Context& context) {
  context.out.json = true;  // probes parse the answer, errors included
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  auto report = (*engine)->GetStatus(*set);
  if (!report.ok()) return context.Fail(report.status());
  Health health = HealthOf(*report);
  context.out.Print(health.ToJson());
  return health.healthy() ? kExitOk : kExitFailed;
}

}  // namespace

void AddHealthCommand(CLI::App& app, Context& context, int* exit_code) {
  app.add_subcommand("health", "Health report as JSON (healthy, pending, failed, dirty, in_progress); exit 0 only when healthy")
      ->callback([&context, exit_code] { *exit_code = RunHealth(context); });
}

}  // namespace strata::cli
