// strata history [--limit N]: the event log, oldest first.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "cli/run_helpers.h"

namespace strata::cli {
namespace {

int RunHistory(Context& context, int limit) {
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  auto events = (*engine)->History(limit);
  if (!events.ok()) return context.Fail(events.status());
  if (context.out.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const HistoryEvent& e : *events) {
      list.push_back({{"id", e.id},
                      {"version", e.version},
                      {"name", e.name},
                      {"action", EventActionName(e.action)},
                      {"at", e.at},
                      {"by", e.by},
                      {"duration_ms", e.duration_ms},
                      {"checksum", e.checksum},
                      {"error", e.error.empty() ? nullptr : nlohmann::json(e.error)}});
    }
    context.out.PrintJson({{"events", list}});
    return kExitOk;
  }
  if (events->empty()) {
    context.out.Print("no events yet");
    return kExitOk;
  }
  Table table({"ID", "AT", "ACTION", "VERSION", "NAME", "BY", "DURATION", "DETAIL"});
  for (const HistoryEvent& e : *events) {
    std::string detail = e.error.substr(0, e.error.find('\n'));
    table.AddRow({std::to_string(e.id), e.at, EventActionName(e.action), e.version, e.name, e.by,
                  FormatDuration(e.duration_ms), detail},
                 {Colour::kNone, Colour::kNone, e.action == EventAction::kFail ? Colour::kRed : Colour::kNone});
  }
  std::string text = table.Render(context.out);
  context.out.Print(text.substr(0, text.size() - 1));
  return kExitOk;
}

}  // namespace

void AddHistoryCommand(CLI::App& app, Context& context, int* exit_code) {
  auto limit = std::make_shared<int>(0);
  CLI::App* cmd = app.add_subcommand("history", "The audit trail: every apply, revert, failure, baseline, repair");
  cmd->add_option("--limit", *limit, "Show only the last N events")->check(WholeNumber());
  cmd->callback([&context, limit, exit_code] { *exit_code = RunHistory(context, *limit); });
}

}  // namespace strata::cli
