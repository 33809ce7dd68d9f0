#include "strata/engine.h"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "core/clock.h"
#include "engine/executor.h"
#include "engine/history_check.h"
#include "engine/history_record.h"
#include "engine/plan.h"
#include "strata/source.h"

namespace strata {
namespace {

// Holds the runner lock for a scope; releases it on every path out.
class LockScope {
 public:
  explicit LockScope(Connection& c) : connection_(c) {}
  ~LockScope() {
    if (held_) (void)connection_.ReleaseLock();
  }
  Status Acquire(const EngineOptions& options, const char* command) {
    char host[256] = {};
    (void)gethostname(host, sizeof(host) - 1);
    std::string holder = fmt::format("strata {} on {} pid {} by {}", command, host, getpid(),
                                     options.actor.empty() ? DefaultActor() : options.actor);
    Status s = connection_.AcquireLock(std::chrono::milliseconds(0), holder);
    if (s.code() == StatusCode::kLockTimeout) {
      if (options.on_progress) {
        Progress p;
        p.kind = Progress::Kind::kLockWaiting;
        p.detail = s.message();
        options.on_progress(p);
      }
      s = connection_.AcquireLock(options.lock_timeout, holder);
    }
    held_ = s.ok();
    return s;
  }

 private:
  Connection& connection_;
  bool held_ = false;
};

// Rolls back an open transaction unless told it was finished.
class TransactionScope {
 public:
  explicit TransactionScope(Connection& c) : connection_(c) {}
  ~TransactionScope() {
    if (open_) (void)connection_.Rollback();
  }
  Status Begin() {
    Status s = connection_.Begin();
    open_ = s.ok();
    return s;
  }
  Status Commit() {
    open_ = false;
    return connection_.Commit();
  }
  Status Rollback() {
    open_ = false;
    return connection_.Rollback();
  }

