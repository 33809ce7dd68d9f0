// Engine: plans and runs migrations against one database, keeping its history.
//
// Guarantees, on every database:
//  1. A change (up, down, run, revert, baseline, repair) holds the database's runner lock from before
//     it reads history until it is done, so concurrent runners apply each migration exactly once.
//  2. Where the database has transactional DDL, each migration and its history record commit together:
//     a failure leaves nothing of that migration, records the failure, keeps earlier ones applied.
//  3. A migration marked `transaction:false`, or run on a database without transactional DDL, is
//     recorded `running` first; an interruption leaves it so, and the engine refuses to go on until
//     `Repair`.
//  4. Nothing is applied while the directory fails to load, validation fails (unless forced), or a
//     placeholder of any migration the run would apply is unset.
//  5. A dry run changes nothing: the work runs in a transaction that is rolled back.
//
// Thread safety: an Engine owns one database connection; use it from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "strata/driver.h"
#include "strata/history.h"
#include "strata/migration.h"
#include "strata/report.h"
#include "strata/status.h"

namespace strata {

// What a run reports as it goes, so a caller can log it its own way.
// A batched migration (BatchSpec) reports kBatch after each committed batch and kBatchWaiting while a
// throttle holds the next one back.
struct Progress {
  enum class Kind { kStarted, kFinished, kFailed, kLockWaiting, kRetrying, kBatch, kBatchWaiting };
  Kind kind = Kind::kStarted;
  std::string version;
  std::string name;
  bool revert = false;
  int64_t duration_ms = 0;
  std::string detail;  // kFailed, kRetrying: the error; kLockWaiting: who holds the lock; kBatchWaiting: why
  // kBatch, kBatchWaiting: rows of the key's table done and in all (counted when the migration started),
  // the rate since this run started, and the time left at that rate (-1 before it is known).
  int64_t rows_done = 0;
  int64_t rows_total = 0;
  double rows_per_second = 0;
  int64_t eta_ms = -1;
};

struct EngineOptions {
  std::string history_table = "strata_migrations";  // Default: strata_migrations
  std::string actor;  // recorded as applied/reverted by. Default: $USER@hostname
  std::map<std::string, std::string> variables;  // values for ${NAME} placeholders
  std::chrono::milliseconds lock_timeout{60000};  // Default: 60 s
  // Per DDL statement: how long to wait for a table lock before failing (ConnectOptions).
  std::chrono::milliseconds ddl_lock_timeout{5000};  // Default: 5 s
  // How often a migration that failed only for want of a table lock is retried, with doubling backoff.
  int ddl_lock_retries = 4;  // Default: 4
  // Longest a statement may run (MAX_MIGRATION_TIME); 0 for no limit.
  std::chrono::milliseconds statement_timeout{0};  // Default: none
  // A direct connection for the runner lock when `url` goes through a pooler in transaction mode, where
  // session locks are unsafe. Default: the lock is taken on the main connection.
  std::string lock_url;
  // How the runner lock is taken on a server with advisory locks (strata/driver.h LockMethod, --lock):
  // verified advisory lock with a table lease where it does not exclude, either one forced.
  LockMethod lock = LockMethod::kAuto;  // Default: auto
  // The table lease's (and only its) life without renewal: ConnectOptions::lease_ttl.
  std::chrono::milliseconds lease_ttl{30000};  // Default: 30 s
  std::function<void(const Progress&)> on_progress;  // Default: none
  // Before a step that could destroy data (the risk analysis's data-loss findings; MongoDB's drops and
  // removed or renamed fields), or whose file asks for it, copy what it touches (BackupStore). The CLI's
  // --no-backup and BACKUP_ENABLED=false turn it off. Default: on.
  bool backups = true;
  // For a caller that only reads or rehearses (status, dry runs): a missing database file is not
  // created (ConnectOptions::create_missing). Default: true.
  bool create_missing = true;
  // The risk analysis of the steps a change will take (strata/lint.h): the rules' settings; the dialect,
  // the server's version and table sizes are the engine's to fill. Default: every rule as catalogued.
  lint::LintOptions lint;
  // Called with the findings of the steps before any of them runs (also in dry runs); a failed Status
  // stops the run with nothing applied: the production guard. Default: none.
  std::function<Status(const std::vector<lint::Finding>&)> on_risk;
  // How long a database busy with another writer is waited for. Readers that must answer at once
  // (status, health) set it short. Default: lock_timeout.
  std::optional<std::chrono::milliseconds> busy_timeout;
};

// Migrations run in version order, except that a migration's declared requirements (Migration::
// requirements) run before it: ties between migrations free to run are broken by version.
struct UpOptions {
  // Apply pending versions <= to, and what they require (transitively), even a newer requirement.
  std::optional<Version> to;
  std::optional<int> count;    // apply at most this many
  bool dry_run = false;
  bool force = false;               // go on although applied files are modified or missing
  // Apply pending versions older than the newest applied. Without it such a migration is still applied
  // when it declares requirements and every one of them is applied.
  bool allow_out_of_order = false;
  // After a migration fails and is rolled back whole, go on with the later ones that do not require it,
  // directly or through others (a migration that declares no requirements needs every earlier one);
  // skip and report the rest. Any other failure (half-applied, lost connection, failed backup) still
  // stops the run, as does every failure in a dry run. Default: false, stop at the first failure.
  bool keep_going = false;
  // Apply again the applied migrations whose files changed, replacing their records (seeds that were
  // edited, `strata seed --force`). Their changes are then not validation problems. Default: false.
  bool rerun_modified = false;
};

struct DownOptions {
  std::optional<Version> to;  // revert applied versions > to; 0 reverts all
  std::optional<int> count;   // revert this many. Default: 1 (when neither `to` nor `all`)
  bool all = false;
  bool dry_run = false;
  // A migration whose file changed since it was applied is reverted only on request: with `force` by
  // the file's down part, with `use_stored_down` by the down part stored when it was applied.
  bool force = false;
  bool use_stored_down = false;
  // A migration that an applied migration requires is reverted only after its dependents: with
  // `cascade` they are reverted first (their dependents before them), else the revert is refused,
  // naming them. Default: false.
  bool cascade = false;
};

struct RepairOptions {
  // How to settle a failed or interrupted migration once a person has checked the database:
  // false (Default) forgets the attempt, so it is pending again; true records it as applied.
  bool mark_applied = false;
  // Applied migrations whose files were deleted on purpose: their records are kept (so they never run
  // again) and marked as forgotten, so they are no longer reported missing. Only these are touched.
  std::vector<Version> forget;
};

// `strata import`: what another migration tool applied, read from its history table in the same
// database and recorded in strata's history without running anything (docs/coming-from-other-tools.md).
struct ImportOptions {
  std::string tool;   // "flyway", "goose", "golang-migrate", "dbmate" or "sql-migrate"
  std::string table;  // the tool's history table. Default: "" for the tool's own default name
  bool dry_run = false;  // say what would be recorded; record nothing
};

struct ImportedMigration {
  std::string version;
  std::string name;
  std::string applied_at;  // when the tool applied it; "" when the tool keeps no time
  std::string where;       // the tool's row it comes from
};

struct ImportReport {
  std::string tool;
  std::string table;
  bool dry_run = false;
  std::vector<ImportedMigration> recorded;  // recorded now (in a dry run: would be)
  std::vector<ImportedMigration> already;   // already in strata's history: left as they are
  std::vector<std::string> not_applied;     // "version name" of files the tool did not apply: pending
  std::vector<std::string> notes;
};

// One migration's text as stored in the history and as its file says now (`strata show`).
struct StoredMigration {
  std::string version;
  std::string name;
  std::string status;  // "pending", or a MigrationStatus name
  std::optional<HistoryRecord> record;  // with its texts; absent when never recorded
  const Migration* migration = nullptr;  // absent when the file is gone
};

class VerifiedLock;

class Engine {
 public:
  // Connects to `url` with the driver registered for its scheme.
  static Result<std::unique_ptr<Engine>> Open(const std::string& url, EngineOptions options);
  // Runs on a connection the caller opened (its own driver, or a wrapped one); no separate lock URL.
  static std::unique_ptr<Engine> Open(std::unique_ptr<Connection> connection, EngineOptions options);
  ~Engine();

