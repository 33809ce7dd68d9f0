#include "engine/executor.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "engine/batch.h"
#include "strata/code_migration.h"

namespace strata {
namespace {

constexpr size_t kLargeText = 4 << 20;

int64_t MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

// Keep-going: the steps that failed or were not run for a failure, by Version::number: the step ("V name")
// and the failure it stems from.
struct Lost {
  std::string step;
  std::string failure;
};

// Why `step` cannot run after the losses in `lost` (`first`: the first failure); empty when it needs
// none of them.
std::string NeedsLost(const Step& step, const std::map<std::string, Lost>& lost, const std::string& first,
                      std::string& failure) {
  if (step.needs_every_earlier) {
    failure = first;
    return fmt::format("not run: {} failed, and this migration declares no requirements, so it counts as requiring "
                       "every earlier one",
                       first);
  }
  for (const Version& v : step.needs) {
    auto it = lost.find(v.number());
    if (it == lost.end()) continue;
    failure = it->second.failure;
    if (it->second.step == failure) return fmt::format("not run: requires {}, which failed", failure);
    return fmt::format("not run: requires {}, which was not run because {} failed", it->second.step, failure);
  }
  return "";
}

}  // namespace

StepResult Executor::ResultOf(const Step& step, StepOutcome outcome, int64_t duration_ms) {
  StepResult r;
  r.version = step.version.text();
  r.name = step.name;
  r.revert = step.revert;
  r.outcome = outcome;
  r.duration_ms = duration_ms;
  return r;
}

RunMode RunModeOf(bool dry_run, const Capabilities& capabilities) {
  if (!dry_run) return RunMode::kApply;
  return capabilities.transactional_ddl ? RunMode::kRehearse : RunMode::kPreview;
}

Executor::Executor(Connection& connection, const EngineOptions& options, int64_t next_apply_order)
    : connection_(connection),
      options_(options),
      actor_(options.actor.empty() ? DefaultActor() : options.actor),
      next_apply_order_(next_apply_order) {}

RunReport Executor::Run(const Plan& plan, std::vector<Script>& scripts, const std::vector<bool>& lent,
                        RunMode mode) {
  const bool dry_run = mode != RunMode::kApply;
  RunReport report;
  report.dry_run = dry_run;
  report.warnings = plan.warnings;
  const Capabilities capabilities = connection_.capabilities();
  if (!plan.steps.empty() && !capabilities.no_transactions_because.empty()) {
    report.warnings.push_back(capabilities.no_transactions_because +
                              ": no migration can be atomic; one that fails stays half-applied until `strata repair`");
    if (std::any_of(plan.steps.begin(), plan.steps.end(), [](const Step& s) { return IsBatched(s); })) {
      report.warnings.push_back("batches and their checkpoints commit separately here: a run stopped between a batch "
                                "and its checkpoint does that batch again when resumed, so a batched migration must "
                                "be idempotent or filter out what it already did (docs/batched-migrations.md)");
    }
  }
  bool failed = false;  // nothing more runs
  // Keep-going: what failed, or was not run for a failure; only the steps needing one of them are skipped.
  const bool keep_going = plan.keep_going && !dry_run;
  std::map<std::string, Lost> lost;
  std::string first_failure;
  auto lose = [&](const Step& step, const std::string& failure) {
    const std::string name = step.version.text() + " " + step.name;
    lost[step.version.number()] = {name, failure.empty() ? name : failure};
    if (first_failure.empty()) first_failure = name;
  };
  std::string previewed;  // the first step a dry run could only preview, not rehearse
  Batch batch(connection_, report);
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& step = plan.steps[i];
    std::string failure;
    if (std::string why = failed || lost.empty() ? "" : NeedsLost(step, lost, first_failure, failure); !why.empty()) {
      StepResult skipped = ResultOf(step, StepOutcome::kSkipped, 0);
      skipped.note = std::move(why);
      lose(step, failure);
      report.steps.push_back(std::move(skipped));
      continue;
    }
    std::vector<std::string> backed_up;  // what the backup before the step took
    if (!failed && !dry_run) {
      if (Status backup = BackUp(step, scripts[i], batch, backed_up); !backup.ok()) {
        StepResult not_run = ResultOf(step, StepOutcome::kFailed, 0);
        not_run.error = backup;
        not_run.note = "not run: the backup before it failed";
        failed = true;
        if (report.status.ok()) report.status = backup;
        Emit(Progress::Kind::kFailed, step, 0, backup.ToString());
        report.steps.push_back(std::move(not_run));
        continue;
      }
      // A batched step commits batch by batch: what came before it is made durable first.
      Status joined = IsAtomic(step) && !IsBatched(step) ? batch.Join() : batch.End();
      if (!joined.ok()) failed = true;
    }
    if (failed) {
      StepResult skipped = ResultOf(step, StepOutcome::kSkipped, 0);
      skipped.note = "not run: an earlier migration failed";
      report.steps.push_back(std::move(skipped));
      continue;
    }
    if (dry_run && !previewed.empty()) {
      // What a previewed step would have created is missing from the rehearsal: a failure here would be
      // false, and a CI gate on the dry run would block a good change.
      StepResult untested = ResultOf(step, StepOutcome::kUntested, 0);
      untested.note = fmt::format("not tested: it comes after {}, which a dry run cannot rehearse, so what it "
                                  "needs may not exist yet",
                                  previewed);
      report.steps.push_back(std::move(untested));
      continue;
    }
    Emit(Progress::Kind::kStarted, step, 0, "");
    StepResult result = IsBatched(step) ? RunBatchedStep(step, scripts[i], dry_run)
                        : dry_run       ? DryRunStep(step, scripts[i], mode)
                                        : RunStep(step, scripts[i], lent[i], backed_up);
    if (dry_run && result.outcome == StepOutcome::kUntested) previewed = step.version.text() + " " + step.name;
    // A migration that only lacked a table lock was rolled back whole: try again after a pause, so it
    // does not queue the application's traffic behind it while it waits.
    auto pause = std::chrono::milliseconds(250);
    for (int retry = 0; !dry_run && result.outcome == StepOutcome::kFailed && result.error.retryable() &&
                        retry < options_.ddl_lock_retries;
         ++retry, pause *= 2) {
      Emit(Progress::Kind::kRetrying, step, result.duration_ms, result.error.ToString());
      std::this_thread::sleep_for(pause);
      result = RunStep(step, scripts[i], lent[i], backed_up);
    }
    if (result.outcome == StepOutcome::kFailed) {
      // Keep-going passes only a statement the database rejected, rolled back whole: after a lost
      // connection, a half-applied step or a failure of another kind, too much is unknown to go on.
      const bool contained =
          result.error.code() == StatusCode::kMigrationFailed && IsAtomic(step) && !IsBatched(step) &&
          !result.error.connection_lost();
      failed = !keep_going || !contained;
      lose(step, "");
      if (report.status.ok()) report.status = result.error;
      Emit(Progress::Kind::kFailed, step, result.duration_ms, result.error.ToString());
    } else {
      Emit(Progress::Kind::kFinished, step, result.duration_ms, result.note);
    }
    report.steps.push_back(std::move(result));
  }
  (void)batch.End();
  for (const StepResult& skipped : plan.skipped) report.steps.push_back(skipped);
  return report;
}

