// strata up: apply pending migrations. strata run V: apply one.
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/fleet.h"
#include "cli/run_helpers.h"

namespace strata::cli {
namespace {

struct UpArguments {
  std::string to;
  int count = -1;
  bool dry_run = false;
  bool force = false;
  bool allow_out_of_order = false;
  bool keep_going = false;
  bool stop_on_error = false;  // the default, accepted by name
  bool yes = false;
  FleetArguments fleet;
};

int RunUp(Context& context, const UpArguments& args) {
  UpOptions options;
  if (!args.to.empty()) {
    auto to = ParseVersionArgument(args.to, "--to");
    if (!to.ok()) return context.Fail(to.status());
    options.to = *to;
  }
  if (args.count >= 0) options.count = args.count;
  options.dry_run = args.dry_run;
  options.force = args.force;
  options.allow_out_of_order = args.allow_out_of_order;
  options.keep_going = args.keep_going;
  context.risk_confirmed = args.yes || args.force;
  if (args.fleet.given()) {
    FleetArguments fleet = args.fleet;
    fleet.stop_on_error = args.stop_on_error;
    return RunFleetUp(context, fleet, options);
  }
  if (args.fleet.resume || args.fleet.parallel > 0 || !args.fleet.state_file.empty()) {
    return context.Fail(Status(StatusCode::kInvalidArgument,
                               "--parallel, --resume and --state go with --targets FILE or --targets-query SQL"));
  }
  return RunChange(
      context, [&](Engine& engine, MigrationSet& set) { return engine.Up(std::move(set), options); }, options.dry_run,
      /*facts_only=*/true);
}

struct OneArguments {
  std::string version;
  bool dry_run = false;
  bool yes = false;
};

int RunOne(Context& context, const OneArguments& args) {
  auto version = ParseVersionArgument(args.version, "version");
  if (!version.ok()) return context.Fail(version.status());
  context.risk_confirmed = args.yes;
  return RunChange(context,
                   [&](Engine& engine, MigrationSet& set) { return engine.Run(set, *version, args.dry_run); },
                   args.dry_run);
}

}  // namespace

void AddUpCommands(CLI::App& app, Context& context, int* exit_code) {
  auto up = std::make_shared<UpArguments>();
  CLI::App* cmd = app.add_subcommand("up", "Apply pending migrations in version order");
  cmd->add_option("--to", up->to, "Apply up to and including this version, and what it requires")
      ->type_name("VERSION");
  cmd->add_option("--count", up->count, "Apply at most this many")->check(WholeNumber());
  cmd->add_flag("--dry-run", up->dry_run, "Run in a transaction that is rolled back; change nothing");
  cmd->add_flag("--force", up->force, "Apply although applied files are modified or missing");
  cmd->add_flag("--allow-out-of-order", up->allow_out_of_order,
                "Apply pending migrations older than the newest applied (not needed for one whose declared "
                "requirements are all applied)");
  auto* keep_going =
      cmd->add_flag("--keep-going", up->keep_going,
                    "After a failure, apply the later migrations that do not require the failed one (one without "
                    "`-- strata:requires` requires every earlier one); report the others skipped");
  auto* stop = cmd->add_flag("--stop-on-error", up->stop_on_error,
                             "Stop at the first failure (the default); with --targets, also start no more targets "
                             "once one failed");
  keep_going->excludes(stop);
  cmd->add_flag("--yes,-y", up->yes, "Confirm error-level risk findings in production");
  AddFleetOptions(*cmd, up->fleet, /*up=*/true);
  cmd->callback([&context, up, exit_code] { *exit_code = RunUp(context, *up); });

  auto one = std::make_shared<OneArguments>();
  CLI::App* run =
      app.add_subcommand("run", "Apply one migration, whatever its order, once what it requires is applied");
  run->add_option("version", one->version, "The migration's version")->required()->type_name("VERSION");
  run->add_flag("--dry-run", one->dry_run, "Run in a transaction that is rolled back; change nothing");
  run->add_flag("--yes,-y", one->yes, "Confirm error-level risk findings in production");
  run->callback([&context, one, exit_code] { *exit_code = RunOne(context, *one); });
}

}  // namespace strata::cli
