// The command-line definition (cli/app.h): global options, then one line per command file.
#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <string>

#include "strata/release.h"

namespace strata::cli {

std::unique_ptr<CLI::App> BuildApp(Context& context, int* exit_code) {
  auto owned = std::make_unique<CLI::App>("strata: versioned database migrations, safely", "strata");
  CLI::App& app = *owned;
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
  app.add_option("--lock-timeout", g.lock_timeout_seconds,
                 "Seconds to wait for the lock or a busy database (lock_timeout in strata.toml; default 60)");
  app.add_option("--ddl-lock-timeout", g.ddl_lock_timeout_seconds,
                 "Seconds a DDL statement may wait for a table lock before the migration is retried "
                 "(ddl_lock_timeout in strata.toml; default 5)");
  app.add_option("--max-migration-time", g.max_migration_time,
                 "Longest a statement may run, e.g. 90s, 10m (env MAX_MIGRATION_TIME, max_migration_time in strata.toml; "
                 "default none)");
  app.add_option("--lock-url", g.lock_url,
                 "Direct database URL for the runner lock, when --url goes through a pooler in transaction mode (lock_url "
                 "in strata.toml)");
  app.add_option("--lock", g.lock,
                 "Runner lock on PostgreSQL/MySQL: auto (advisory lock, verified to exclude; a table lease where it "
                 "does not), advisory, or table (env STRATA_LOCK, lock in strata.toml; docs/locking.md)");
  app.add_option("--lease-ttl", g.lease_ttl,
                 "Life of a table lease without renewal, e.g. 30s; a dead holder's lease is taken over after it "
                 "(env STRATA_LEASE_TTL, lease_ttl in strata.toml; default 30s)");
  app.add_flag("--no-backup", g.no_backup,
               "Do not copy what a risky migration may destroy before it runs (env BACKUP_ENABLED=false, backups = "
               "false in strata.toml)");
  app.add_flag("--json", g.json, "Machine-readable output");
  app.add_option("--dump", g.dump,
                 "After up, down, run or revert changed something, write the schema to this file (dump_after_up in "
                 "strata.toml)");
  app.add_option("--environment,--env", g.environment,
                 "Environment: selects [environments.NAME] in strata.toml; in production, risky migrations need "
                 "confirmation (env STRATA_ENVIRONMENT or STRATA_ENV)");
  app.add_flag("--recursive", g.recursive,
               "Read migrations in the directory's subfolders too, e.g. 2026/11/ (recursive = true in strata.toml)");

  AddNewCommand(app, context, exit_code);
  AddUpCommands(app, context, exit_code);
  AddDownCommands(app, context, exit_code);
  AddStatusCommands(app, context, exit_code);
  AddShowCommand(app, context, exit_code);
  AddHistoryCommand(app, context, exit_code);
  AddRepairCommands(app, context, exit_code);
  AddLockCommands(app, context, exit_code);
  AddBackupCommands(app, context, exit_code);
  AddHealthCommand(app, context, exit_code);
  AddLintCommand(app, context, exit_code);
  AddSeedCommands(app, context, exit_code);
  AddGraphCommand(app, context, exit_code);
  AddSchemaCommands(app, context, exit_code);
  AddTestCommand(app, context, exit_code);
  AddSquashCommand(app, context, exit_code);
  AddImportCommand(app, context, exit_code);
  AddServeCommand(app, context, exit_code);
  AddConfigCommand(app, context, exit_code);
  AddWaitCommand(app, context, exit_code);
  AddCompletionCommands(app, context, exit_code);
  return owned;
}

}  // namespace strata::cli
