// strata new NAME [--sequential]: a migration file from the template.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"

namespace strata::cli {
namespace {

struct NewArguments {
  std::string name;
  bool sequential = false;
};

int RunNew(Context& context, const NewArguments& args) {
  auto cfg = context.config(false);
  if (!cfg.ok()) return context.Fail(cfg.status());
  auto path = CreateMigrationFile(cfg->dir, args.name, args.sequential);
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
  cmd->callback([&context, args, exit_code] { *exit_code = RunNew(context, *args); });
}

}  // namespace strata::cli
