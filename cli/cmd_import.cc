// strata import --from TOOL: record what another migration tool applied (docs/coming-from-other-tools.md).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"

namespace strata::cli {
namespace {

nlohmann::json ImportedJson(const std::vector<ImportedMigration>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const ImportedMigration& m : list) {
    out.push_back({{"version", m.version},
                   {"name", m.name},
                   {"applied_at", m.applied_at.empty() ? nlohmann::json() : nlohmann::json(m.applied_at)},
                   {"from", m.where}});
  }
  return out;
}

int RunImport(Context& context, const ImportOptions& options) {
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.OpenEngine(options.dry_run ? Access::kRehearse : Access::kChange);
  if (!engine.ok()) return context.Fail(engine.status());
  auto report = (*engine)->Import(*set, options);
  if (!report.ok()) return context.Fail(report.status());
  if (context.out.json) {
    context.out.PrintJson({{"ok", true},
                           {"tool", report->tool},
                           {"table", report->table},
                           {"dry_run", report->dry_run},
                           {"recorded", ImportedJson(report->recorded)},
                           {"already_recorded", ImportedJson(report->already)},
                           {"not_applied", report->not_applied},
                           {"notes", report->notes}});
    return kExitOk;
  }
  std::string text;
  const char* verb = report->dry_run ? "would record" : "recorded";
  for (const ImportedMigration& m : report->recorded) {
    text += fmt::format("{:<14}{} {}  applied {}  ({})\n", verb, m.version, m.name,
                        m.applied_at.empty() ? "(time not kept)" : m.applied_at, m.where);
  }
  for (const ImportedMigration& m : report->already) {
    text += fmt::format("{:<14}{} {}  (already in strata's history)\n", "already", m.version, m.name);
  }
  for (const std::string& m : report->not_applied) text += fmt::format("{:<14}{}\n", "pending", m);
  for (const std::string& note : report->notes) text += "note: " + note + "\n";
  text += fmt::format("{} {} migration(s) from {} ({}), {} already recorded, {} pending{}", verb,
                      report->recorded.size(), report->tool, report->table, report->already.size(),
                      report->not_applied.size(), report->dry_run ? "; nothing was recorded (--dry-run)" : "");
  context.out.Print(text);
  return kExitOk;
}

}  // namespace

void AddImportCommand(CLI::App& app, Context& context, int* exit_code) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* command = app.add_subcommand(
      "import",
      "Record what another migration tool applied (read from its history table in the same database) in strata's "
      "history, without running anything");
  command
      ->add_option("--from", options->tool,
                   "The tool whose history to read: flyway (flyway_schema_history), goose (goose_db_version), "
                   "golang-migrate (schema_migrations), dbmate (schema_migrations) or sql-migrate (gorp_migrations)")
      ->required()
      ->check(CLI::IsMember({"flyway", "goose", "golang-migrate", "dbmate", "sql-migrate"}));
  command->add_option("--table", options->table,
                      "The tool's history table, when it was configured with another name (NAME or SCHEMA.NAME). "
                      "Default: the tool's own");
  command->add_flag("--dry-run", options->dry_run, "Show what would be recorded; record nothing");
  command->footer(
      "Refuses, recording nothing, when the tool's history and the files disagree (an applied version without a "
      "file, a dirty or failed version); versions already in strata's history are reported, not recorded again. "
      "See docs/coming-from-other-tools.md.");
  command->callback([&context, options, exit_code] { *exit_code = RunImport(context, *options); });
}

}  // namespace strata::cli
