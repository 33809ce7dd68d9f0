// strata backups list | restore ID | prune: the copies taken before risky migrations.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "core/clock.h"
#include "strata/startup.h"

namespace strata::cli {
namespace {

nlohmann::json ToJson(const BackupInfo& b) {
  nlohmann::json j = {{"id", b.id},         {"object", b.object},         {"version", b.version},
                      {"migration", b.migration}, {"created_at", b.created_at}, {"rows", b.rows}};
  j["bytes"] = b.bytes >= 0 ? nlohmann::json(b.bytes) : nlohmann::json();
  if (auto age = SecondsSince(b.created_at)) j["age_seconds"] = *age;
  if (!b.columns.empty()) j["columns"] = b.columns;
  return j;
}

std::string Size(int64_t bytes) {
  if (bytes < 0) return "-";
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  if (bytes < int64_t{1024} * 1024 * 1024) return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024));
  return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024 * 1024));
}

std::string Age(const std::string& created_at) {
  auto s = SecondsSince(created_at);
  if (!s) return "?";
  if (*s < 120) return fmt::format("{}s", std::max<int64_t>(*s, 0));
  if (*s < 7200) return fmt::format("{}m", *s / 60);
  if (*s < 2 * 86400) return fmt::format("{}h", *s / 3600);
  return fmt::format("{}d", *s / 86400);
}

std::string What(const BackupInfo& b) {
  if (b.object.empty()) return "(database)";
  return b.columns.empty() ? b.object : fmt::format("{} ({})", b.object, fmt::join(b.columns, ", "));
}

void PrintTable(Context& context, const std::vector<BackupInfo>& backups) {
  Table table({"ID", "OF", "MIGRATION", "ROWS", "SIZE", "AGE"});
  for (const BackupInfo& b : backups) {
    table.AddRow({b.id, What(b), b.version + " " + b.migration, std::to_string(b.rows), Size(b.bytes), Age(b.created_at)}, {});
  }
  std::string text = table.Render(context.out);
  context.out.Print(text.substr(0, text.size() - 1));
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
  PrintTable(context, *backups);
  return kExitOk;
}

int RunBackupsRestore(Context& context, const std::string& id) {
  auto engine = context.OpenEngine();
  if (!engine.ok()) return context.Fail(engine.status());
  auto restored = (*engine)->RestoreBackup(id);
  if (!restored.ok()) return context.Fail(restored.status());
  if (context.out.json) {
    context.out.PrintJson({{"ok", true}, {"restored", ToJson(*restored)}});
  } else if (restored->object.empty() || (*engine)->connection().capabilities().dialect == "sqlite") {
    // A copy taken before a down step holds the migration applied: the history read back says which.
    auto history = (*engine)->connection().history().Read(/*with_texts=*/false);
    auto is_applied = [&](const HistoryRecord& r) {
      return r.version == restored->version && r.status == MigrationStatus::kApplied;
    };
    const bool applied = history.ok() && std::any_of(history->begin(), history->end(), is_applied);
    context.out.Print(fmt::format("restored the database from {}, taken {} before migration {} {}: its history is "
                                  "as it was then, so that migration is {} again",
                                  restored->id, restored->created_at, restored->version, restored->migration,
                                  applied ? "applied" : "pending"));
  } else {
    const bool documents = (*engine)->connection().capabilities().json_commands;
    context.out.Print(fmt::format("restored {} from {} ({} {}, taken {} before migration {} {})", What(*restored),
                                  restored->id, restored->rows, documents ? "documents" : "rows", restored->created_at,
                                  restored->version, restored->migration));
  }
  return kExitOk;
}

struct PruneArgs {
  std::string older_than;
  int keep = -1;
};

int RunBackupsPrune(Context& context, const PruneArgs& args) {
  if (args.older_than.empty() && args.keep < 0) {
    return context.Fail(Status(StatusCode::kInvalidArgument,
                               "say which backups to delete: --older-than 30d, --keep 10, or both"));
  }
  std::optional<int64_t> older_than;
  if (!args.older_than.empty()) {
    auto d = ParseDuration(args.older_than);
    if (!d.ok()) return context.Fail(Status(StatusCode::kInvalidArgument, "--older-than: " + d.status().message()));
    older_than = d->count() / 1000;
  }
  std::optional<int> keep;
  if (args.keep >= 0) keep = args.keep;
  auto engine = context.OpenEngine();
  if (!engine.ok()) return context.Fail(engine.status());
  auto removed = (*engine)->PruneBackups(older_than, keep);
  if (!removed.ok()) return context.Fail(removed.status());
  if (context.out.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const BackupInfo& b : *removed) list.push_back(ToJson(b));
    context.out.PrintJson({{"ok", true}, {"removed", list}});
    return kExitOk;
  }
  if (removed->empty()) {
    context.out.Print("no backup to delete");
    return kExitOk;
  }
  context.out.Print(fmt::format("deleted {} backup{}:", removed->size(), removed->size() == 1 ? "" : "s"));
  PrintTable(context, *removed);
  return kExitOk;
}

}  // namespace

void AddBackupCommands(CLI::App& app, Context& context, int* exit_code) {
  CLI::App* backups = app.add_subcommand("backups", "Copies taken before risky migrations: list, restore, prune");
  backups->require_subcommand(1);
  backups->add_subcommand("list", "Every backup, oldest first, with its size and age")->callback([&context, exit_code] {
    *exit_code = RunBackupsList(context);
  });
  auto id = std::make_shared<std::string>();
  CLI::App* restore = backups->add_subcommand("restore", "Bring back what a backup holds (the copy is kept)");
  restore->add_option("id", *id, "The backup's ID, as `strata backups list` shows it")->required();
  restore->callback([&context, id, exit_code] { *exit_code = RunBackupsRestore(context, *id); });
  auto prune = std::make_shared<PruneArgs>();
  CLI::App* prune_cmd = backups->add_subcommand("prune", "Delete old backups");
  prune_cmd->add_option("--older-than", prune->older_than, "Delete those taken longer ago than this (30d, 12h)");
  prune_cmd->add_option("--keep", prune->keep, "Keep only the newest N")->check(CLI::NonNegativeNumber);
  prune_cmd->callback([&context, prune, exit_code] { *exit_code = RunBackupsPrune(context, *prune); });
}

}  // namespace strata::cli
