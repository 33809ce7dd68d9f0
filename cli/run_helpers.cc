#include "cli/run_helpers.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>
#include "schema/fingerprint.h"

namespace strata::cli {

Result<Version> ParseVersionArgument(const std::string& text, const char* what) {
  auto version = Version::Parse(text);
  if (!version) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} '{}' is not a version: a version is digits only, e.g. 20261122093000", what, text));
  }
  return *version;
}

const CLI::Validator& WholeNumber() {
  static const CLI::Validator kWholeNumber(
      [](std::string& text) -> std::string {
        int value = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size() && value >= 0) return "";
        return fmt::format("'{}' is not a whole number of 0 or more", text);
      },
      "N>=0");
  return kWholeNumber;
}

bool Confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

int RunChange(Context& context, const std::function<Result<RunReport>(Engine&, MigrationSet&)>& change,
              bool dry_run, bool facts_only) {
  auto set = context.Migrations(/*warn=*/true, facts_only);
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.OpenEngine(dry_run ? Access::kRehearse : Access::kChange);
  if (!engine.ok()) return context.Fail(engine.status());
  return ReportChange(context, **engine, change(**engine, *set), dry_run);
}

int ReportChange(Context& context, Engine& engine, const Result<RunReport>& report, bool dry_run) {
  int exit_code = ReportRun(context, report);
  // The schema file follows every change, so that a pull request shows what its migrations do.
  const bool changed = report.ok() && !dry_run &&
                       report->Count(StepOutcome::kApplied) + report->Count(StepOutcome::kReverted) > 0;
  // Best effort: the migrations are in; without the fingerprint `status` only cannot tell later changes.
  if (changed) {
    if (Status kept = RecordSchemaFingerprint(engine.connection()); !kept.ok()) {
      context.out.Notice("warning: the schema's fingerprint was not kept (status cannot tell changes made outside "
                         "migrations): " + kept.ToString());
    }
  }
  auto cfg = context.config();
  const std::string dump_path = !context.options.dump.empty() ? context.options.dump
                                : cfg.ok()                    ? cfg->dump_after_up
                                                              : "";
  if (changed && !dump_path.empty()) {
    Status written = WriteSchemaDump(engine, dump_path);
    if (!written.ok()) {
      context.out.PrintError(Status(written.code(), "the migrations ran, but writing the schema to " + dump_path +
                                                        " failed: " + written.message()));
      return kExitFailed;
    }
    context.out.Notice("wrote the schema to " + dump_path);
  }
  return exit_code;
}

int ReportRun(Context& context, const Result<RunReport>& report) {
  if (!report.ok()) return context.Fail(report.status());
  if (context.out.json) {
    context.out.PrintJson(RunReportJson(*report));
  } else {
    std::string text = RenderRunReport(*report, context.out);
    context.out.Print(text.substr(0, text.size() - 1));
    if (!report->status.ok()) context.out.PrintError(report->status);
  }
  return report->status.ok() ? kExitOk : kExitFailed;
}

}  // namespace strata::cli
