// strata down: revert the last applied. strata revert V: one. strata reset: all (development only).
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.h"
#include "cli/run_helpers.h"

namespace strata::cli {
namespace {

struct DownArguments {
  int count = -1;
  std::string to;
  bool all = false;
  bool dry_run = false;
  bool yes = false;
  bool force = false;
  bool use_stored_down = false;
  bool cascade = false;
};

// --force and --use-stored-down: how to revert a migration whose file changed since it was applied.
void AddModifiedChoice(CLI::App* cmd, DownArguments& args) {
  auto* force = cmd->add_flag("--force", args.force,
                              "Revert a migration whose file changed since it was applied, with the file's down part");
  auto* stored = cmd->add_flag("--use-stored-down", args.use_stored_down,
                               "Revert with the down part stored when the migration was applied, not the file's");
  force->excludes(stored);
}

// --cascade: what to do with the applied migrations that require one being reverted.
void AddCascade(CLI::App* cmd, DownArguments& args) {
  cmd->add_flag("--cascade", args.cascade,
                "Also revert the applied migrations that require what is reverted, before it (their dependents "
                "before them); without it such a revert is refused");
}

int RunDown(Context& context, const DownArguments& args) {
  DownOptions options;
  if (!args.to.empty()) {
    auto to = ParseVersionArgument(args.to, "--to");
    if (!to.ok()) return context.Fail(to.status());
    options.to = *to;
  }
  if (args.count >= 0) options.count = args.count;
  options.all = args.all;
  options.dry_run = args.dry_run;
  options.force = args.force;
  options.use_stored_down = args.use_stored_down;
  options.cascade = args.cascade;
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto cfg = context.config();
  if (!cfg.ok()) return context.Fail(cfg.status());
  if (args.all && !args.dry_run && !args.yes && isatty(STDIN_FILENO) &&
      !Confirm(fmt::format("Revert every applied migration of {}?", RedactUrl(cfg->url)))) {
    return context.Fail(Status(StatusCode::kRefused, "not confirmed; nothing was reverted"));
  }
  context.risk_confirmed = args.yes || args.force;
  auto engine = context.OpenEngine(options.dry_run ? Access::kRehearse : Access::kChange);
  if (!engine.ok()) return context.Fail(engine.status());
  return ReportChange(context, **engine, (*engine)->Down(*set, options), options.dry_run);
}

int RunRevert(Context& context, const std::string& version_text, const DownArguments& args) {
  auto version = ParseVersionArgument(version_text, "version");
  if (!version.ok()) return context.Fail(version.status());
  DownOptions options;
  options.dry_run = args.dry_run;
  options.force = args.force;
  options.use_stored_down = args.use_stored_down;
  options.cascade = args.cascade;
  context.risk_confirmed = args.yes || args.force;
  return RunChange(context,
                   [&](Engine& engine, MigrationSet& set) { return engine.Revert(set, *version, options); },
                   options.dry_run);
}

int RunReset(Context& context, bool yes) {
  auto cfg = context.config();
  if (!cfg.ok()) return context.Fail(cfg.status());
  if (cfg->environment == "production") {
    return context.Fail(
        Status(StatusCode::kRefused, "reset is refused when STRATA_ENV=production: it reverts every migration"));
  }
  if (!yes) {
    return context.Fail(
        Status(StatusCode::kRefused, "reset reverts every applied migration; run `strata reset --yes` to confirm"));
  }
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.OpenEngine();
  if (!engine.ok()) return context.Fail(engine.status());
  DownOptions all;
  all.all = true;
  return ReportChange(context, **engine, (*engine)->Down(*set, all), false);
}

}  // namespace

void AddDownCommands(CLI::App& app, Context& context, int* exit_code) {
  auto down = std::make_shared<DownArguments>();
  CLI::App* cmd = app.add_subcommand("down", "Revert applied migrations, the last applied first (default: one)");
  auto* count = cmd->add_option("--count", down->count, "Revert this many")->check(WholeNumber());
  auto* to = cmd->add_option("--to", down->to, "Revert every migration newer than this version")
                  ->type_name("VERSION");
  auto* all = cmd->add_flag("--all", down->all, "Revert every applied migration (asks on a terminal)");
  count->excludes(to)->excludes(all);
  to->excludes(all);
  cmd->add_flag("--dry-run", down->dry_run, "Run in a transaction that is rolled back; change nothing");
  cmd->add_flag("--yes,-y", down->yes, "Do not ask for confirmation (--all; error-level risk in production)");
  AddModifiedChoice(cmd, *down);
  AddCascade(cmd, *down);
  cmd->callback([&context, down, exit_code] { *exit_code = RunDown(context, *down); });

  auto revert = std::make_shared<DownArguments>();
  auto version = std::make_shared<std::string>();
  CLI::App* one = app.add_subcommand("revert", "Revert one applied migration");
  one->add_option("version", *version, "The migration's version")->required()->type_name("VERSION");
  one->add_flag("--dry-run", revert->dry_run, "Run in a transaction that is rolled back; change nothing");
  one->add_flag("--yes,-y", revert->yes, "Confirm error-level risk findings in production");
  AddModifiedChoice(one, *revert);
  AddCascade(one, *revert);
  one->callback([&context, version, revert, exit_code] { *exit_code = RunRevert(context, *version, *revert); });

  auto yes = std::make_shared<bool>(false);
  CLI::App* reset = app.add_subcommand("reset", "Revert every migration (development only; needs --yes)");
  reset->add_flag("--yes,-y", *yes, "Confirm");
  reset->callback([&context, yes, exit_code] { *exit_code = RunReset(context, *yes); });
}

}  // namespace strata::cli