StepResult Executor::RunStep(const Step& step, Script& script, bool lent, const std::vector<std::string>& backed_up) {
  const EventAction done = step.revert ? EventAction::kRevert : EventAction::kApply;
  const bool atomic = IsAtomic(step);
  bool grouped = false;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> notes = backed_up;
  // The script is lent to this step: its hooks point into this frame, so they are cleared on the way out.
  script.on_note = [&](const std::string& note) { notes.push_back(note); };
  struct Unhook {
    Script& s;
    ~Unhook() { s.on_note = nullptr, s.before_statement = nullptr, s.first_statement = 0; }
  } unhook{script};
  Status status;
  if (atomic) {
    status = connection_.Begin();
    if (status.ok()) status = RunSection(step, script);
  } else {
    // Without transactional DDL a transaction still groups the writes between DDL statements (each
    // commits what came before it), so they share a flush; the driver keeps each statement's progress
    // record durable before the statement. transaction:false commits every statement by itself.
    grouped = step.section().transaction;
    if (grouped) status = connection_.Begin();
    HistoryRecord running = step.revert ? *step.record : SuccessRecord(step, 0);
    // Saved before every statement: without its texts (the success record brings them), so a long
    // script outside a transaction is not copied once per statement.
    if (!step.revert) running.up_text.clear(), running.down_text.reset();
    running.status = MigrationStatus::kRunning;
    running.error = step.revert ? "interrupted while reverting" : "interrupted while applying";
    // SQL records its start with its first statement's; code has no statements to report.
    if (status.ok() && CodeOf(step)) status = connection_.history().Save(running);
    // Outside a transaction a statement that only lacked a lock is resumed at, never the whole script.
    // Each statement's start is recorded first: an interrupted migration then names where it stopped.
    script.before_statement = [&](int index, int line) {
      running.error = fmt::format("interrupted at statement {} ({}:{}) while {}", index + 1, script.path, line,
                                  step.revert ? "reverting" : "applying");
      Status saved = connection_.history().Save(running);
      if (saved.ok()) return saved;
      // Unrecorded, the statement must not run: an interruption would then leave no trace of it.
      return Status(saved.code(), fmt::format("cannot record that statement {} is about to run, so it was not run: "
                                              "{}",
                                              index + 1, saved.message()))
          .set_location({script.path, line, index});
    };
    auto pause = std::chrono::milliseconds(250);
    for (int retry = 0; status.ok(); ++retry, pause *= 2) {
      status = RunSection(step, script);
      if (status.ok() || !status.retryable() || retry >= options_.ddl_lock_retries || !status.location() ||
          status.location()->statement < 0) {
        break;
      }
      Emit(Progress::Kind::kRetrying, step, MillisSince(start), status.ToString());
      std::this_thread::sleep_for(pause);
      script.first_statement = status.location()->statement;
      status = Status::Ok();
    }
  }
  int64_t duration = MillisSince(start);
  // The statements ran: the text is not needed again, and a large one would be one copy too many while
  // the history record is written. A lent text (the up part itself) becomes the record's; any other is
  // let go. A failure from here on is therefore never retried by running the script again.
  const bool ran = status.ok();
  std::string up_text;
  if (ran && lent) up_text = std::move(script.text);
  if (ran) std::string().swap(script.text);
  // What the database's parser took for a large script stays with the allocator unless given back, and
  // would sit beside the history row the database is about to build from the text.
  if (ran && step.section().text.size() + up_text.size() > kLargeText) malloc_trim(0);
  // The success record and its event commit together: in the step's transaction, or in one of their own.
  bool in_transaction = atomic || grouped;
  if (status.ok() && !in_transaction) {
    status = connection_.Begin();
    in_transaction = status.ok();
  }
  if (status.ok()) status = connection_.history().Save(SuccessRecord(step, duration, std::move(up_text)));
  if (status.ok()) status = connection_.history().Append(Event(step, done, duration, ""));
  const bool committing = status.ok();
  if (status.ok()) status = connection_.Commit();
  if (status.ok()) {
    if (!step.revert) ++next_apply_order_;
    StepResult result = ResultOf(step, step.revert ? StepOutcome::kReverted : StepOutcome::kApplied, duration);
    for (const std::string& note : notes) result.note += (result.note.empty() ? "" : "; ") + note;
    return result;
  }
  if (committing && status.connection_lost()) return UnknownOutcome(step, status, duration);

  // An atomic step is undone whole; without transactional DDL the statements before the failure stay.
  if (grouped) {
    (void)connection_.Commit();
  } else if (in_transaction) {
    (void)connection_.Rollback();
  }
  StepResult failed = ResultOf(step, StepOutcome::kFailed, duration);
  failed.error = status;
  if (!atomic || ran) failed.error.set_retryable(false);  // never run twice what stayed, or a text let go
  if (status.connection_lost()) {
    // Nothing can be recorded on a dead connection; the server has rolled back what was in a transaction.
    failed.note = atomic ? "rolled back by the server: the connection was lost"
                         : "the connection was lost: check what of it reached the database, then `strata repair`";
  } else if (Status recorded = RecordFailure(step, status, duration, !atomic); !recorded.ok()) {
    failed.note = "the failure could not be recorded in the history: " + recorded.message();
  } else if (atomic) {
    failed.note = "rolled back: nothing of this migration remains";
  } else {
    failed.note = "ran outside a transaction: it may be half-applied; check, then `strata repair`";
  }
  return failed;
}

