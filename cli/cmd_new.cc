// strata new NAME [--sequential] [--format sql|json]: a migration file from the template.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "strata/driver.h"

namespace strata::cli {
namespace {

struct NewArguments {
  std::string name;
  bool sequential = false;
  std::string format;  // "sql" or "json"; Default: json when the database is MongoDB, else sql
};

int RunNew(Context& context, const NewArguments& args) {
  auto cfg = context.config(false);
  if (!cfg.ok()) return context.Fail(cfg.status());
  std::string format = args.format;
  if (format.empty()) {
    // The URL only picks the default: without one (or with a broken .env) `new` still works.
    auto with_url = context.config(true);
    auto driver = with_url.ok() ? FindDriver(with_url->url) : Result<const Driver*>(with_url.status());
    format = driver.ok() && (*driver)->json_commands() ? "json" : "sql";
  }
  auto path = CreateMigrationFile(cfg->dir, args.name, args.sequential,
                                  format == "json" ? MigrationFormat::kMongoJson : MigrationFormat::kStrata);
  if (!path.ok()) return context.Fail(path.status());
  if (context.out.json) {
    context.out.PrintJson({{"ok", true}, {"path", *path}});
  } else {
    context.out.Print(*path);
  }
  return kExitOk;
}

}  // namespace

void AddNewCommand(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<NewArguments>();
  CLI::App* cmd = app.add_subcommand("new", "Create a migration file from the template and print its path");
  cmd->add_option("name", args->name, "What the migration does, e.g. add_users")->required();
  cmd->add_flag("--sequential", args->sequential, "Next zero-padded number instead of a timestamp");
  cmd->add_option("--format", args->format, "sql, or json for MongoDB's commands (default: what the --url database takes)")
      ->check(CLI::IsMember({"sql", "json"}));
  cmd->callback([&context, args, exit_code] { *exit_code = RunNew(context, *args); });
}

}  // namespace strata::cli
