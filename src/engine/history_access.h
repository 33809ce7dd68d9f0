// How the engine reads the history (checked before anything is decided on it) and creates it.
#pragma once

#include <string>
#include <vector>

#include "strata/driver.h"
#include "strata/engine.h"

namespace strata {

// The history, checked by engine/history_check.h; `with_texts` also reads the stored up and down texts.
Result<std::vector<HistoryRecord>> ReadTrustedHistory(Connection& c, bool with_texts, const EngineOptions& options);

// The history for reading commands (no lock held). A `running` record is either a live runner's work
// in progress or an interruption; only the lock can tell. Briefly taking it settles the question: if it
// is free, the history is read again under it (what is still `running` then was interrupted); if it is
// held, `in_progress_by` names the runner at work.
Result<std::vector<HistoryRecord>> ReadSettledHistory(Connection& c, RunnerLock& lock,
                                                      const EngineOptions& options, std::string* in_progress_by);

// What a reader says when a writer keeps it out (kLockTimeout from a read: SQLite while a migration
// holds the file): who is at work, and that the answer comes once it commits. Other failures pass.
Status BusyReading(RunnerLock& lock, const Status& busy);

// Creates or upgrades the history tables, in a transaction of their own where the database allows.
Status EnsureHistory(Connection& c);

}  // namespace strata