  // Applies pending migrations in version order. A migration's failure is reported in the RunReport
  // (status not ok); errors before anything ran (lock, validation, placeholders) are the Result's.
  Result<RunReport> Up(const MigrationSet& set, const UpOptions& options);
  // The same for a caller that hands the set over: each migration's text is then moved, not copied,
  // from the file to its statements and on to its history record, so a very large migration is held
  // about once (the set is left without those texts).
  Result<RunReport> Up(MigrationSet&& set, const UpOptions& options);
  // Reverts applied migrations, the last applied first, and never one before the applied migrations
  // that require it (see DownOptions::cascade).
  Result<RunReport> Down(const MigrationSet& set, const DownOptions& options);
  // Applies one migration, whatever its order; refused while a migration it requires is not applied.
  Result<RunReport> Run(const MigrationSet& set, const Version& version, bool dry_run);
  // Reverts one applied migration (`options.to`, `count` and `all` are ignored); refused while applied
  // migrations require it, unless `options.cascade` reverts them first.
  Result<RunReport> Revert(const MigrationSet& set, const Version& version, const DownOptions& options = {});

  Result<StatusReport> GetStatus(const MigrationSet& set);
  // Problems that make `Up` refuse: modified, missing, out of order, failed or interrupted, requirements
  // on versions no migration has, requirements that form a cycle.
  Result<std::vector<Problem>> Validate(const MigrationSet& set);
  Result<std::vector<HistoryEvent>> History(int limit);
  // What the history stored for `version` and what its file holds now. REQUIRES: `set` outlives it.
  Result<StoredMigration> Show(const MigrationSet& set, const Version& version);
  // Clears failed or interrupted state and realigns checksums of modified files.
  Result<RepairReport> Repair(const MigrationSet& set, const RepairOptions& options);
  // Records every migration up to `version` as applied without running it.
  Result<RunReport> Baseline(const MigrationSet& set, const Version& version);
  // Records what another tool applied (ImportOptions), each with the tool's time of applying it and an
  // `import` event naming the tool. All or nothing: when the tool's history and the files disagree (an
  // applied version without a file, a dirty or failed version, ...) it is kValidationFailed listing
  // every disagreement, and nothing is recorded. kUnsupported on a database without SQL queries.
  Result<ImportReport> Import(const MigrationSet& set, const ImportOptions& options);

