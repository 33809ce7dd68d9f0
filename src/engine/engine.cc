// The façade: opens a connection and hands each command to the part that does it (engine/run.h for
// changes, status.cc for reading, history_edits.cc for repair and baseline).
#include "strata/engine.h"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "core/clock.h"
#include "engine/history_access.h"
#include "engine/risk.h"
#include "engine/run.h"
#include "engine/scopes.h"
#include "engine/verified_lock.h"

namespace strata {

std::string DefaultActor() {
  const char* user = std::getenv("USER");
  if (!user || !*user) user = std::getenv("LOGNAME");
  std::string name = user && *user ? user : "";
  if (name.empty()) {  // getpwuid_r: fleets ask from many threads at once
    passwd entry{};
    passwd* found = nullptr;
    char buffer[1024];
    if (getpwuid_r(geteuid(), &entry, buffer, sizeof(buffer), &found) == 0 && found) name = found->pw_name;
  }
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return host[0] ? fmt::format("{}@{}", name.empty() ? "unknown" : name, host) : name;
}

Engine::Engine(std::unique_ptr<Connection> connection, std::unique_ptr<Connection> lock_connection,
               EngineOptions options)
    : connection_(std::move(connection)),
      lock_connection_(std::move(lock_connection)),
      options_(std::move(options)),
      lock_(std::make_unique<VerifiedLock>(lock_connection_ ? *lock_connection_ : *connection_, options_.lock)) {}

Engine::~Engine() = default;

RunnerLock& Engine::runner_lock() { return *lock_; }

std::string Engine::LockInUse() const { return lock_->in_use(); }

Result<std::unique_ptr<Engine>> Engine::Open(const std::string& url, EngineOptions options) {
  auto driver = FindDriver(url);
  if (!driver.ok()) return driver.status();
  ConnectOptions connect;
  connect.history_table = options.history_table;
  connect.busy_timeout = options.busy_timeout.value_or(options.lock_timeout);
  connect.create_missing = options.create_missing;
  connect.ddl_lock_timeout = options.ddl_lock_timeout;
  connect.statement_timeout = options.statement_timeout;
  connect.lease_ttl = options.lease_ttl;
  auto connection = (*driver)->Connect(url, connect);
  if (!connection.ok()) return connection.status();
  std::unique_ptr<Connection> lock_connection;
  if (!options.lock_url.empty()) {
    auto lock_driver = FindDriver(options.lock_url);
    if (!lock_driver.ok()) return lock_driver.status();
    if (*lock_driver != *driver) {
      return Status(StatusCode::kInvalidArgument, "--lock-url must point to the same kind of database as --url");
    }
    auto opened = (*lock_driver)->Connect(options.lock_url, connect);
    if (!opened.ok()) return opened.status();
    lock_connection = std::move(*opened);
  }
  return std::unique_ptr<Engine>(new Engine(std::move(*connection), std::move(lock_connection), std::move(options)));
}

std::unique_ptr<Engine> Engine::Open(std::unique_ptr<Connection> connection, EngineOptions options) {
  return std::unique_ptr<Engine>(new Engine(std::move(connection), nullptr, std::move(options)));
}

Result<RunReport> Engine::Up(const MigrationSet& set, const UpOptions& options) {
  return PlanAndRun(*connection_, runner_lock(), options_, set, {"up", options.dry_run, UpPlanner(options)});
}

Result<RunReport> Engine::Up(MigrationSet&& set, const UpOptions& options) {
  MigrationSet owned = std::move(set);
  return PlanAndRun(*connection_, runner_lock(), options_, owned,
                    {"up", options.dry_run, UpPlanner(options), /*owned=*/true});
}

Result<RunReport> Engine::Down(const MigrationSet& set, const DownOptions& options) {
  return PlanAndRun(*connection_, runner_lock(), options_, set, {"down", options.dry_run, DownPlanner(options)});
}

Result<RunReport> Engine::Run(const MigrationSet& set, const Version& version, bool dry_run) {
  return PlanAndRun(*connection_, runner_lock(), options_, set, {"run", dry_run, RunPlanner(version)});
}

Result<RunReport> Engine::Revert(const MigrationSet& set, const Version& version, const DownOptions& options) {
  return PlanAndRun(*connection_, runner_lock(), options_, set,
                    {"revert", options.dry_run, RevertPlanner(version, options)});
}

lint::LintOptions Engine::RiskOptions(bool facts) { return LintOptionsFor(*connection_, options_, facts); }

Result<std::string> Engine::LockHolder() { return runner_lock().LockHolder(); }

Status Engine::BreakLock() { return runner_lock().BreakLock(); }

Status Engine::NoBackups() const {
  return Status(StatusCode::kRefused,
                fmt::format("this {} database keeps no backups (a SQLite database in memory has no file to keep them "
                            "beside); take one with the database's own tools before a risky migration",
                            connection_->capabilities().dialect));
}

Result<std::vector<BackupInfo>> Engine::ListBackups() {
  if (!connection_->backups()) return NoBackups();
  return connection_->backups()->List();
}

Result<BackupInfo> Engine::RestoreBackup(const std::string& id) {
  if (!connection_->backups()) return NoBackups();
  LockScope lock(runner_lock());
  STRATA_RETURN_IF_ERROR(lock.Acquire(options_, "backups restore"));
  return connection_->backups()->Restore(id);
}

Result<std::vector<BackupInfo>> Engine::PruneBackups(std::optional<int64_t> older_than, std::optional<int> keep) {
  if (!connection_->backups()) return NoBackups();
  LockScope lock(runner_lock());
  STRATA_RETURN_IF_ERROR(lock.Acquire(options_, "backups prune"));
  auto backups = connection_->backups()->List();
  if (!backups.ok()) return backups.status();
  std::vector<BackupInfo> removed;
  const size_t n = backups->size();
  for (size_t i = 0; i < n; ++i) {
    const BackupInfo& b = (*backups)[i];
    std::optional<int64_t> age = SecondsSince(b.created_at);
    bool old = older_than && age && *age > *older_than;
    bool beyond_keep = keep && n - i > static_cast<size_t>(std::max(*keep, 0));  // oldest first: the first n-keep go
    if (!old && !beyond_keep) continue;
    STRATA_RETURN_IF_ERROR(connection_->backups()->Remove(b.id));
    removed.push_back(b);
  }
  return removed;
}

Result<std::vector<HistoryEvent>> Engine::History(int limit) {
  auto events = connection_->history().Events(limit);
  if (!events.ok()) return BusyReading(runner_lock(), events.status());
  return events;
}

}  // namespace strata
