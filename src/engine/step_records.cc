// What the executor writes to the history for a step: its success record and event, its failure, and
// nothing at all when the connection was lost at the commit.
#include <fmt/format.h>

#include "core/clock.h"
#include "engine/executor.h"
#include "engine/history_record.h"
#include "engine/scopes.h"

namespace strata {

HistoryRecord Executor::SuccessRecord(const Step& step, int64_t duration_ms, std::string up_text) {
  HistoryRecord r;
  if (step.revert) {
    r = *step.record;
    r.status = MigrationStatus::kReverted;
    r.reverted_at = NowUtc();
    r.reverted_by = actor_;
    r.error.clear();
    r.dirty = false;
    return r;
  }
  r = AppliedRecord(*step.migration, actor_, next_apply_order_, step.record ? step.record->version : "");
  r.duration_ms = duration_ms;
  if (!up_text.empty()) r.up_text = std::move(up_text);
  return r;
}

HistoryEvent Executor::Event(const Step& step, EventAction action, int64_t duration_ms, const std::string& error) {
  HistoryEvent e;
  e.version = step.version.text();
  e.name = step.name;
  e.action = action;
  e.at = NowUtc();
  e.by = actor_;
  e.duration_ms = duration_ms;
  e.checksum = step.migration ? step.migration->checksum : (step.record ? step.record->checksum : "");
  e.error = error;
  return e;
}

// The database may have committed before the connection went: only the history can tell, so nothing is
// recorded or assumed here; the next run reads it.
StepResult Executor::UnknownOutcome(const Step& step, const Status& lost, int64_t duration_ms) {
  StepResult result = ResultOf(step, StepOutcome::kFailed, duration_ms);
  result.error = Status(StatusCode::kDatabaseError,
                        fmt::format("lost the connection to the database while committing {} {} ({}), so whether "
                                    "it was {} is unknown here. The history holds the answer: run `strata status`, "
                                    "or `strata up` again, once the database is back",
                                    step.version.text(), step.name, lost.message(), step.revert ? "reverted" : "applied"))
                     .set_connection_lost(true);
  result.note = "outcome unknown: the connection was lost during the commit; the history tells on the next run";
  return result;
}

Status Executor::RecordFailure(const Step& step, const Status& error, int64_t duration_ms, bool dirty) {
  const bool atomic = !dirty;
  std::string message = error.ToString();
  if (!error.database_message().empty() && message.find(error.database_message()) == std::string::npos) {
    message += ": " + error.database_message();
  }
  HistoryRecord record;
  if (step.revert) {
    record = *step.record;  // a rolled-back revert leaves the migration applied
    record.error = message;
    if (dirty) record.status = MigrationStatus::kFailed;
  } else {
    record = SuccessRecord(step, duration_ms);
    record.status = MigrationStatus::kFailed;
    record.applied_at.clear();
    record.error = message;
  }
  record.dirty = dirty;
  TransactionScope tx(connection_);
  if (atomic) STRATA_RETURN_IF_ERROR(tx.Begin());
  STRATA_RETURN_IF_ERROR(connection_.history().Save(record));
  STRATA_RETURN_IF_ERROR(connection_.history().Append(Event(step, EventAction::kFail, duration_ms, message)));
  return atomic ? tx.Commit() : Status::Ok();
}

}  // namespace strata