 private:
  Connection& connection_;
  bool open_ = false;
};

// `lend`: the caller handed the set over, so an up part without placeholders is moved into its script
// rather than copied (Executor::Run gives it to the history record once it ran); `lent[i]` says so.
Result<std::vector<Script>> FillScripts(const Plan& plan, const std::map<std::string, std::string>& variables,
                                        bool lend, std::vector<bool>& lent) {
  std::vector<Script> scripts;
  scripts.reserve(plan.steps.size());
  lent.assign(plan.steps.size(), false);
  for (const Step& step : plan.steps) {
    const Section& section = step.section();
    if (lend && !step.revert && step.file_section && section.text.find("${") == std::string::npos) {
      // The set belongs to this run (Engine::Up(MigrationSet&&)), so its section is not const.
      Section& owned = const_cast<Section&>(section);
      lent[scripts.size()] = true;
      scripts.push_back(Script{std::move(owned.text), section.path, section.first_line});
      continue;
    }
    if (step.migration && step.migration->format == MigrationFormat::kCode) {
      scripts.push_back(Script{step.section().text, step.section().path, step.section().first_line});
      continue;  // the text only describes the code; there is nothing to fill
    }
    const bool json = step.migration && step.migration->format == MigrationFormat::kMongoJson;
    auto text = FillPlaceholders(step.section(), variables, json ? PlaceholderSyntax::kJson : PlaceholderSyntax::kSql);
    if (!text.ok()) {
      Status s = text.status();
      return Status(s.code(), s.message() + "; nothing was applied").set_location(*s.location());
    }
    scripts.push_back(Script{std::move(*text), step.section().path, step.section().first_line});
  }
  return scripts;
}

// The history, checked before anything is decided on it (engine/history_check.h).
Result<std::vector<HistoryRecord>> ReadTrustedHistory(Connection& c, bool with_texts, const EngineOptions& options) {
  auto history = c.ReadHistory(with_texts);
  if (!history.ok()) return history;
  STRATA_RETURN_IF_ERROR(CheckHistory(*history, "history table " + options.history_table));
  return history;
}

// What a reader says when a writer keeps it out (kLockTimeout from a read: SQLite while a migration
// holds the file): who is at work, and that the answer comes once it commits.
Status BusyReading(Connection& lock_connection, const Status& busy) {
  if (busy.code() != StatusCode::kLockTimeout) return busy;
  auto holder = lock_connection.LockHolder();
  return Status(StatusCode::kLockTimeout,
                fmt::format("the history cannot be read now: a migration is in progress ({}) and the database lets "
                            "no one read until it commits; run again when it is done",
                            holder.ok() && !holder->empty() ? *holder : "another connection"))
      .set_database_message(busy.database_message());
}

// Every step's migration must be of the kind the database runs: SQL, or MongoDB's .json commands.
Status CheckFormats(const Plan& plan, const Capabilities& capabilities) {
  for (const Step& step : plan.steps) {
    if (!step.migration || step.migration->format == MigrationFormat::kCode) continue;
    const bool json = step.migration->format == MigrationFormat::kMongoJson;
    if (json == capabilities.json_commands) continue;
    Status s(StatusCode::kInvalidMigration,
             json ? fmt::format("{} is a .json migration of MongoDB commands, and JSON migrations are for MongoDB; "
                                "this database ({}) runs SQL: write it as a .sql file. Nothing was applied",
                                step.migration->paths[0], capabilities.dialect)
                  : fmt::format("{} is an SQL migration, and this database ({}) runs .json migrations of database "
                                "commands; write it as a .json file. Nothing was applied",
                                step.migration->paths[0], capabilities.dialect));
    return s.set_location({step.migration->paths[0], 0});
  }
  return Status::Ok();
}

// Creates or upgrades the history tables in a transaction of their own where the database allows.
Status EnsureHistory(Connection& c) {
  if (!c.capabilities().transactional_ddl) return c.EnsureHistory();
  TransactionScope tx(c);
  STRATA_RETURN_IF_ERROR(tx.Begin());
  STRATA_RETURN_IF_ERROR(c.EnsureHistory());
  return tx.Commit();
}

// The history for reading commands (no lock held). A `running` record is either a live runner's work
// in progress or an interruption; only the lock can tell. Briefly taking it settles the question: if it
// is free, the history is read again under it (what is still `running` then was interrupted); if it is
// held, `in_progress_by` names the runner at work.
Result<std::vector<HistoryRecord>> ReadSettledHistory(Connection& c, Connection& lock_connection,
                                                      const EngineOptions& options, std::string* in_progress_by) {
  auto history = ReadTrustedHistory(c, /*with_texts=*/false, options);
  if (!history.ok()) return history;
  bool running = std::any_of(history->begin(), history->end(),
                             [](const HistoryRecord& r) { return r.status == MigrationStatus::kRunning; });
  if (!running) return history;
  Status got = lock_connection.AcquireLock(std::chrono::milliseconds(0), "strata status check");
  if (got.ok()) {
    history = ReadTrustedHistory(c, /*with_texts=*/false, options);
    (void)lock_connection.ReleaseLock();
    return history;
  }
  if (got.code() != StatusCode::kLockTimeout) return got;
  auto holder = lock_connection.LockHolder();
  *in_progress_by = holder.ok() && !holder->empty() ? *holder : "another strata run";
  return history;
}

// What Validate finds in files and history, and what the database says is left broken.
Result<std::vector<Problem>> ProblemsOf(Connection& c, const Catalog& catalog, const std::string& in_progress_by) {
  std::vector<Problem> problems = Validate(catalog);
  if (!in_progress_by.empty()) {
    std::erase_if(problems, [](const Problem& p) { return p.kind == ProblemKind::kInterrupted; });
  }
  auto broken = c.Inspect();
  if (!broken.ok()) return broken.status();
  for (const std::string& object : *broken) problems.push_back({ProblemKind::kBrokenObject, "", "", object});
  return problems;
}

// Changes history records only (repair, baseline): under the lock, in one transaction where the
// database allows, committed only if `change` succeeds. `check` runs first, before the history tables
// are created, so that a refused command leaves the database as it was.
template <typename T, typename Check, typename Change>
Result<T> ChangeHistory(Connection& c, Connection& lock_connection, const EngineOptions& options, const char* command,
                        const MigrationSet& set, Check&& check, Change&& change) {
  LockScope lock(lock_connection);
  STRATA_RETURN_IF_ERROR(lock.Acquire(options, command));
  // Read under the lock: no other run changes the history until it is released.
  auto history = ReadTrustedHistory(c, /*with_texts=*/true, options);
  if (!history.ok()) return history.status();
  Catalog catalog = Join(set, *history);
  STRATA_RETURN_IF_ERROR(check(catalog));
  STRATA_RETURN_IF_ERROR(EnsureHistory(c));
  TransactionScope tx(c);
  const bool atomic = c.capabilities().transactional_ddl;
  if (atomic) STRATA_RETURN_IF_ERROR(tx.Begin());
  Result<T> result = change(c, catalog);
  if (result.ok() && atomic) STRATA_RETURN_IF_ERROR(tx.Commit());
  return result;
}

using Planner = std::function<Result<Plan>(const Catalog&)>;

// The shape of every change: lock, history, plan, fill, run; a dry run inside a rolled-back transaction.
// `reverting`: the run may need the down parts stored in the history; `up` leaves them unread.
// `owned`: the caller handed the set over (texts may be moved out of it).
Result<RunReport> PlanAndRun(Connection& c, Connection& lock_connection, const EngineOptions& options,
                             const char* command, const MigrationSet& set, bool dry_run, bool reverting,
                             const Planner& planner, bool owned = false) {
  LockScope lock(lock_connection);
  STRATA_RETURN_IF_ERROR(lock.Acquire(options, command));
  // Read (a missing history reads as empty), plan and fill before creating anything: a refused run
  // leaves the database as it was. (A later history layout must upgrade before this read.)
  auto history = ReadTrustedHistory(c, /*with_texts=*/reverting, options);
  if (!history.ok()) return history.status();
  Catalog catalog = Join(set, *history);
  auto plan = planner(catalog);
  if (!plan.ok()) return plan.status();
  STRATA_RETURN_IF_ERROR(CheckFormats(*plan, c.capabilities()));
  std::vector<bool> lent;
  auto scripts = FillScripts(*plan, options.variables, owned && !dry_run, lent);
  if (!scripts.ok()) return scripts.status();
  TransactionScope dry_run_tx(c);
  const bool rehearse = dry_run && c.capabilities().transactional_ddl;
  if (rehearse) {
    STRATA_RETURN_IF_ERROR(dry_run_tx.Begin());
    STRATA_RETURN_IF_ERROR(c.EnsureHistory());
  } else if (!dry_run) {
    STRATA_RETURN_IF_ERROR(EnsureHistory(c));
  }
  Executor executor(c, options, catalog.max_apply_order + 1);
  RunReport report = executor.Run(*plan, *scripts, lent, dry_run);
  if (rehearse) STRATA_RETURN_IF_ERROR(dry_run_tx.Rollback());
  return report;
}

}  // namespace

const char* StepOutcomeName(StepOutcome outcome) {
  switch (outcome) {
    case StepOutcome::kApplied:
      return "applied";
    case StepOutcome::kReverted:
      return "reverted";
    case StepOutcome::kFailed:
      return "failed";
    case StepOutcome::kSkipped:
      return "skipped";
    case StepOutcome::kWouldApply:
      return "would_apply";
    case StepOutcome::kWouldRevert:
      return "would_revert";
    case StepOutcome::kUntested:
      return "untested";
  }
  return "unknown";
}

const char* ProblemKindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kModified:
      return "modified";
    case ProblemKind::kMissing:
      return "missing";
    case ProblemKind::kOutOfOrder:
      return "out_of_order";
    case ProblemKind::kFailed:
      return "failed";
    case ProblemKind::kInterrupted:
      return "interrupted";
    case ProblemKind::kBrokenObject:
      return "broken_object";
  }
  return "unknown";
}

