// Batched steps: a data migration (Migration::batch) run as many short transactions over consecutive
// ranges of a key, instead of one long one.
//
// States of one step, and what moves it on:
//   start    fresh: the key's range and row count (min, max, count(*)) are read once;
//            resumed (`up`, or for a revert `down`/`revert`, after an interruption): they come from the
//            checkpoint, with the last key done
//   batch    [throttle: wait while replication lag / Threads_running is above its bound]
//            the next upper bound (the key `size` rows on) -> BEGIN -> statement over (last, upper]
//            -> checkpoint + `running` record -> COMMIT -> progress event -> sleep -> batch again
//   done     last == max: BEGIN -> success record + event, checkpoint cleared -> COMMIT
//   failed   a batch that fails (after retries for a lock it waited for) is rolled back. With batches
//            committed before it the step stays `running` with its checkpoint, and `up` (`down` for a
//            revert) resumes after the last committed batch; with none, the failure is recorded as for
//            any atomic step.
// Invariants:
//   1. A batch's changes and the checkpoint that counts them commit in one transaction: whatever stops
//      the run (SIGKILL, a lost connection), the run and its resumption together do each range once.
//   2. The range [min, max] is fixed when the step starts: rows inserted later beyond max are left alone.
//   3. A dry run changes nothing: the first batch runs in a transaction that is rolled back.
//   4. Where the database keeps commits atomic without waiting for the disk (KeyRanges::RelaxCommits:
//      SQLite in WAL mode), the batches' commits do not wait; the success record's commit, with the
//      connection's setting restored, makes them all durable. A power loss before it may lose the last
//      batches whole with their checkpoint (1. holds); a killed process loses nothing.
// What only the database knows (a table's key, where a range ends, running a part over a range, its load
// readings) is asked of its KeyRanges role (strata/key_ranges.h); everything else is decided here.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <thread>

#include "engine/batch_checkpoint.h"
#include "engine/batch_range.h"
#include "engine/executor.h"
#include "lint/analysis.h"
#include "strata/code_migration.h"

namespace strata {
namespace {

using Clock = std::chrono::steady_clock;

int64_t BatchMillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

std::optional<lint::TokenDialect> TokensOf(const std::string& dialect) {
  auto d = lint::ParseDialect(dialect);
  if (!d || *d == lint::Dialect::kMongodb) return std::nullopt;
  return lint::TokenDialectOf(*d);
}

// A batch that waited for a lock (or a deadlock) may succeed when tried again; it was rolled back whole.
bool LockedOut(const Status& s) {
  std::string text = s.message() + " " + s.database_message();
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return s.retryable() || text.find("lock") != std::string::npos;
}

// The batches' commits relaxed (KeyRanges::RelaxCommits) while they run, and the setting restored on
// every way out of the step.
class RelaxedBatchCommits {
 public:
  explicit RelaxedBatchCommits(KeyRanges& ranges) : ranges_(ranges) {}
  ~RelaxedBatchCommits() { (void)Sync(); }
  Status Relax() {
    Status s = ranges_.RelaxCommits();
    relaxed_ = s.ok();
    return s;
  }
  Status Sync() {
    if (!relaxed_) return Status::Ok();
    relaxed_ = false;
    return ranges_.SyncCommits();
  }

