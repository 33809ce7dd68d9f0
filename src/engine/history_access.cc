#include "engine/history_access.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/history_check.h"
#include "engine/scopes.h"

namespace strata {

Result<std::vector<HistoryRecord>> ReadTrustedHistory(Connection& c, bool with_texts, const EngineOptions& options) {
  auto history = c.history().Read(with_texts);
  if (!history.ok()) return history;
  STRATA_RETURN_IF_ERROR(CheckHistory(*history, "history table " + options.history_table));
  return history;
}

Result<std::vector<HistoryRecord>> ReadSettledHistory(Connection& c, RunnerLock& lock,
                                                      const EngineOptions& options, std::string* in_progress_by) {
  auto history = ReadTrustedHistory(c, /*with_texts=*/false, options);
  if (!history.ok()) return history;
  bool running = std::any_of(history->begin(), history->end(),
                             [](const HistoryRecord& r) { return r.status == MigrationStatus::kRunning; });
  if (!running) return history;
  Status got = lock.AcquireLock(std::chrono::milliseconds(0), "strata status check");
  if (got.ok()) {
    history = ReadTrustedHistory(c, /*with_texts=*/false, options);
    (void)lock.ReleaseLock();
    return history;
  }
  if (got.code() != StatusCode::kLockTimeout) return got;
  auto holder = lock.LockHolder();
  *in_progress_by = holder.ok() && !holder->empty() ? *holder : "another strata run";
  return history;
}

Status BusyReading(RunnerLock& lock, const Status& busy) {
  if (busy.code() != StatusCode::kLockTimeout) return busy;
  auto holder = lock.LockHolder();
  return Status(StatusCode::kLockTimeout,
                fmt::format("the history cannot be read now: a migration is in progress ({}) and the database lets "
                            "no one read until it commits; run again when it is done",
                            holder.ok() && !holder->empty() ? *holder : "another connection"))
      .set_database_message(busy.database_message());
}

Status EnsureHistory(Connection& c) {
  if (!c.capabilities().transactional_ddl) return c.history().Ensure();
  TransactionScope tx(c);
  STRATA_RETURN_IF_ERROR(tx.Begin());
  STRATA_RETURN_IF_ERROR(c.history().Ensure());
  return tx.Commit();
}

}  // namespace strata
