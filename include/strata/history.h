// History: what the database remembers of the migrations applied to it.
//
// Two parts, both kept by the driver in the target database:
//  - one HistoryRecord per migration version ever applied (its latest state, with the up and down text
//    as applied, so a revert works when the file is gone);
//  - an append-only log of HistoryEvents (every apply, revert, failure, baseline and repair, with who,
//    when, how long and the error): the audit trail `strata history` prints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace strata {

enum class MigrationStatus {
  kApplied,
  kFailed,    // the last attempt failed; see `dirty` for whether it left partial changes
  kReverted,
  kRunning,   // started outside a transaction and never finished: interrupted, needs `repair`
};

const char* MigrationStatusName(MigrationStatus status);
std::optional<MigrationStatus> ParseMigrationStatus(const std::string& text);

struct HistoryRecord {
  std::string version;  // as written in the file name
  std::string name;
  std::string checksum;  // "<algorithm>:<hex>", e.g. "sha256:9f86…"
  MigrationStatus status = MigrationStatus::kApplied;
  std::string applied_at;  // ISO 8601 UTC; empty when never applied
  std::string applied_by;
  std::string reverted_at;
  std::string reverted_by;
  int64_t duration_ms = 0;
  std::string error;  // the last failure's message; empty if none
  // True when a failure or interruption may have left part of the migration in the database (it ran
  // outside a transaction). The engine refuses to go on until `repair`.
  bool dirty = false;
  int64_t apply_order = 0;  // increases with each apply; `down` reverts the highest first
  std::string up_text;
  std::optional<std::string> down_text;  // absent: irreversible (always for code migrations)
  bool down_transaction = true;
  std::string category;  // "code" for C++ code migrations; empty for files
};

// kImport: recorded from another tool's history (`strata import`), not run by strata.
enum class EventAction { kApply, kRevert, kFail, kBaseline, kRepair, kImport };

const char* EventActionName(EventAction action);
std::optional<EventAction> ParseEventAction(const std::string& text);

struct HistoryEvent {
  int64_t id = 0;  // assigned by the driver
  std::string version;
  std::string name;
  EventAction action = EventAction::kApply;
  std::string at;
  std::string by;
  int64_t duration_ms = 0;
  std::string checksum;
  std::string error;
};

}  // namespace strata
