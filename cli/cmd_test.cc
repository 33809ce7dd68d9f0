// strata test: on a scratch database, each migration applied, reverted and compared, then applied again.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "cli/run_helpers.h"
#include "cli/schema_differences.h"
#include "schema/reversibility.h"

namespace strata::cli {
namespace {

struct TestArguments {
  std::string from;
};

std::string Verdict(const ReversibilityCheck& c) {
  using Outcome = ReversibilityCheck::Outcome;
  switch (c.outcome) {
    case Outcome::kRestored: return "ok: the down restores the schema";
    case Outcome::kNotRestored:
      return fmt::format("FAILED: the down does not restore the schema ({} difference{}){}", c.differences.size(),
                         c.differences.size() == 1 ? "" : "s",
                         c.error.ok() ? "" : "; applying the up again then failed: " + c.error.ToString());
    case Outcome::kNoDown: return "skipped: no down part (irreversible)";
    case Outcome::kUpFailed: return "FAILED: the up failed: " + c.error.ToString();
    case Outcome::kDownFailed: return "FAILED: the down failed: " + c.error.ToString();
    case Outcome::kReapplyFailed:
      return "FAILED: the up failed when applied again after the down: " + c.error.ToString();
  }
  return "";
}

int RunTest(Context& context, const TestArguments& args) {
  std::optional<Version> from;
  if (!args.from.empty()) {
    auto v = ParseVersionArgument(args.from, "--from");
    if (!v.ok()) return context.Fail(v.status());
    from = *v;
  }
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto cfg = context.config();
  if (!cfg.ok()) return context.Fail(cfg.status());
  // The configured database is only the way to its server: nothing is read from it or written to it.
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  EngineOptions options;
  options.history_table = cfg->table;
  options.variables = cfg->variables;
  auto checks = TestReversibility((*engine)->connection(), options, *set, from);
  if (!checks.ok()) return context.Fail(checks.status());
  int failed = 0, skipped = 0;
  for (const ReversibilityCheck& c : *checks) {
    if (!c.passed()) ++failed;
    if (c.outcome == ReversibilityCheck::Outcome::kNoDown) ++skipped;
  }
  if (context.out.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const ReversibilityCheck& c : *checks) {
      nlohmann::json j = {{"version", c.version},
                          {"name", c.name},
                          {"outcome", ReversibilityOutcomeName(c.outcome)},
                          {"passed", c.passed()},
                          {"differences", DifferencesJson(c.differences)}};
      j["error"] = c.error.ok() ? nlohmann::json() : nlohmann::json(c.error.ToString());
      list.push_back(std::move(j));
    }
    context.out.PrintJson({{"ok", failed == 0}, {"tested", checks->size()}, {"failed", failed}, {"migrations", list}});
    return failed ? kExitFailed : kExitOk;
  }
  std::string text;
  for (const ReversibilityCheck& c : *checks) {
    text += fmt::format("{} {}: {}\n", c.version, c.name, Verdict(c));
    text += RenderDifferences(c.differences, "before up", "after down", "    ");
  }
  text += fmt::format("{} migration{} tested on a scratch database: {} failed, {} without a down part",
                      checks->size(), checks->size() == 1 ? "" : "s", failed, skipped);
  context.out.Print(text);
  return failed ? kExitFailed : kExitOk;
}

}  // namespace

void AddTestCommand(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<TestArguments>();
  CLI::App* test = app.add_subcommand(
      "test", "Prove each down undoes its up: apply, revert, compare the schema, apply again, on a scratch database");
  test->add_option("--from", args->from, "Check from this version on (earlier ones are only applied)")
      ->type_name("VERSION");
  test->callback([&context, args, exit_code] { *exit_code = RunTest(context, *args); });
}

}  // namespace strata::cli