int RunReport::Count(StepOutcome outcome) const {
  int n = 0;
  for (const StepResult& s : steps) n += s.outcome == outcome;
  return n;
}

std::string DefaultActor() {
  const char* user = std::getenv("USER");
  if (!user || !*user) user = std::getenv("LOGNAME");
  std::string name = user && *user ? user : "";
  if (name.empty()) {
    if (const passwd* pw = getpwuid(geteuid())) name = pw->pw_name;
  }
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return host[0] ? fmt::format("{}@{}", name.empty() ? "unknown" : name, host) : name;
}

Engine::Engine(std::unique_ptr<Connection> connection, std::unique_ptr<Connection> lock_connection,
               EngineOptions options)
    : connection_(std::move(connection)), lock_connection_(std::move(lock_connection)), options_(std::move(options)) {}

Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Open(const std::string& url, EngineOptions options) {
  auto driver = FindDriver(url);
  if (!driver.ok()) return driver.status();
  ConnectOptions connect;
  connect.history_table = options.history_table;
  connect.busy_timeout = options.busy_timeout.value_or(options.lock_timeout);
  connect.create_missing = options.create_missing;
  connect.ddl_lock_timeout = options.ddl_lock_timeout;
  connect.statement_timeout = options.statement_timeout;
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
  return PlanAndRun(*connection_, lock_connection(), options_, "up", set, options.dry_run, false,
                    [&](const Catalog& catalog) { return PlanUp(catalog, options); });
}

