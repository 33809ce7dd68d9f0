// What every command shares: the global options, the configuration they resolve to, and output.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/output.h"
#include "strata/engine.h"
#include "strata/lint.h"
#include "strata/source.h"

namespace CLI {
class App;
}

namespace strata::cli {

// kExitUnreachable: `strata wait` gave up on a database that did not accept connections in time.
enum ExitCode { kExitOk = 0, kExitFailed = 1, kExitUsage = 2, kExitUnreachable = 3 };

// What a command does with the database. kRead answers at once, even while a migration writes;
// kRead and kRehearse never create a database file that does not exist.
enum class Access { kChange, kRehearse, kRead };

struct GlobalOptions {
  std::string url;
  std::string dir;
  std::string table;
  std::string config_path;  // Default: strata.toml in the working directory, if present
  std::string by;
  std::vector<std::string> sets;  // NAME=VALUE
  std::optional<double> lock_timeout_seconds;      // --lock-timeout (lock_timeout in strata.toml; default 60)
  std::optional<double> ddl_lock_timeout_seconds;  // --ddl-lock-timeout (ddl_lock_timeout; default 5)
  std::string max_migration_time;  // seconds, or with a unit: 90s, 10m, 1h (env MAX_MIGRATION_TIME)
  std::string lock_url;
  std::string lock;       // --lock: auto, advisory, table (env STRATA_LOCK; default auto)
  std::string lease_ttl;  // --lease-ttl: 30s, 2s, 500ms (env STRATA_LEASE_TTL; default 30s)
  bool no_backup = false;
  std::string dump;  // --dump FILE: after a change, write the schema there (dump_after_up in strata.toml)
  bool json = false;
  std::string environment;  // --environment (--env); else STRATA_ENVIRONMENT or STRATA_ENV
  bool recursive = false;   // --recursive: migrations in subfolders too (recursive = true in strata.toml)
};

// The configuration after flags, environment, .env and strata.toml are merged.
struct Config {
  std::string url;
  std::string url_source;  // "--url", "DATABASE_URL", ".env", "strata.toml" (or "strata.toml [environments.NAME]")
  std::string dir;
  bool recursive = false;  // read the migrations directory's subfolders too
  std::string table;
  std::string seeds_dir;  // `strata seed`'s directory (cli/cmd_seed.cc)
  std::map<std::string, std::string> variables;
  std::string environment;  // --env, else STRATA_ENV ("production" guards risky runs)
  std::map<std::string, lint::RuleSetting> lint_rules;  // strata.toml [lint.rules]
  std::string lint_fail_on;                             // strata.toml [lint] fail_on; "" when unset
  std::string dump_after_up;  // --dump, else strata.toml: where `up` and `down` write the schema after a change; "" for nowhere
  std::string config_file;    // the strata.toml read; "" when there is none
  // How runs lock and time out, and whether they back up: a flag, else its variable, else strata.toml.
  double lock_timeout_seconds = 60;
  double ddl_lock_timeout_seconds = 5;
  std::string max_migration_time;  // "" for no limit
  std::string lock = "auto";
  std::string lease_ttl;  // "" for the driver's 30s
  std::string lock_url;
  bool backups = true;
  // Where each setting came from, by name ("url", "dir", "vars.NAME", "lint.rules.ID", ...): "--dir",
  // "env STRATA_DIR", ".env", "strata.toml", "strata.toml [environments.NAME]", "default", or "none".
  std::map<std::string, std::string> sources;
};

// Whether resolving needs the database URL: kSkip does not look for it (a broken .env cannot stop `new`),
// kIfAny leaves it empty when there is none, kRequired makes that an error.
enum class UrlNeed { kSkip, kIfAny, kRequired };

// URL: --url, else $DATABASE_URL, else DATABASE_URL in ./.env, else `url` in strata.toml.
// Directory: --dir, else $STRATA_DIR, else `dir` in strata.toml, else db/migrations.
// Recursive: --recursive, else `recursive` in strata.toml, else false.
// Environment: --environment, else $STRATA_ENVIRONMENT or $STRATA_ENV (an error when they differ); with
// [environments] in strata.toml it must name one of them, whose keys override the top level's.
// Seeds directory: $STRATA_SEEDS_DIR, else `seeds_dir` in strata.toml, else db/seeds (`seed --seeds-dir`
// overrides it).
// Variables: --set, else [vars] in strata.toml, else $STRATA_VAR_<NAME>.
// Lock and timeouts (lock, lease_ttl, lock_url, max_migration_time, lock_timeout, ddl_lock_timeout) and
// backups: their flag, else their variable where they have one, else strata.toml, else the default.
Result<Config> ResolveConfig(const GlobalOptions& options, UrlNeed need_url);
inline Result<Config> ResolveConfig(const GlobalOptions& options, bool need_url) {
  return ResolveConfig(options, need_url ? UrlNeed::kRequired : UrlNeed::kSkip);
}

class Context {
 public:
  GlobalOptions options;
  Output out;

