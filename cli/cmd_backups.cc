// strata backups list | backups restore ID: the copies taken before risky migrations.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"

namespace strata::cli {
namespace {

nlohmann::json ToJson(const BackupInfo& b) {
  return {{"id", b.id},           {"object", b.object},         {"version", b.version},
          {"migration", b.migration}, {"created_at", b.created_at}, {"rows", b.rows}};
}

int RunBackupsList(Context& context) {
  auto engine = context.OpenEngine();
  if (!engine.ok()) return context.Fail(engine.status());
  auto backups = (*engine)->ListBackups();
  if (!backups.ok()) return context.Fail(backups.status());
  if (context.out.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const BackupInfo& b : *backups) list.push_back(ToJson(b));
    context.out.PrintJson({{"backups", list}});
    return kExitOk;
  }
  if (backups->empty()) {
    context.out.Print("no backups yet");
    return kExitOk;
  }
  Table table({"ID", "OF", "MIGRATION", "TAKEN AT", "DOCUMENTS"});
  for (const BackupInfo& b : *backups) {
    table.AddRow({b.id, b.object, b.version + " " + b.migration, b.created_at, std::to_string(b.rows)}, {});
  }
  std::string text = table.Render(context.out);
  context.out.Print(text.substr(0, text.size() - 1));
  return kExitOk;
}

int RunBackupsRestore(Context& context, const std::string& id) {
  auto engine = context.OpenEngine();
  if (!engine.ok()) return context.Fail(engine.status());
  auto restored = (*engine)->RestoreBackup(id);
  if (!restored.ok()) return context.Fail(restored.status());
  if (context.out.json) {
    context.out.PrintJson({{"ok", true}, {"restored", ToJson(*restored)}});
  } else {
    context.out.Print(fmt::format("restored {} from {} ({} documents, taken {} before migration {} {})",
                                  restored->object, restored->id, restored->rows, restored->created_at,
                                  restored->version, restored->migration));
  }
  return kExitOk;
}

}  // namespace

void AddBackupCommands(CLI::App& app, Context& context, int* exit_code) {
  CLI::App* backups = app.add_subcommand("backups", "Copies taken before risky migrations: list them, restore one");
  backups->require_subcommand(1);
  backups->add_subcommand("list", "Every backup, oldest first")->callback([&context, exit_code] {
    *exit_code = RunBackupsList(context);
  });
  auto id = std::make_shared<std::string>();
  CLI::App* restore = backups->add_subcommand("restore", "Replace a collection's contents with its backup");
  restore->add_option("id", *id, "The backup's ID, as `strata backups list` shows it")->required();
  restore->callback([&context, id, exit_code] { *exit_code = RunBackupsRestore(context, *id); });
}

}  // namespace strata::cli
