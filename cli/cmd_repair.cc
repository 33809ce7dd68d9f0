// strata repair: settle failed or interrupted migrations, realign checksums. strata baseline V.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "cli/run_helpers.h"

namespace strata::cli {
namespace {

struct RepairArguments {
  bool applied = false;
  std::vector<std::string> forget;
};

int RunRepair(Context& context, const RepairArguments& args) {
  RepairOptions options;
  options.mark_applied = args.applied;
  for (const std::string& text : args.forget) {
    auto version = ParseVersionArgument(text, "--forget");
    if (!version.ok()) return context.Fail(version.status());
    options.forget.push_back(*version);
  }
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.OpenEngine();
  if (!engine.ok()) return context.Fail(engine.status());
  auto report = (*engine)->Repair(*set, options);
  if (!report.ok()) return context.Fail(report.status());
  if (context.out.json) {
    context.out.PrintJson({{"ok", true}, {"cleared", report->cleared}, {"realigned", report->realigned}});
    return kExitOk;
  }
  std::string text;
  for (const std::string& c : report->cleared) text += "cleared   " + c + "\n";
  for (const std::string& r : report->realigned) text += "realigned " + r + "\n";
  text += report->cleared.empty() && report->realigned.empty()
              ? "nothing to repair"
              : fmt::format("{} cleared, {} realigned", report->cleared.size(), report->realigned.size());
  context.out.Print(text);
  return kExitOk;
}

int RunBaseline(Context& context, const std::string& version_text) {
  auto version = ParseVersionArgument(version_text, "version");
  if (!version.ok()) return context.Fail(version.status());
  return RunChange(context, [&](Engine& engine, MigrationSet& set) { return engine.Baseline(set, *version); });
}

}  // namespace

void AddRepairCommands(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<RepairArguments>();
  CLI::App* repair = app.add_subcommand(
      "repair", "After a person checked: clear failed or interrupted state and realign modified checksums");
  auto* applied = repair->add_flag("--applied", args->applied,
                                   "Record failed or interrupted migrations as applied (you completed them by hand) "
                                   "instead of pending");
  repair->add_option("--forget", args->forget,
                     "An applied migration whose file was deleted on purpose: keep its record, stop reporting it "
                     "missing (repeatable); changes nothing else")
      ->excludes(applied)
      ->type_name("VERSION");
  repair->callback([&context, args, exit_code] { *exit_code = RunRepair(context, *args); });

  auto version = std::make_shared<std::string>();
  CLI::App* baseline = app.add_subcommand("baseline", "Record every migration up to V as applied without running it");
  baseline->add_option("version", *version, "The last version the existing database already has")
      ->required()
      ->type_name("VERSION");
  baseline->callback([&context, version, exit_code] { *exit_code = RunBaseline(context, *version); });
}

}  // namespace strata::cli
