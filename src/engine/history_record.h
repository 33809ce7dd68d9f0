// A history record built from a migration: the one place that decides what the history keeps of a
// file or a code migration, so that `up`, `baseline` and `repair` record the same thing.
#pragma once

#include <cstdint>
#include <string>

#include "strata/history.h"
#include "strata/migration.h"

namespace strata {

// The record of `migration` applied now by `actor`. Its key is `stored_version` when the history
// already holds the version under another spelling ("10" for the file 010_a.sql), so a version never
// gets two rows. A code migration's down cannot be stored (it is C++): the record has none and says
// "code", so that a revert without the code registered is refused, never run as a comment.
HistoryRecord AppliedRecord(const Migration& migration, const std::string& actor, int64_t apply_order,
                            const std::string& stored_version = "");

// `record` with the file's checksum and texts taken from `migration`, all else kept (repair).
HistoryRecord RealignedRecord(const HistoryRecord& record, const Migration& migration);

// Category of records whose file was removed on purpose (`strata repair --forget`): kept, so the
// migration never runs again, and not reported missing.
inline constexpr const char* kForgottenCategory = "forgotten";
inline constexpr const char* kCodeCategory = "code";

}  // namespace strata
