// Executor: runs a plan's steps against a connection and records each in the history.
//
// Before a step whose part may destroy data (the risk analysis's data-loss findings, or what the file asks
// for), the open batch is ended and the connection's BackupStore copies what is at risk.
// Per step (apply or revert), on a database with transactional DDL and a section that allows it:
//   BEGIN -> statements -> history record + event -> COMMIT
//   any failure -> ROLLBACK, then in a new transaction: the failure's record + event
// Otherwise (transaction:false, or no transactional DDL), with each statement committed at once:
//   record `running` at each statement -> statements -> record `applied`/`reverted` + event (together)
//   any failure -> record `failed`, dirty + event; an interruption leaves `running`
// Consecutive atomic steps form a batch that is flushed to disk once, at its end (see
// Session::BeginBatch): each step stays atomic, and the run reports success only once it is durable.
// Invariants:
//   1. A step's statements and its success record commit together, or (non-transactional) the record
//      says `running` for as long as the statements may be half done.
//   2. After the first failed step no further step runs; they are reported skipped. Except with
//      Plan::keep_going outside dry runs: then only the steps that need a failed step (Step::needs,
//      Step::needs_every_earlier), or a step skipped for one, are skipped, each naming the failure. Only
//      a step whose statement the database rejected, rolled back whole, is passed so; any other failure
//      (a failed backup, a lost connection, a half-applied step, a failed batch commit) still stops
//      the run.
//   3. In a rehearsal (the caller holds an outer transaction it will roll back) nothing is committed;
//      steps that cannot run inside that transaction are reported untested, not run. A preview runs
//      nothing: every step is reported untested.
#pragma once

#include <string>
#include <vector>

#include "engine/batch.h"
#include "engine/plan.h"
#include "strata/driver.h"
#include "strata/engine.h"

namespace strata {

// How a run treats its steps, decided once per run (RunModeOf):
//   kApply     run and record each step;
//   kRehearse  a dry run inside one transaction the caller rolls back: each step that can run in it runs;
//   kPreview   a dry run on a database whose DDL cannot be rolled back: nothing runs.
enum class RunMode { kApply, kRehearse, kPreview };
RunMode RunModeOf(bool dry_run, const Capabilities& capabilities);

class Executor {
 public:
  // REQUIRES: the runner lock is held; `next_apply_order` exceeds every recorded apply_order.
  Executor(Connection& connection, const EngineOptions& options, int64_t next_apply_order);

  // `scripts[i]` is `plan.steps[i]` with its placeholders filled. A step's text is released once its
  // statements have run, or with `lent[i]` (the text is the up part itself, moved out of the set)
  // moved into its history record: the run holds each large text once.
  RunReport Run(const Plan& plan, std::vector<Script>& scripts, const std::vector<bool>& lent, RunMode mode);

 private:
  static StepResult ResultOf(const Step& step, StepOutcome outcome, int64_t duration_ms);
  // `backed_up`: notes of the backup taken before it, for its result.
  StepResult RunStep(const Step& step, Script& script, bool lent, const std::vector<std::string>& backed_up);
  // Copies what the step may destroy (BackupStore::ObjectsAtRisk) before it runs, after ending the open
  // batch; says so in `notes`.
  Status BackUp(const Step& step, const Script& script, Batch& batch, std::vector<std::string>& notes);
  // Runs in one transaction with its history record: the section allows it and the database can.
  bool IsAtomic(const Step& step) const;
  StepResult DryRunStep(const Step& step, const Script& script, RunMode mode);
  // A code migration's C++ for this step; nullptr for SQL.
  static const CodeStep* CodeOf(const Step& step);
  // The step's statements, or its C++ code for a code migration.
  Status RunSection(const Step& step, const Script& script);
  // `up_text`: the up part moved out of a lent script; empty to copy the migration's.
  HistoryRecord SuccessRecord(const Step& step, int64_t duration_ms, std::string up_text = "");
  HistoryEvent Event(const Step& step, EventAction action, int64_t duration_ms, const std::string& error);
  Status RecordFailure(const Step& step, const Status& error, int64_t duration_ms, bool dirty);
  // A step whose commit lost the connection: applied or not, only the history knows.
  static StepResult UnknownOutcome(const Step& step, const Status& lost, int64_t duration_ms);
  void Emit(Progress::Kind kind, const Step& step, int64_t duration_ms, const std::string& detail);
  // A batched step (Migration::batch), in committed batches over its key (engine/batched_step.cc).
  // `rehearse`: run the first batch only, in a transaction rolled back after, and estimate the rest.
  StepResult RunBatchedStep(const Step& step, const Script& script, bool rehearse);
  static bool IsBatched(const Step& step) { return step.migration && step.migration->batch && !step.stored_section; }

  Connection& connection_;
  const EngineOptions& options_;
  std::string actor_;
  int64_t next_apply_order_;
};

}  // namespace strata