Result<RunReport> Engine::Up(MigrationSet&& set, const UpOptions& options) {
  MigrationSet owned = std::move(set);
  return PlanAndRun(
      *connection_, lock_connection(), options_, "up", owned, options.dry_run, false,
      [&](const Catalog& catalog) { return PlanUp(catalog, options); }, /*owned=*/true);
}

Result<RunReport> Engine::Down(const MigrationSet& set, const DownOptions& options) {
  return PlanAndRun(*connection_, lock_connection(), options_, "down", set, options.dry_run, true,
                    [&](const Catalog& catalog) { return PlanDown(catalog, options); });
}

Result<RunReport> Engine::Run(const MigrationSet& set, const Version& version, bool dry_run) {
  return PlanAndRun(*connection_, lock_connection(), options_, "run", set, dry_run, false,
                    [&](const Catalog& catalog) { return PlanRun(catalog, version); });
}

Result<RunReport> Engine::Revert(const MigrationSet& set, const Version& version, const DownOptions& options) {
  return PlanAndRun(*connection_, lock_connection(), options_, "revert", set, options.dry_run, true,
                    [&](const Catalog& catalog) { return PlanRevert(catalog, version, options); });
}

Result<StatusReport> Engine::GetStatus(const MigrationSet& set) {
  StatusReport report;
  auto history = ReadSettledHistory(*connection_, lock_connection(), options_, &report.in_progress_by);
  if (!history.ok() && history.status().code() == StatusCode::kLockTimeout) {
    // A writer keeps everyone out until it commits (SQLite outside WAL mode): say who, list the files,
    // and let the caller answer now instead of after the migration.
    auto holder = lock_connection().LockHolder();
    report.in_progress_by = holder.ok() && !holder->empty() ? *holder : "another connection";
    report.unreadable = BusyReading(lock_connection(), history.status()).message();
    for (const Migration& m : set.migrations) {
      MigrationState state;
      state.version = m.version.text();
      state.name = m.name;
      state.status = "unknown";
      state.checksum = m.checksum;
      state.path = m.paths[0];
      report.migrations.push_back(std::move(state));
    }
    report.total = static_cast<int>(set.migrations.size());
    return report;
  }
  if (!history.ok()) return history.status();
  Catalog catalog = Join(set, *history);
  if (catalog.newest_applied) report.current_version = catalog.newest_applied->text();
  for (const CatalogEntry& e : catalog.entries) {
    MigrationState s;
    s.version = e.version.text();
    s.name = e.migration ? e.migration->name : e.record->name;
    s.status = e.record ? MigrationStatusName(e.record->status) : "pending";
    if (e.record && e.record->status == MigrationStatus::kReverted) s.status = "reverted";
    s.checksum = e.migration ? e.migration->checksum : e.record->checksum;
    s.path = e.migration ? e.migration->paths[0] : "";
    if (e.record) {
      s.applied_at = e.record->applied_at;
      s.applied_by = e.record->applied_by;
      s.duration_ms = e.record->duration_ms;
      s.error = e.record->error;
      s.dirty = e.record->dirty;
    }
    s.modified = e.applied() && e.modified();
    s.forgotten = e.record && e.record->category == kForgottenCategory;
    s.missing = e.record && !e.migration && !s.forgotten;
    report.migrations.push_back(std::move(s));
    ++report.total;
    if (!e.record) {
      ++report.pending;
    } else {
      switch (e.record->status) {
        case MigrationStatus::kApplied:
          ++report.applied;
          break;
        case MigrationStatus::kFailed:
          ++report.failed;
          break;
        case MigrationStatus::kReverted:
          ++report.reverted;
          break;
        case MigrationStatus::kRunning:
          ++report.running;
          break;
      }
    }
  }
  auto problems = ProblemsOf(*connection_, catalog, report.in_progress_by);
  if (!problems.ok()) return problems.status();
  report.problems = std::move(*problems);
  return report;
}