Status Executor::BackUp(const Step& step, const Script& script, Batch& batch, std::vector<std::string>& notes) {
  BackupStore* store = connection_.backups();
  if (!store || !options_.backups || CodeOf(step)) return Status::Ok();
  const bool requested = step.migration && step.migration->backup;
  auto targets = store->ObjectsAtRisk(script, step.at_risk, requested);
  if (!targets.ok()) return targets.status();
  if (targets->empty()) return Status::Ok();
  // The copy is of what is committed, taken outside any transaction (SQLite cannot copy a database its
  // own connection is writing): the steps before it are made durable first.
  STRATA_RETURN_IF_ERROR(batch.End());
  auto backups = store->Backup(step.version.text(), step.name, *targets);
  if (!backups.ok()) return backups.status();
  const bool documents = connection_.capabilities().json_commands;
  for (const BackupInfo& b : *backups) {
    std::string what = b.object.empty()              ? "the database"
                       : b.columns.empty()           ? b.object
                                                     : fmt::format("{} ({})", b.object, fmt::join(b.columns, ", "));
    notes.push_back(fmt::format("backed up {} to {} ({} {}; `strata backups restore {}` brings it back)", what, b.id, b.rows,
                                documents ? "documents" : "rows", b.id));
  }
  return Status::Ok();
}