 private:
  KeyRanges& ranges_;
  bool relaxed_ = false;
};

}  // namespace

StepResult Executor::RunBatchedStep(const Step& step, const Script& script, bool rehearse) {
  const auto start = Clock::now();
  const BatchSpec& spec = *step.migration->batch;
  const std::string dialect = connection_.capabilities().dialect;
  const Location directive{spec.path, spec.line};
  auto failed = [&](Status error, std::string note) {
    StepResult r = ResultOf(step, StepOutcome::kFailed, BatchMillisSince(start));
    if (!error.location()) error.set_location(directive);
    error.set_retryable(false);  // the step retries its own batches
    r.error = std::move(error);
    r.note = std::move(note);
    return r;
  };
  KeyRanges* ranges = connection_.key_ranges();
  auto tokens = TokensOf(dialect);
  if (!ranges) {
    return failed(Status(StatusCode::kUnsupported,
                         fmt::format("'-- strata:batch' runs a migration over key ranges, and this database ({}) "
                                     "cannot; remove the directive",
                                     dialect)),
                  "not run");
  }
  // Without transactions a batch cannot be rolled back: nothing to rehearse (Executor::Run warns).
  const bool transactions = connection_.capabilities().no_transactions_because.empty();
  if (rehearse && !transactions) {
    StepResult r = ResultOf(step, StepOutcome::kUntested, 0);
    r.note = "not tested: this database has no transactions to roll the first batch back";
    return r;
  }
  if (spec.max_lag.count() > 0 && !ranges->Reports(LoadReading::kReplicationLagMs)) {
    return failed(Status(StatusCode::kInvalidMigration,
                         fmt::format("max-lag waits for replicas' replay lag, which this database ({}) does not "
                                     "report; remove it",
                                     dialect)),
                  "not run");
  }
  if (spec.max_threads_running > 0 && !ranges->Reports(LoadReading::kThreadsRunning)) {
    return failed(Status(StatusCode::kInvalidMigration,
                         fmt::format("max-threads-running waits while the server's running threads are above it, "
                                     "which this database ({}) does not report; remove it",
                                     dialect)),
                  "not run");
  }
  // A code migration's batches are its C++; a file's, its statement with the range added.
  const CodeBatchStep* code = step.revert ? &step.migration->down_batch_code : &step.migration->up_batch_code;
  if (!*code) code = nullptr;
  // A SQL part gets the range from the engine (KeyRange); another language's part, from the database.
  const Section part{script.text, script.path, script.first_line, true};
  std::optional<KeyRange> statement;
  std::string table = spec.table;
  if (!code && tokens) {
    auto read = KeyRange::Read(part, *tokens);
    if (!read.ok()) return failed(read.status(), "not run");
    statement = std::move(*read);
    table = statement->table();
  } else if (!code) {
    auto read = ranges->PartTable(part);
    if (!read.ok()) return failed(read.status(), "not run");
    table = *read;
  }

  std::string key = spec.key;
  if (key.empty()) {
    auto primary = ranges->PrimaryKey(table);
    if (!primary.ok()) return failed(primary.status(), "not run: its table's primary key could not be read");
    if (primary->empty() || !IsPlainName(*primary)) {
      return failed(Status(StatusCode::kInvalidMigration,
                           fmt::format("{} has no single-column primary key to batch by{}; name the key: "
                                       "'-- strata:batch ... key=<column>' (an indexed column with unique values)",
                                       table, primary->empty() ? "" : " that is a plain name")),
                    "not run");
    }
    key = *primary;
  }

  // Where to start: the checkpoint of an interrupted run, or the key's range now.
  BatchCheckpoint cp;
  bool resumed = false;
  const std::string meta_key = BatchMetaKey(step.version.text());
  if (!rehearse && step.record && (step.revert ? HasRevertCheckpoint(*step.record) : HasUpCheckpoint(*step.record))) {
    auto text = connection_.history().Meta(meta_key);
    if (!text.ok()) return failed(text.status(), "not run");
    auto stored = ParseCheckpoint(*text);
    if (!stored.ok()) return failed(stored.status(), "not run");
    if (!*stored || (*stored)->revert != step.revert || (*stored)->table != table || (*stored)->key != key) {
      return failed(Status(StatusCode::kDirty,
                           fmt::format("migration {} {} was interrupted between batches, and its checkpoint is missing "
                                       "or names another table or key; check the table, then `strata repair`",
                                       step.version.text(), step.name)),
                    "not run");
    }
    cp = **stored;
    resumed = true;
  }
  if (!resumed) {
    auto span = ranges->Span(table, key);
    if (!span.ok()) return failed(span.status(), "not run: the key's range could not be read");
    cp.revert = step.revert;
    cp.table = table;
    cp.key = key;
    cp.min = span->min;
    cp.max = span->max;
    cp.rows_total = span->rows;
  }

  HistoryRecord running = step.revert ? *step.record : SuccessRecord(step, 0);
  if (!step.revert) running.up_text.clear(), running.down_text.reset();  // the success record brings them
  running.status = MigrationStatus::kRunning;
  running.dirty = false;
  const bool own_rehearsal = rehearse && !connection_.capabilities().transactional_ddl;
  const int64_t rows_before = cp.rows_done;
  const auto run_start = Clock::now();
  int64_t first_batch_ms = 0;
  int64_t batches_this_run = 0;
  std::vector<int64_t> batch_ms;  // each batch's time, from its BEGIN to its COMMIT
  auto emit = [&](Progress::Kind kind, const std::string& detail) {
    if (!options_.on_progress) return;
    Progress p{kind, step.version.text(), step.name, step.revert, BatchMillisSince(start), detail};
    p.rows_done = cp.rows_done;
    p.rows_total = std::max(cp.rows_total, cp.rows_done);
    const double seconds = BatchMillisSince(run_start) / 1000.0;
    if (seconds > 0 && cp.rows_done > rows_before) {
      p.rows_per_second = (cp.rows_done - rows_before) / seconds;
      p.eta_ms = static_cast<int64_t>((p.rows_total - p.rows_done) / p.rows_per_second * 1000);
    }
    options_.on_progress(p);
  };
  // Holds the next batch back while the database is busier than the directive allows.
  auto throttle = [&]() -> Status {
    for (;;) {
      std::string why;
      if (spec.max_lag.count() > 0) {
        auto ms = ranges->Read(LoadReading::kReplicationLagMs);
        if (!ms.ok()) return ms.status();
        if (*ms > spec.max_lag.count()) why = fmt::format("replication lag {} ms > max-lag {} ms", *ms, spec.max_lag.count());
      }
      if (why.empty() && spec.max_threads_running > 0) {
        auto n = ranges->Read(LoadReading::kThreadsRunning);
        if (!n.ok()) return n.status();
        if (*n > spec.max_threads_running) {
          why = fmt::format("Threads_running {} > max-threads-running {}", *n, spec.max_threads_running);
        }
      }
      if (why.empty()) return Status::Ok();
      emit(Progress::Kind::kBatchWaiting, why);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  };

  RelaxedBatchCommits commits(*ranges);
  if (!rehearse) {
    if (Status relaxed = commits.Relax(); !relaxed.ok()) return failed(relaxed, "not run");
  }
  while (!cp.min.empty() && cp.last != cp.max) {
    if (batches_this_run > 0 && spec.sleep.count() > 0) std::this_thread::sleep_for(spec.sleep);
    if (!rehearse) {
      if (Status waited = throttle(); !waited.ok()) return failed(waited, "stopped: a throttle's query failed");
    }
    const bool first = cp.last.empty();
    const std::string lower = first ? cp.min : cp.last;
    const char* op = first ? ">=" : ">";
    auto next = ranges->NextRange(table, key, lower, first, cp.max, spec.size);
    if (!next.ok()) return failed(next.status(), "stopped: the next batch's bound could not be read");
    const std::string upper = next->upper;
    const int64_t rows = next->rows;
    BatchCheckpoint after = cp;
    after.last = upper;
    after.rows_done += rows;
    after.batches += 1;
    running.error = (step.revert ? kBatchRevertNote : kBatchNote) + after.Describe() +
                    (step.revert ? "; `strata down` resumes after it" : "; `strata up` resumes after it");
    const auto batch_start = Clock::now();
    Status status;
    auto pause = std::chrono::milliseconds(250);
    for (int retry = 0;; ++retry, pause *= 2) {
      const bool transaction = !rehearse || own_rehearsal;
      status = transaction ? connection_.Begin() : Status::Ok();
      if (status.ok() && code) {
        Database database(connection_);
        status = (*code)(database, lower, upper, first);
      } else if (status.ok() && statement) {
        status = ranges->RunRange(statement->Statement(first, key), lower, upper);
      } else if (status.ok()) {
        status = ranges->RunPartRange(part, lower, first, upper);
      }
      if (status.ok() && !rehearse) status = connection_.history().SetMeta(meta_key, ToJson(after));
      if (status.ok() && !rehearse) status = connection_.history().Save(running);
      if (status.ok() && !rehearse) status = connection_.Commit();
      if (status.ok() && own_rehearsal) status = connection_.Rollback();
      if (status.ok()) break;
      if (transaction) (void)connection_.Rollback();
      if (rehearse || status.connection_lost() || !LockedOut(status) || retry >= options_.ddl_lock_retries) break;
      emit(Progress::Kind::kRetrying, status.ToString());
      std::this_thread::sleep_for(pause);
    }
    if (!status.ok()) {
      status = Status(StatusCode::kMigrationFailed,
                      fmt::format("batch {} ({} {} {} and <= {}) failed: {}", after.batches, key, op, lower, upper,
                                  status.message()))
                   .set_database_message(status.database_message())
                   .set_connection_lost(status.connection_lost());
      if (rehearse) return failed(status, "would fail");
      if (cp.batches == 0 && !status.connection_lost()) {
        // Nothing committed: as any atomic step, the failure is recorded and the migration is pending again.
        Status recorded = RecordFailure(step, status, BatchMillisSince(start), /*dirty=*/false);
        const char* undone = transactions ? "rolled back: nothing of this migration remains"
                                          : "not rolled back (no transactions): documents its first batch changed "
                                            "before the failure stay changed";
        return failed(status, recorded.ok() ? undone
                                            : "the failure could not be recorded in the history: " + recorded.message());
      }
      std::string note = fmt::format("stopped after {} committed batches ({}); the batch that failed was {}. "
                                     "Fix the cause, then {}",
                                     cp.batches, cp.Describe(),
                                     transactions ? "rolled back" : "not rolled back (no transactions); resuming runs it again",
                                     step.revert ? "`strata down` (or `strata revert`) resumes after the last one"
                                                 : "`strata up` resumes after the last one");
      if (!status.connection_lost()) {
        HistoryRecord stopped = running;
        stopped.error = (step.revert ? kBatchRevertNote : kBatchNote) + cp.Describe() + "; " + status.message();
        Status saved = connection_.history().Save(stopped);
        if (saved.ok()) saved = connection_.history().Append(Event(step, EventAction::kFail, BatchMillisSince(start), status.message()));
        if (!saved.ok()) note += "; the failure could not be recorded: " + saved.message();
      }
      return failed(status, note);
    }
    batch_ms.push_back(BatchMillisSince(batch_start));
    if (batches_this_run == 0) first_batch_ms = batch_ms.back();
    ++batches_this_run;
    cp = std::move(after);
    emit(Progress::Kind::kBatch, "");
    if (rehearse) break;
  }

  if (rehearse) {
    StepResult r = ResultOf(step, step.revert ? StepOutcome::kWouldRevert : StepOutcome::kWouldApply,
                            BatchMillisSince(start));
    const int64_t batches = cp.rows_total == 0 ? 0 : (cp.rows_total + spec.size - 1) / spec.size;
    const int64_t estimate_ms = batches * first_batch_ms + std::max<int64_t>(0, batches - 1) * spec.sleep.count();
    r.note = fmt::format("batched by {}.{}: {} rows in about {} batches of {}; the first took {} ms and was rolled "
                         "back; about {:.1f} s in all",
                         table, key, cp.rows_total, batches, spec.size, first_batch_ms, estimate_ms / 1000.0);
    return r;
  }
  // Done: the success record, its event and the cleared checkpoint commit together, durably: with the
  // connection's own setting back, this commit makes every batch's durable too.
  if (Status synced = commits.Sync(); !synced.ok()) {
    return failed(synced, "every batch committed, but the connection's commit setting could not be restored; "
                          "`strata up` finishes it");
  }
  // A revert's record keeps the up part's duration; an up's, the time of every run it took.
  const int64_t duration = BatchMillisSince(start) + (resumed && !step.revert ? step.record->duration_ms : 0);
  Status status = connection_.Begin();
  if (status.ok()) status = connection_.history().Save(SuccessRecord(step, duration));
  if (status.ok()) status = connection_.history().Append(Event(step, step.revert ? EventAction::kRevert : EventAction::kApply, duration, ""));
  if (status.ok()) status = connection_.history().SetMeta(meta_key, "");
  const bool committing = status.ok();
  if (status.ok()) status = connection_.Commit();
  if (!status.ok()) {
    if (committing && status.connection_lost()) return UnknownOutcome(step, status, duration);
    (void)connection_.Rollback();
    return failed(status, "every batch committed, but the success record could not be written; `strata up` "
                          "finishes it");
  }
  if (!step.revert) ++next_apply_order_;
  StepResult r = ResultOf(step, step.revert ? StepOutcome::kReverted : StepOutcome::kApplied, duration);
  r.note = fmt::format("batched by {}.{}: {} rows in {} batches{}", table, key, cp.rows_done, cp.batches,
                       resumed ? fmt::format(" (resumed; {} in this run)", batches_this_run) : "");
  if (!batch_ms.empty()) {
    // How long each batch held its locks: what the application's writers may have waited for.
    std::sort(batch_ms.begin(), batch_ms.end());
    auto at = [&](double q) { return batch_ms[std::min(batch_ms.size() - 1, static_cast<size_t>(q * batch_ms.size()))]; };
    r.note += fmt::format("; each batch {} ms median, {} ms p99, {} ms at most", at(0.5), at(0.99), batch_ms.back());
  }
  return r;
}

}  // namespace strata