Result<std::vector<Problem>> Engine::Validate(const MigrationSet& set) {
  std::string in_progress_by;
  auto history = ReadSettledHistory(*connection_, lock_connection(), options_, &in_progress_by);
  if (!history.ok()) return BusyReading(lock_connection(), history.status());
  return ProblemsOf(*connection_, Join(set, *history), in_progress_by);
}

Result<std::string> Engine::LockHolder() { return lock_connection().LockHolder(); }

Status Engine::BreakLock() { return lock_connection().BreakLock(); }

Result<std::vector<BackupInfo>> Engine::ListBackups() { return connection_->ListBackups(); }

Result<BackupInfo> Engine::RestoreBackup(const std::string& id) {
  LockScope lock(lock_connection());
  STRATA_RETURN_IF_ERROR(lock.Acquire(options_, "backups restore"));
  return connection_->RestoreBackup(id);
}

Result<std::vector<HistoryEvent>> Engine::History(int limit) {
  auto events = connection_->ReadEvents(limit);
  if (!events.ok()) return BusyReading(lock_connection(), events.status());
  return events;
}

Result<StoredMigration> Engine::Show(const MigrationSet& set, const Version& version) {
  auto history = ReadTrustedHistory(*connection_, /*with_texts=*/true, options_);
  if (!history.ok()) return BusyReading(lock_connection(), history.status());
  Catalog catalog = Join(set, *history);
  STRATA_RETURN_IF_ERROR(CheckKnownVersion(catalog, version, "version"));
  for (const CatalogEntry& e : catalog.entries) {
    if (!(e.version == version)) continue;
    StoredMigration shown;
    shown.version = e.version.text();
    shown.name = e.migration ? e.migration->name : e.record->name;
    shown.status = e.record ? MigrationStatusName(e.record->status) : "pending";
    if (e.record) shown.record = *e.record;
    shown.migration = e.migration;
    return shown;
  }
  return Status(StatusCode::kInvalidArgument, "no such version");  // CheckKnownVersion ruled this out
}

