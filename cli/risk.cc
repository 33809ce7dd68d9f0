#include "cli/risk.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "cli/run_helpers.h"

namespace strata::cli {
namespace {

Colour SeverityColour(lint::Severity severity) {
  switch (severity) {
    case lint::Severity::kError:
      return Colour::kRed;
    case lint::Severity::kWarning:
      return Colour::kYellow;
    default:
      return Colour::kCyan;
  }
}

bool PromptTurnedOff() {
  const char* value = std::getenv("MIGRATION_REQUIRE_CONFIRMATION");
  if (!value) return false;
  std::string v(value);
  return v == "0" || v == "false" || v == "no" || v == "off";
}

}  // namespace

lint::LintOptions LintSettings(const Config& config) {
  lint::LintOptions options;
  options.rules = config.lint_rules;
  return options;
}

nlohmann::json FindingJson(const lint::Finding& f) {
  nlohmann::json j = {{"rule", f.rule},       {"severity", lint::SeverityName(f.severity)},
                      {"version", f.version}, {"file", f.path},
                      {"line", f.line},       {"column", f.column},
                      {"part", f.down ? "down" : "up"},
                      {"message", f.message}, {"at_run_time", f.at_run_time},
                      {"safer", f.safer}};
  if (!f.allowed.empty()) j["allowed"] = f.allowed;
  return j;
}

std::string RenderFindings(const std::vector<lint::Finding>& findings, const Output& out, bool details) {
  std::string text;
  for (const lint::Finding& f : findings) {
    std::string severity = f.allowed.empty() ? lint::SeverityName(f.severity) : "allowed";
    text += fmt::format("{}:{}:{}: {} {}: {}\n", f.path, f.line, f.column,
                        out.Paint(severity, f.allowed.empty() ? SeverityColour(f.severity) : Colour::kGreen), f.rule,
                        f.message);
    if (!f.allowed.empty()) {
      text += fmt::format("    allowed: {}\n", f.allowed);
    } else if (details) {
      text += fmt::format("    at run time: {}\n    safer: {}\n", f.at_run_time, f.safer);
    }
  }
  return text;
}

std::function<Status(const std::vector<lint::Finding>&)> RiskGuard(const Output& out, const std::string& environment,
                                                                   bool confirmed) {
  const Output* output = &out;
  return [output, environment, confirmed](const std::vector<lint::Finding>& findings) -> Status {
    std::vector<lint::Finding> shown;
    for (const lint::Finding& f : findings) {
      if (f.allowed.empty() && f.severity >= lint::Severity::kWarning) shown.push_back(f);
    }
    if (!shown.empty()) {
      std::string text = RenderFindings(shown, *output, true);
      output->Notice(fmt::format("risk: {} finding(s) in what is about to run:\n{}", shown.size(), text.substr(0, text.size() - 1)));
    }
    if (environment != "production" || confirmed) return Status::Ok();
    std::vector<lint::Finding> need = lint::NeedingConfirmation(findings);
    if (need.empty()) return Status::Ok();
    std::string first = lint::FindingLine(need.front());
    if (isatty(STDIN_FILENO) && !PromptTurnedOff()) {
      if (Confirm(fmt::format("{} error-level risk finding(s) in production (first: {}). Run anyway?", need.size(), first))) {
        return Status::Ok();
      }
      return Status(StatusCode::kRefused, "not confirmed: nothing was run");
    }
    return Status(StatusCode::kRefused,
                  fmt::format("refused in production: {} error-level risk finding(s), first {}; nothing was run. Confirm "
                              "on a terminal, pass --yes, or accept each with `-- strata:allow {} <reason>`",
                              need.size(), first, need.front().rule));
  };
}

}  // namespace strata::cli