  Result<Config> config(bool need_url = true) { return ResolveConfig(options, need_url); }
  // Loads the migrations directory of the configuration; with `warn`, names on stderr each file that
  // looks like a migration but is not read.
  // `facts_only`: for a command that only reports (DirectoryOptions::facts_only).
  Result<MigrationSet> Migrations(bool warn = true, bool facts_only = false);
  // Opens the database for `access`; progress goes to stderr on a terminal. A change prints the risk
  // analysis's warnings before it runs and, in production, asks for (or, without a terminal, requires)
  // confirmation of error-level findings unless `risk_confirmed`.
  Result<std::unique_ptr<Engine>> OpenEngine(Access access = Access::kChange);
  // The options OpenEngine opens with, for a caller that opens engines itself (fleets: one per target).
  Result<EngineOptions> EngineOptionsFor(Access access);
  bool risk_confirmed = false;  // --yes / --force of the command

  // Prints `status` as the command's error and returns its exit code.
  int Fail(const Status& status);
};

// Each command adds itself to `app`; its callback leaves the exit code in `*exit_code`.
void AddNewCommand(CLI::App& app, Context& context, int* exit_code);
void AddUpCommands(CLI::App& app, Context& context, int* exit_code);    // up, run
void AddDownCommands(CLI::App& app, Context& context, int* exit_code);  // down, revert, reset
void AddStatusCommands(CLI::App& app, Context& context, int* exit_code);  // status, list, validate
void AddHistoryCommand(CLI::App& app, Context& context, int* exit_code);
void AddRepairCommands(CLI::App& app, Context& context, int* exit_code);  // repair, baseline
void AddLockCommands(CLI::App& app, Context& context, int* exit_code);    // lock status, lock break
void AddBackupCommands(CLI::App& app, Context& context, int* exit_code);  // backups list, backups restore
void AddHealthCommand(CLI::App& app, Context& context, int* exit_code);
void AddShowCommand(CLI::App& app, Context& context, int* exit_code);
void AddLintCommand(CLI::App& app, Context& context, int* exit_code);
void AddSeedCommands(CLI::App& app, Context& context, int* exit_code);  // seed, seed status
void AddGraphCommand(CLI::App& app, Context& context, int* exit_code);
void AddSchemaCommands(CLI::App& app, Context& context, int* exit_code);  // dump, load, diff, drift
void AddTestCommand(CLI::App& app, Context& context, int* exit_code);
void AddSquashCommand(CLI::App& app, Context& context, int* exit_code);
void AddImportCommand(CLI::App& app, Context& context, int* exit_code);  // import --from TOOL
void AddCompletionCommands(CLI::App& app, Context& context, int* exit_code);  // completion SHELL
void AddServeCommand(CLI::App& app, Context& context, int* exit_code);
void AddConfigCommand(CLI::App& app, Context& context, int* exit_code);
void AddWaitCommand(CLI::App& app, Context& context, int* exit_code);

// Writes the schema `engine`'s database holds to `path`, as `strata dump --out` does.
Status WriteSchemaDump(Engine& engine, const std::string& path);

}  // namespace strata::cli
