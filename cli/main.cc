// strata: the command line. Parses, then hands each command to its own file.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.h"
#include "cli/suggest.h"
#include "strata/release.h"

int main(int argc, char** argv) {
  using namespace strata::cli;
  Context context;
  int exit_code = kExitOk;

  CLI::App app{"strata: versioned database migrations, safely", "strata"};
  app.set_version_flag("--version", std::string("strata ") + strata::kRelease);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the command too
  GlobalOptions& g = context.options;
  app.add_option("--url", g.url, "Database URL, e.g. sqlite:db/app.db (env DATABASE_URL, .env, strata.toml)");
  app.add_option("--dir", g.dir, "Migrations directory (env STRATA_DIR; default db/migrations)");
  app.add_option("--table", g.table, "History table (env STRATA_TABLE; default strata_migrations)");
  app.add_option("--config", g.config_path, "Config file (default ./strata.toml when present)");
  app.add_option("--by", g.by, "Who to record as applying/reverting (default $USER@host)");
  app.add_option("--set", g.sets, "Placeholder value NAME=VALUE for ${NAME} (repeatable)");
  app.add_option("--lock-timeout", g.lock_timeout_seconds, "Seconds to wait for the lock or a busy database")
      ->capture_default_str();
  app.add_option("--ddl-lock-timeout", g.ddl_lock_timeout_seconds,
                 "Seconds a DDL statement may wait for a table lock before the migration is retried")
      ->capture_default_str();
  app.add_option("--max-migration-time", g.max_migration_time,
                 "Longest a statement may run, e.g. 90s, 10m (env MAX_MIGRATION_TIME; default none)");
  app.add_option("--lock-url", g.lock_url,
                 "Direct database URL for the runner lock, when --url goes through a pooler in transaction mode");
  app.add_option("--lock", g.lock,
                 "Runner lock on PostgreSQL/MySQL: auto (advisory lock, verified to exclude; a table lease where it "
                 "does not), advisory, or table (env STRATA_LOCK; docs/locking.md)");
  app.add_option("--lease-ttl", g.lease_ttl,
                 "Life of a table lease without renewal, e.g. 30s; a dead holder's lease is taken over after it "
                 "(env STRATA_LEASE_TTL; default 30s)");
  app.add_flag("--no-backup", g.no_backup,
               "Do not copy what a risky migration may destroy before it runs (MongoDB backs up by default)");
  app.add_flag("--json", g.json, "Machine-readable output");
  app.add_option("--dump", g.dump,
                 "After up, down, run or revert changed something, write the schema to this file (dump_after_up in "
                 "strata.toml)");
  app.add_option("--environment,--env", g.environment,
                 "Environment: selects [environments.NAME] in strata.toml; in production, risky migrations need "
                 "confirmation (env STRATA_ENVIRONMENT or STRATA_ENV)");
  app.add_flag("--recursive", g.recursive,
               "Read migrations in the directory's subfolders too, e.g. 2026/11/ (recursive = true in strata.toml)");

  AddNewCommand(app, context, &exit_code);
  AddUpCommands(app, context, &exit_code);
  AddDownCommands(app, context, &exit_code);
  AddStatusCommands(app, context, &exit_code);
  AddShowCommand(app, context, &exit_code);
  AddHistoryCommand(app, context, &exit_code);
  AddRepairCommands(app, context, &exit_code);
  AddLockCommands(app, context, &exit_code);
  AddBackupCommands(app, context, &exit_code);
  AddHealthCommand(app, context, &exit_code);
  AddLintCommand(app, context, &exit_code);
  AddSeedCommands(app, context, &exit_code);
  AddGraphCommand(app, context, &exit_code);
  AddSchemaCommands(app, context, &exit_code);
  AddTestCommand(app, context, &exit_code);
  AddSquashCommand(app, context, &exit_code);
  AddImportCommand(app, context, &exit_code);
  AddConfigCommand(app, context, &exit_code);
  AddWaitCommand(app, context, &exit_code);

  // `strata`, `strata help [COMMAND]`, `strata version`, and a command that does not exist are answered
  // before CLI11 parses: it would only say "A subcommand is required".
  std::vector<std::string> commands;
  CLI::App* about = nullptr;
  std::optional<CommandWord> word = FindCommandWord(argc, argv, app);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
    if (word && sub->get_name() == word->next) about = sub;
  }
  if (!word && argc == 1) {
    std::cout << app.help();
    return kExitUsage;
  }
  if (!word) {
    bool asked = false;  // --help and --version are CLI11's to answer
    for (int i = 1; i < argc; ++i) asked = asked || std::string_view(argv[i]) == "--help" ||
                                           std::string_view(argv[i]) == "-h" || std::string_view(argv[i]) == "--version";
    if (!asked) {
      std::cerr << "error: no command given; `strata help` lists the commands, e.g. `strata status`\n";
      return kExitUsage;
    }
  }
  if (word && word->text == "version") {
    std::cout << "strata " << strata::kRelease << "\n";
    return kExitOk;
  }
  if (word && word->text == "help") {
    std::cout << (about ? about->help() : app.help());
    return kExitOk;
  }
  if (word && std::find(commands.begin(), commands.end(), word->text) == commands.end()) {
    std::string closest = ClosestCommand(word->text, commands);
    std::cerr << fmt::format("error: unknown command '{}'{}; `strata help` lists the commands\n", word->text,
                             closest.empty() ? "" : fmt::format(" (did you mean '{}'?)", closest));
    return kExitUsage;
  }

  // Options are parsed before any callback runs, so --json is known when a command prints.
  app.parse_complete_callback([&] { context.out.json = g.json; });
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return exit_code;
}