  // Backups taken before risky migrations, oldest first; and bringing one back (under the runner lock).
  Result<std::vector<BackupInfo>> ListBackups();
  Result<BackupInfo> RestoreBackup(const std::string& id);
  // Deletes the backups taken more than `older_than` seconds ago, and all but the newest `keep` (each
  // rule when given); returns what it deleted.
  Result<std::vector<BackupInfo>> PruneBackups(std::optional<int64_t> older_than, std::optional<int> keep);

  // The risk analysis's options for this database: EngineOptions::lint with the dialect, strata's lock
  // timeout and, with `facts`, the server's version and table sizes (estimates from the catalog).
  lint::LintOptions RiskOptions(bool facts);

  // Who holds the runner lock, or "" when it is free.
  Result<std::string> LockHolder();
  // Ends the session holding the runner lock (see Connection::BreakLock).
  Status BreakLock();

  Connection& connection() { return *connection_; }
  // The runner lock this engine took last: "advisory", "table" (the lease), "file" or "lease" (the
  // database's own); "" before any change took one.
  std::string LockInUse() const;

 private:
  Engine(std::unique_ptr<Connection> connection, std::unique_ptr<Connection> lock_connection,
         EngineOptions options);
  // The runner lock: on the main connection, or on the one of EngineOptions::lock_url.
  // The lock chosen by EngineOptions::lock, verified (engine/verified_lock.h).
  RunnerLock& runner_lock();
  // kRefused: the database keeps no backups.
  Status NoBackups() const;

  std::unique_ptr<Connection> connection_;
  std::unique_ptr<Connection> lock_connection_;  // only with EngineOptions::lock_url
  EngineOptions options_;
  std::unique_ptr<VerifiedLock> lock_;
};

// Who runs strata, for the history: $USER@hostname.
std::string DefaultActor();

}  // namespace strata