bool Executor::IsAtomic(const Step& step) const {
  return step.section().transaction && connection_.capabilities().transactional_ddl;
}

StepResult Executor::DryRunStep(const Step& step, const Script& script, RunMode mode) {
  StepOutcome would = step.revert ? StepOutcome::kWouldRevert : StepOutcome::kWouldApply;
  if (mode == RunMode::kPreview || !step.section().transaction) {
    StepResult r = ResultOf(step, StepOutcome::kUntested, 0);
    r.note = step.section().transaction ? "not tested: this database cannot roll schema changes back"
                                      : "not tested: it runs outside a transaction (transaction:false)";
    return r;
  }
  auto start = std::chrono::steady_clock::now();
  Status status = RunSection(step, script);
  int64_t duration = MillisSince(start);
  // The history write is rehearsed too: it runs in the same rolled-back transaction.
  if (status.ok()) status = connection_.history().Save(SuccessRecord(step, duration));
  if (status.ok()) {
    if (!step.revert) ++next_apply_order_;
    return ResultOf(step, would, duration);
  }
  StepResult failed = ResultOf(step, StepOutcome::kFailed, duration);
  failed.error = status;
  failed.note = "would fail";
  return failed;
}

const CodeStep* Executor::CodeOf(const Step& step) {
  const CodeStep* code = nullptr;
  if (step.migration) code = step.revert ? &step.migration->down_code : &step.migration->up_code;
  return code && *code ? code : nullptr;
}

Status Executor::RunSection(const Step& step, const Script& script) {
  const CodeStep* code = CodeOf(step);
  if (!code) return connection_.Execute(script);
  Database database(connection_);
  Status status = (*code)(database);
  if (!status.ok() && !status.location()) status.set_location({script.path, 0});
  return status;
}

void Executor::Emit(Progress::Kind kind, const Step& step, int64_t duration_ms, const std::string& detail) {
  if (!options_.on_progress) return;
  options_.on_progress(Progress{kind, step.version.text(), step.name, step.revert, duration_ms, detail});
}

}  // namespace strata
