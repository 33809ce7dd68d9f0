#include "cli/output.h"

#include "cli/risk.h"
#include "core/text.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

namespace strata::cli {
namespace {

const char* Code(Colour colour) {
  switch (colour) {
    case Colour::kNone: return "";
    case Colour::kGreen: return "\033[32m";
    case Colour::kYellow: return "\033[33m";
    case Colour::kRed: return "\033[31m";
    case Colour::kCyan: return "\033[36m";
    case Colour::kDim: return "\033[2m";
  }
  return "";
}

Colour OutcomeColour(StepOutcome outcome) {
  switch (outcome) {
    case StepOutcome::kApplied:
    case StepOutcome::kReverted:
    case StepOutcome::kWouldApply:
    case StepOutcome::kWouldRevert: return Colour::kGreen;
    case StepOutcome::kFailed: return Colour::kRed;
    case StepOutcome::kSkipped:
    case StepOutcome::kUntested: return Colour::kYellow;
  }
  return Colour::kNone;
}

}  // namespace

Output::Output() {
  const char* no_colour = std::getenv("NO_COLOR");
  colour_ = isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
  stderr_tty_ = isatty(STDERR_FILENO);
}

std::string Output::Paint(const std::string& text, Colour colour) const {
  if (!colour_ || colour == Colour::kNone) return text;
  return std::string(Code(colour)) + text + "\033[0m";
}

void Output::Print(const std::string& text) const { std::cout << text << '\n' << std::flush; }

void Output::Notice(const std::string& text) const { std::cerr << text << '\n' << std::flush; }

// Text from outside (a file name, a database's message) may not be UTF-8: such a byte prints as U+FFFD
// rather than end the program.
void Output::PrintJson(const nlohmann::json& value) const {
  std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
}

void Output::PrintError(const Status& status) const {
  if (json) {
    PrintJson({{"ok", false}, {"error", StatusJson(status)}});
    return;
  }
  std::string text = status.ToString();
  if (!status.database_message().empty() && text.find(status.database_message()) == std::string::npos) {
    text += "\n  database said: " + status.database_message();
  }
  std::cerr << "error: " << Printable(text) << '\n' << std::flush;
}

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::AddRow(std::vector<std::string> cells, std::vector<Colour> colours) {
  cells.resize(headers_.size());
  colours.resize(headers_.size(), Colour::kNone);
  rows_.push_back(std::move(cells));
  colours_.push_back(std::move(colours));
}

void Table::DropIfEmpty(const std::string& header) {
  auto it = std::find(headers_.begin(), headers_.end(), header);
  if (it == headers_.end()) return;
  const size_t c = it - headers_.begin();
  for (const auto& row : rows_) {
    if (!row[c].empty()) return;
  }
  headers_.erase(it);
  for (auto& row : rows_) row.erase(row.begin() + c);
  for (auto& colours : colours_) colours.erase(colours.begin() + c);
}

std::string Table::Render(const Output& out) const {
  std::vector<size_t> widths(headers_.size());
  for (size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = headers_[c].size();
    for (const auto& row : rows_) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string text;
  auto line = [&](const std::vector<std::string>& cells, const std::vector<Colour>* colours, bool header) {
    std::string row;
    for (size_t c = 0; c < cells.size(); ++c) {
      bool last = c + 1 == cells.size();
      std::string cell = last ? cells[c] : fmt::format("{:<{}}", cells[c], widths[c]);
      Colour colour = header ? Colour::kDim : (*colours)[c];
      row += out.Paint(cell, colour);
      if (!last) row += "  ";
    }
    while (!row.empty() && row.back() == ' ') row.pop_back();
    text += row + '\n';
  };
  line(headers_, nullptr, true);
  for (size_t r = 0; r < rows_.size(); ++r) line(rows_[r], &colours_[r], false);
  return text;
}

std::string FormatDuration(int64_t ms) {
  if (ms == 0) return "<1 ms";
  if (ms < 1000) return fmt::format("{} ms", ms);
  return fmt::format("{:.2f} s", static_cast<double>(ms) / 1000.0);
}

nlohmann::json StatusJson(const Status& status) {
  nlohmann::json j = {{"code", StatusCodeName(status.code())}, {"message", status.message()}};
  if (status.location()) {
    j["file"] = status.location()->file;
    if (status.location()->line > 0) j["line"] = status.location()->line;
  }
  if (!status.database_message().empty()) j["database_message"] = status.database_message();
  return j;
}

nlohmann::json RunReportJson(const RunReport& report) {
  nlohmann::json steps = nlohmann::json::array();
  for (const StepResult& s : report.steps) {
    nlohmann::json step = {{"version", s.version},
                           {"name", s.name},
                           {"action", s.revert ? "revert" : "apply"},
                           {"outcome", StepOutcomeName(s.outcome)},
                           {"duration_ms", s.duration_ms}};
    if (!s.error.ok()) step["error"] = StatusJson(s.error);
    if (!s.note.empty()) step["note"] = s.note;
    steps.push_back(std::move(step));
  }
  nlohmann::json j = {{"ok", report.status.ok()},
                      {"dry_run", report.dry_run},
                      {"migrations", steps},
                      {"warnings", report.warnings},
                      {"summary",
                       {{"applied", report.Count(StepOutcome::kApplied)},
                        {"reverted", report.Count(StepOutcome::kReverted)},
                        {"would_apply", report.Count(StepOutcome::kWouldApply)},
                        {"would_revert", report.Count(StepOutcome::kWouldRevert)},
                        {"untested", report.Count(StepOutcome::kUntested)},
                        {"skipped", report.Count(StepOutcome::kSkipped)},
                        {"failed", report.Count(StepOutcome::kFailed)}}}};
  if (!report.status.ok()) j["error"] = StatusJson(report.status);
  nlohmann::json risks = nlohmann::json::array();
  for (const lint::Finding& f : report.risks) risks.push_back(FindingJson(f));
  j["risks"] = std::move(risks);
  return j;
}

std::string RenderRunReport(const RunReport& report, const Output& out) {
  std::string text;
  for (const std::string& w : report.warnings) text += out.Paint("warning: ", Colour::kYellow) + w + '\n';
  int64_t total_ms = 0;
  if (report.steps.empty()) {
    text += report.dry_run ? "dry run: nothing to do\n" : "nothing to do: the database is up to date\n";
    return text;
  }
  Table table({"OUTCOME", "VERSION", "NAME", "DURATION", "NOTE"});
  for (const StepResult& s : report.steps) {
    total_ms += s.duration_ms;
    bool ran = s.outcome != StepOutcome::kSkipped && s.outcome != StepOutcome::kUntested;
    std::string outcome = StepOutcomeName(s.outcome);
    std::replace(outcome.begin(), outcome.end(), '_', ' ');
    table.AddRow({outcome, s.version, s.name, ran ? FormatDuration(s.duration_ms) : "", s.note},
                 {OutcomeColour(s.outcome)});
  }
  text += table.Render(out);
  bool reverting = !report.steps.empty() && report.steps.front().revert;
  int done = report.dry_run ? report.Count(reverting ? StepOutcome::kWouldRevert : StepOutcome::kWouldApply)
                            : report.Count(reverting ? StepOutcome::kReverted : StepOutcome::kApplied);
  std::string verb = reverting ? "reverted" : "applied";
  if (report.dry_run) verb = "would be " + verb;
  std::string summary = fmt::format("{}{} {}, {} skipped, {} failed", report.dry_run ? "dry run (rolled back): " : "",
                                    done, verb, report.Count(StepOutcome::kSkipped), report.Count(StepOutcome::kFailed));
  if (int untested = report.Count(StepOutcome::kUntested)) summary += fmt::format(", {} untested", untested);
  summary += fmt::format(" ({})", FormatDuration(total_ms));
  text += out.Paint(summary, report.status.ok() ? Colour::kGreen : Colour::kRed) + '\n';
  // A dry run shows what the risk analysis found with the plan (a change warned before it ran).
  if (report.dry_run && !report.risks.empty()) {
    text += fmt::format("risk: {} finding(s):\n", report.risks.size()) + RenderFindings(report.risks, out, true);
  }
  return text;
}

}  // namespace strata::cli