Result<RepairReport> Engine::Repair(const MigrationSet& set, const RepairOptions& options) {
  return ChangeHistory<RepairReport>(
      *connection_, lock_connection(), options_, "repair", set,
      [&](const Catalog& catalog) -> Status {
        for (const Version& version : options.forget) {
          STRATA_RETURN_IF_ERROR(CheckKnownVersion(catalog, version, "--forget"));
        }
        return Status::Ok();
      },
      [&](Connection& c, Catalog& catalog) -> Result<RepairReport> {
        const std::string actor = options_.actor.empty() ? DefaultActor() : options_.actor;
        RepairReport report;
        auto event_for = [&](const HistoryRecord& r, std::string what) {
          return HistoryEvent{0, r.version, r.name, EventAction::kRepair, NowUtc(), actor, 0, r.checksum, std::move(what)};
        };
        if (!options.forget.empty()) {
          // Only what was named: each must be an applied migration whose file is gone.
          for (const Version& version : options.forget) {
            const CatalogEntry* e = nullptr;
            for (const CatalogEntry& entry : catalog.entries) {
              if (entry.version == version) e = &entry;
            }
            if (e->migration || !e->applied()) {
              return Status(StatusCode::kInvalidArgument,
                            fmt::format("--forget {}: only an applied migration whose file was deleted can be "
                                        "forgotten, and {}; nothing was changed",
                                        version.text(),
                                        e->migration ? "its file " + e->migration->paths[0] + " is there"
                                                     : std::string("it is ") + MigrationStatusName(e->record->status)));
            }
            if (e->record->category == kForgottenCategory) continue;
            HistoryRecord forgotten = *e->record;
            forgotten.category = kForgottenCategory;
            STRATA_RETURN_IF_ERROR(c.SaveRecord(forgotten));
            std::string what = "forgotten: its file was deleted on purpose; its changes stay in the database and it "
                               "will not run again";
            STRATA_RETURN_IF_ERROR(c.AppendEvent(event_for(forgotten, what)));
            report.cleared.push_back(fmt::format("{} {}: {}", forgotten.version, forgotten.name, what));
          }
          return report;
        }
        for (const CatalogEntry& e : catalog.entries) {
          if (!e.record) continue;
          const HistoryRecord& r = *e.record;
          bool unsettled = r.status == MigrationStatus::kRunning || r.status == MigrationStatus::kFailed;
          if (unsettled && options.mark_applied) {
            if (!e.migration) {
              return Status(
                  StatusCode::kInvalidArgument,
                  fmt::format("cannot mark {} {} applied: its file is missing; restore it first", r.version, r.name));
            }
            HistoryRecord applied = AppliedRecord(*e.migration, actor, ++catalog.max_apply_order, r.version);
            STRATA_RETURN_IF_ERROR(c.SaveRecord(applied));
            HistoryEvent event = event_for(applied, fmt::format("marked applied (was {})", MigrationStatusName(r.status)));
            report.cleared.push_back(fmt::format("{} {}: {}", r.version, r.name, event.error));
            STRATA_RETURN_IF_ERROR(c.AppendEvent(event));
          } else if (unsettled) {
            STRATA_RETURN_IF_ERROR(c.DeleteRecord(r.version));
            HistoryEvent event = event_for(r, fmt::format("forgotten (was {}); pending again", MigrationStatusName(r.status)));
            report.cleared.push_back(fmt::format("{} {}: {}", r.version, r.name, event.error));
            STRATA_RETURN_IF_ERROR(c.AppendEvent(event));
          } else if (e.applied() && e.modified()) {
            HistoryRecord realigned = RealignedRecord(r, *e.migration);
            STRATA_RETURN_IF_ERROR(c.SaveRecord(realigned));
            STRATA_RETURN_IF_ERROR(c.AppendEvent(event_for(realigned, fmt::format("checksum realigned from {}", r.checksum))));
            report.realigned.push_back(fmt::format("{} {}: {} -> {}", r.version, r.name, r.checksum.substr(0, 19),
                                                   realigned.checksum.substr(0, 19)));
          }
        }
        return report;
      });
}

Result<RunReport> Engine::Baseline(const MigrationSet& set, const Version& version) {
  return ChangeHistory<RunReport>(
      *connection_, lock_connection(), options_, "baseline", set,
      [&](const Catalog& catalog) { return CheckKnownVersion(catalog, version, "baseline"); },
      [&](Connection& c, Catalog& catalog) -> Result<RunReport> {
        const std::string actor = options_.actor.empty() ? DefaultActor() : options_.actor;
        RunReport report;
        for (const CatalogEntry& e : catalog.entries) {
          if (version < e.version) break;
          if (!e.migration || e.applied()) continue;
          if (e.blocked()) {
            return Status(StatusCode::kDirty, fmt::format("migration {} {} is unsettled; run `strata repair` first",
                                                          e.version.text(), e.migration->name));
          }
          HistoryRecord r =
              AppliedRecord(*e.migration, actor, ++catalog.max_apply_order, e.record ? e.record->version : "");
          STRATA_RETURN_IF_ERROR(c.SaveRecord(r));
          STRATA_RETURN_IF_ERROR(
              c.AppendEvent({0, r.version, r.name, EventAction::kBaseline, r.applied_at, actor, 0, r.checksum, ""}));
          StepResult step;
          step.version = e.version.text();
          step.name = r.name;
          step.outcome = StepOutcome::kApplied;
          step.note = "baseline: recorded as applied, not run";
          report.steps.push_back(std::move(step));
        }
        return report;
      });
}

}  // namespace strata
